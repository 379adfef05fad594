"""Working days count Monday to Friday after the day of submission."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from convene.agenda.workdays import add_working_days, median, working_days_between

FRIDAY = datetime.date(2026, 3, 6)
SATURDAY = datetime.date(2026, 3, 7)
MONDAY = datetime.date(2026, 3, 9)


def test_the_first_working_day_after_a_friday_is_the_monday():
    assert add_working_days(FRIDAY, 1) == MONDAY


def test_twenty_working_days_are_four_weeks():
    assert add_working_days(MONDAY, 20) == MONDAY + datetime.timedelta(weeks=4)


def test_a_weekend_submission_starts_counting_on_monday():
    assert add_working_days(SATURDAY, 1) == MONDAY
    assert working_days_between(SATURDAY, MONDAY) == 1


def test_a_response_on_the_day_of_submission_took_no_working_days():
    assert working_days_between(FRIDAY, FRIDAY) == 0
    assert working_days_between(FRIDAY, SATURDAY) == 0
    assert working_days_between(FRIDAY, MONDAY) == 1


@given(st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1)), st.integers(0, 200))
def test_counting_back_the_added_days_gives_the_same_number(start, days):
    assert working_days_between(start, add_working_days(start, days)) == days


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median([1, 9, 3, 5]) == 4
    assert median([7]) == 7
    assert median([]) is None

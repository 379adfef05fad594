"""Working days, Monday to Friday: response targets and how long a response took.

No Django here, so the rule can be tested alone. Public holidays are not
known to Convene and count as working days.

The rule: the day a contribution is submitted does not count. Its target is
the N-th working day after that day; a response on the same day took 0
working days, and one on the next working day took 1. A submission on a
Saturday or Sunday starts counting on the Monday.
"""

from __future__ import annotations

import datetime

SATURDAY = 5


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (`start` itself when days is 0)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start`, up to and including `end`; 0 if `end` is not later."""
    if end <= start:
        return 0
    whole_weeks, extra = divmod((end - start).days, 7)
    count = whole_weeks * 5
    for offset in range(1, extra + 1):
        if is_working_day(start + datetime.timedelta(days=whole_weeks * 7 + offset)):
            count += 1
    return count


def median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2

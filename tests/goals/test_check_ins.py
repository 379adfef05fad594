"""Monthly check-ins: one per goal and month, edited rather than repeated, on active goals only."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from convene.audit.models import AuditEvent
from convene.goals import services
from convene.goals.models import CheckIn
from convene.goals.services import GoalError
from tests.goals.builders import make_check_in, make_goal

NOVEMBER = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)
DECEMBER = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)


@time_machine.travel(NOVEMBER, tick=False)
def test_owner_checks_in_for_this_month_from_the_goal_page(people, as_member):
    goal = make_goal(people.member)
    url = reverse("goals:goal_detail", args=[goal.pk])
    assert "Not checked in yet this month" in as_member.get(url).text
    response = as_member.post(
        reverse("goals:check_in_create", args=[goal.pk]),
        {"rating": "4", "note": "Chaired the **Leeds** meeting."},
    )
    check_in = CheckIn.objects.get()
    assert response.status_code == 302 and response["Location"] == check_in.get_absolute_url()
    assert check_in.month == datetime.date(2026, 11, 1) and check_in.rating == 4
    assert check_in.note_html == "<p>Chaired the <strong>Leeds</strong> meeting.</p>\n"
    page = as_member.get(url).text
    assert "You checked in for November" in page and "4/5 Strong progress" in page
    assert AuditEvent.objects.filter(action="goal.checked_in").count() == 1


@time_machine.travel(NOVEMBER, tick=False)
def test_second_check_in_in_the_same_month_is_refused_clearly(people, as_member):
    goal = make_goal(people.member)
    make_check_in(goal, rating=2, note="First")
    with pytest.raises(GoalError, match="already checked in for November 2026"):
        make_check_in(goal, rating=5, note="Second")
    response = as_member.post(
        reverse("goals:check_in_create", args=[goal.pk]), {"rating": "5", "note": "Second"}
    )
    assert response.status_code == 200
    assert "You have already checked in for November 2026; change that check-in instead." in (
        response.text
    )
    assert list(CheckIn.objects.values_list("rating", "note")) == [(2, "First")]


@time_machine.travel(NOVEMBER, tick=False)
def test_owner_changes_this_months_check_in_instead(people, as_member):
    goal = make_goal(people.member)
    check_in = make_check_in(goal, rating=2)
    url = reverse("goals:check_in_edit", args=[goal.pk, check_in.pk])
    assert 'value="2"' in as_member.get(url).text
    response = as_member.post(url, {"rating": "3", "note": "Better than I said."})
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert check_in.rating == 3 and check_in.note_html == "<p>Better than I said.</p>\n"
    assert CheckIn.objects.count() == 1


def test_a_new_month_takes_a_new_check_in_and_the_timeline_is_newest_first(people, as_member):
    with time_machine.travel(NOVEMBER, tick=False):
        goal = make_goal(people.member)
        make_check_in(goal, rating=2, note="November note")
    with time_machine.travel(DECEMBER, tick=False):
        make_check_in(goal, rating=4, note="December note")
        page = as_member.get(reverse("goals:goal_detail", args=[goal.pk])).text
    months = list(CheckIn.objects.values_list("month", flat=True))
    assert months == [datetime.date(2026, 12, 1), datetime.date(2026, 11, 1)]
    assert page.index("December 2026") < page.index("November 2026")
    assert page.index("December note") < page.index("November note")


def test_a_missed_earlier_month_may_be_checked_in_but_not_a_month_to_come(people):
    with time_machine.travel(NOVEMBER, tick=False):
        goal = make_goal(people.member)
    with time_machine.travel(DECEMBER, tick=False):
        late = make_check_in(goal, month=datetime.date(2026, 11, 20))
        assert late.month == datetime.date(2026, 11, 1)
        with pytest.raises(GoalError, match="not on months to come"):
            make_check_in(goal, month=datetime.date(2027, 1, 1))
        with pytest.raises(GoalError, match="set after October 2026"):
            make_check_in(goal, month=datetime.date(2026, 10, 1))


def test_only_the_owner_checks_in(circle, api_as):
    goal = make_goal(circle.owner, shared=True)
    with pytest.raises(GoalError, match="Only the goal's owner can check in"):
        services.record_check_in(actor=circle.peer, goal=goal, rating=3)
    response = api_as(circle.peer).post(
        f"/api/v1/goals/{goal.pk}/check-ins", {"rating": 3}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Only the goal's owner can check in on it."
    assert not CheckIn.objects.exists()


def test_a_goal_achieved_or_set_aside_takes_no_check_ins(people, as_member):
    goal = make_goal(people.member)
    services.change_status(actor=people.member, goal=goal, status="set_aside")
    with pytest.raises(GoalError, match="This goal is set aside; take it up again"):
        make_check_in(goal)
    page = as_member.get(reverse("goals:goal_detail", args=[goal.pk])).text
    assert "takes no check-ins" in page
    assert not CheckIn.objects.exists()


def test_the_database_refuses_a_second_check_in_for_the_same_month(people):
    goal = make_goal(people.member)
    month = datetime.date(2026, 11, 1)
    CheckIn.objects.create(goal=goal, month=month, rating=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(goal=goal, month=month, rating=4)


@pytest.mark.parametrize("rating", [0, 6])
def test_the_database_refuses_a_rating_outside_one_to_five(people, rating):
    goal = make_goal(people.member)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(goal=goal, month=datetime.date(2026, 11, 1), rating=rating)


def test_the_database_refuses_a_month_not_named_by_its_first_day(people):
    goal = make_goal(people.member)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(goal=goal, month=datetime.date(2026, 11, 2), rating=3)

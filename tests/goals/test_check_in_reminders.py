"""The daily `remind_check_ins` command: once a month for each active goal still unchecked."""

from __future__ import annotations

import datetime
from io import StringIO

import time_machine
from django.core.management import call_command

from convene.goals import services
from convene.notifications.models import Notification
from tests.goals.builders import make_check_in, make_goal

OCTOBER = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=datetime.UTC)
NOVEMBER_1 = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC)


def remind() -> str:
    out = StringIO()
    call_command("remind_check_ins", stdout=out)
    return out.getvalue()


def reminders():
    return Notification.objects.filter(kind=Notification.Kind.GOAL)


def test_running_daily_reminds_each_goal_once_a_month(people):
    with time_machine.travel(OCTOBER, tick=False):
        goal = make_goal(people.member, title="Delegate the rota")
    with time_machine.travel(NOVEMBER_1, tick=False) as traveller:
        assert remind() == "Sent 1 check-in reminder for November 2026.\n"
        for _day in range(5):
            traveller.shift(datetime.timedelta(days=1))
            assert remind() == "Sent 0 check-in reminders for November 2026.\n"
    notice = reminders().get()
    assert notice.recipient == people.member and notice.actor is None
    assert notice.key == f"checkin-reminder:{goal.pk}:2026-11"
    assert notice.url == goal.get_absolute_url()
    assert notice.message == "Time for your November check-in on “Delegate the rota”"
    with time_machine.travel(NOVEMBER_1 + datetime.timedelta(days=31), tick=False):
        remind()
    assert list(reminders().values_list("key", flat=True)) == [
        f"checkin-reminder:{goal.pk}:2026-12",
        f"checkin-reminder:{goal.pk}:2026-11",
    ]


def test_goals_checked_in_this_month_are_not_reminded(people):
    with time_machine.travel(OCTOBER, tick=False):
        goal = make_goal(people.member)
    with time_machine.travel(NOVEMBER_1, tick=False):
        make_check_in(goal)
        assert remind().startswith("Sent 0")
    assert not reminders().exists()


def test_goals_achieved_or_set_aside_are_not_reminded(people):
    with time_machine.travel(OCTOBER, tick=False):
        achieved, set_aside = make_goal(people.member), make_goal(people.member)
        services.change_status(actor=people.member, goal=achieved, status="achieved")
        services.change_status(actor=people.member, goal=set_aside, status="set_aside")
    with time_machine.travel(NOVEMBER_1, tick=False):
        remind()
    assert not reminders().exists()


def test_a_goal_set_in_the_last_week_is_not_reminded_yet(people):
    with time_machine.travel(NOVEMBER_1 - datetime.timedelta(days=3), tick=False):
        make_goal(people.member)
    with time_machine.travel(NOVEMBER_1, tick=False):
        remind()
    assert not reminders().exists()
    with time_machine.travel(NOVEMBER_1 + datetime.timedelta(days=5), tick=False):
        remind()
    assert reminders().count() == 1


def test_people_who_have_left_are_not_reminded(people):
    with time_machine.travel(OCTOBER, tick=False):
        make_goal(people.member)
    people.member.is_active = False
    people.member.save(update_fields=["is_active"])
    with time_machine.travel(NOVEMBER_1, tick=False):
        remind()
    assert not reminders().exists()


def test_each_goal_gets_its_own_reminder(people):
    with time_machine.travel(OCTOBER, tick=False):
        make_goal(people.member)
        make_goal(people.member)
        make_goal(people.outsider)
    with time_machine.travel(NOVEMBER_1, tick=False):
        assert remind() == "Sent 3 check-in reminders for November 2026.\n"
    assert reminders().filter(recipient=people.member).count() == 2

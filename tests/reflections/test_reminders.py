"""The daily `remind_reflections` command: once per set point, until the prompts are answered."""

from __future__ import annotations

import datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.urls import reverse

from convene.communities.models import Membership
from convene.notifications.models import Notification
from convene.reflections.prompts import CHANGED_PRACTICE, COMMUNITY_MEANING, GIVE_AND_TAKE
from convene.reflections.services import due_reflections
from tests.factories import make_community
from tests.reflections.builders import make_reflection

JOINED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


def day(days: int, hours: int = 0) -> datetime.datetime:
    return JOINED + datetime.timedelta(days=days, hours=hours)


def remind() -> str:
    out = StringIO()
    call_command("remind_reflections", stdout=out)
    return out.getvalue()


def reminders(user):
    return Notification.objects.filter(kind=Notification.Kind.REFLECTION, recipient=user)


def join(people, name: str = "Joiners"):
    with time_machine.travel(JOINED, tick=False):
        return make_community(name, members=[people.member])


def test_joining_is_reminded_once_however_often_the_command_runs(people):
    community = join(people)
    with time_machine.travel(day(1), tick=False) as traveller:
        assert remind() == "Sent 1 reflection reminder.\n"
        for _ in range(5):
            traveller.shift(datetime.timedelta(days=1))
            assert remind() == "Sent 0 reflection reminders.\n"
    notice = reminders(people.member).get()
    assert notice.message == "Time to reflect: on joining in Joiners"
    assert notice.url == reverse("reflections:journal")
    assert notice.community == community and notice.actor is None
    assert notice.key == f"reflection-due:{community.pk}:joining:20260105090000"


def test_each_set_point_is_reminded_in_its_turn(people):
    community = join(people)
    for days in (1, 2, 92, 93, 366, 367):
        with time_machine.travel(day(days), tick=False):
            remind()
    keys = sorted(reminders(people.member).values_list("key", flat=True))
    points = [key.split(":")[2] for key in keys]
    assert points == ["joining", "one-year", "three-months"]
    assert all(key.startswith(f"reflection-due:{community.pk}:") for key in keys)


def test_answering_every_prompt_of_a_point_means_no_reminder(people):
    community = join(people)
    with time_machine.travel(day(0, hours=2), tick=False):
        make_reflection(people.member, community=community)
        make_reflection(people.member, prompt=GIVE_AND_TAKE.key, community=community)
    with time_machine.travel(day(1), tick=False):
        assert remind() == "Sent 0 reflection reminders.\n"
        assert due_reflections(people.member) == []


def test_an_answer_from_before_a_point_does_not_count_for_it(people):
    community = join(people)
    with time_machine.travel(day(1), tick=False):
        make_reflection(people.member, community=community)
    with time_machine.travel(day(92), tick=False):
        due = due_reflections(people.member)
        assert [(item.set_point.key, item.prompt) for item in due] == [
            ("three-months", COMMUNITY_MEANING),
            ("three-months", due[1].prompt),
        ]
        assert remind() == "Sent 1 reflection reminder.\n"
        make_reflection(people.member, community=community)
        assert [item.prompt for item in due_reflections(people.member)] == [due[1].prompt]


def test_answers_about_another_community_do_not_count(people):
    join(people)
    other = join(people, "Elsewhere")
    with time_machine.travel(day(0, hours=1), tick=False):
        make_reflection(people.member, community=other)
        make_reflection(people.member, prompt=GIVE_AND_TAKE.key, community=other)
    with time_machine.travel(day(1), tick=False):
        assert [item.community.name for item in due_reflections(people.member)] == [
            "Joiners",
            "Joiners",
        ]


def test_a_point_long_past_shows_in_the_journal_but_is_not_sent(people):
    join(people)
    with time_machine.travel(day(200), tick=False):
        assert remind() == "Sent 0 reflection reminders.\n"
        assert {item.set_point.key for item in due_reflections(people.member)} == {"three-months"}
    with time_machine.travel(day(370), tick=False):
        assert remind() == "Sent 1 reflection reminder.\n"
        assert CHANGED_PRACTICE in [item.prompt for item in due_reflections(people.member)]


def test_people_who_left_are_not_reminded(people):
    community = join(people)
    Membership.objects.filter(community=community).update(left_at=day(0, 1), end_reason="left")
    with time_machine.travel(day(1), tick=False):
        assert remind() == "Sent 0 reflection reminders.\n"
        assert due_reflections(people.member) == []


def test_deactivated_people_are_not_reminded(people):
    join(people)
    people.member.is_active = False
    people.member.save(update_fields=["is_active"])
    with time_machine.travel(day(1), tick=False):
        assert remind() == "Sent 0 reflection reminders.\n"


def test_a_change_of_role_does_not_restart_the_set_points(people):
    community = join(people)
    with time_machine.travel(day(1), tick=False):
        remind()
    first = Membership.objects.get(community=community, user=people.member)
    first.left_at, first.end_reason = day(60), Membership.EndReason.ROLE_CHANGED
    first.save()
    Membership.objects.create(
        community=community, user=people.member, role="co_convenor", joined_at=day(60)
    )
    with time_machine.travel(day(61), tick=False):
        assert remind() == "Sent 0 reflection reminders.\n"
    with time_machine.travel(day(92), tick=False):
        assert remind() == "Sent 1 reflection reminder.\n"
        (point,) = {item.set_point.key for item in due_reflections(people.member)}
        assert point == "three-months"


def test_rejoining_starts_the_set_points_again(people):
    community = join(people)
    with time_machine.travel(day(1), tick=False):
        remind()
    Membership.objects.filter(community=community).update(left_at=day(10), end_reason="left")
    Membership.objects.create(community=community, user=people.member, joined_at=day(20))
    with time_machine.travel(day(21), tick=False):
        assert remind() == "Sent 1 reflection reminder.\n"
    assert reminders(people.member).count() == 2

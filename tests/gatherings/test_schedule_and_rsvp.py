"""Scheduling, changing and cancelling gatherings, and answering them, within the rules."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from convene.audit.models import AuditEvent
from convene.communities.models import Membership
from convene.gatherings import formats, services, tasks
from convene.gatherings.models import Gathering, Rsvp
from convene.gatherings.services import GatheringError
from convene.notifications.models import Notification
from tests.factories import make_person
from tests.gatherings.conftest import DAY, HOUR, answer, make_gathering, schedule

pytestmark = pytest.mark.django_db


def test_a_new_gathering_takes_its_formats_timed_agenda(people):
    gathering = schedule(people.open_community, people.convenor)
    assert [step["title"] for step in gathering.agenda] == [
        step.title for step in formats.TROIKA_CONSULTING.steps
    ]
    assert gathering.agenda_minutes == formats.TROIKA_CONSULTING.minutes == 31
    first, second = gathering.timed_agenda()[:2]
    assert first.ends == second.starts == gathering.local_starts_at + datetime.timedelta(minutes=1)


@time_machine.travel(datetime.datetime(2030, 6, 1, tzinfo=datetime.UTC), tick=False)
def test_wall_clock_times_are_read_in_the_gatherings_zone(people):
    local = datetime.datetime(2031, 7, 1, 18, 0)
    gathering = schedule(
        people.open_community,
        people.convenor,
        starts_at=local,
        ends_at=local + HOUR,
        time_zone="America/New_York",
    )
    assert gathering.starts_at == datetime.datetime(2031, 7, 1, 22, 0, tzinfo=datetime.UTC)
    assert gathering.local_starts_at.hour == 18


def test_members_hear_about_a_new_gathering(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        gathering = schedule(people.open_community, people.convenor)
    told = Notification.objects.filter(
        kind=Notification.Kind.GATHERING, url__contains=str(gathering.pk)
    )
    assert list(told.values_list("recipient", flat=True)) == [people.member.pk]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": "before"}, "must end after it starts"),
        ({"time_zone": "Mars/Olympus"}, "is not a time zone"),
        ({"title": "  "}, "Give the gathering a title"),
        ({"format": "unconference"}, "Choose one of the facilitation formats"),
        ({"capacity": 0}, "Capacity is at least 1"),
        ({"online_link": "javascript:alert(1)"}, "web address starting with https://"),
        ({"online_link": "data:text/html,<script>x</script>"}, "web address"),
        ({"online_link": "ftp://files.example.org/call"}, "web address"),
        ({"title": "Troika\nwinter"}, "one line"),
        ({"title": "Troika\twinter"}, "one line"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_saved(people, changes, message):
    if changes.get("ends_at") == "before":
        changes["ends_at"] = datetime.datetime(2030, 1, 1, 9, 0, tzinfo=datetime.UTC)
        changes["starts_at"] = changes["ends_at"] + HOUR
    with pytest.raises(GatheringError, match=message):
        schedule(people.open_community, people.convenor, **changes)
    assert not Gathering.objects.exists()


def test_a_gathering_in_the_past_cannot_be_scheduled(people):
    with pytest.raises(GatheringError, match="starts in the future"):
        schedule(
            people.open_community,
            people.convenor,
            starts_at=datetime.datetime(2020, 1, 1, 9, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2020, 1, 1, 10, tzinfo=datetime.UTC),
        )


def test_members_cannot_schedule(people):
    with pytest.raises(GatheringError, match="Only the community's convenors"):
        schedule(people.open_community, people.member)


def test_the_facilitator_must_be_a_member(people):
    with pytest.raises(GatheringError, match="not a member"):
        schedule(people.open_community, people.convenor, facilitator=people.outsider)


def test_a_change_a_calendar_must_show_bumps_the_sequence(people, upcoming):
    services.update_gathering(actor=people.convenor, gathering=upcoming, place="Room 4")
    upcoming.refresh_from_db()
    assert upcoming.sequence == 1 and upcoming.place == "Room 4"
    services.update_gathering(actor=people.convenor, gathering=upcoming, capacity=10)
    upcoming.refresh_from_db()
    assert upcoming.sequence == 1


def test_cancelling_bumps_the_sequence_and_tells_those_coming(
    people, upcoming, django_capture_on_commit_callbacks
):
    answer(upcoming, people.member)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_gathering(actor=people.convenor, gathering=upcoming)
    upcoming.refresh_from_db()
    assert upcoming.is_cancelled and upcoming.sequence == 1
    assert Notification.objects.filter(
        recipient=people.member, key=f"gathering-cancelled:{upcoming.pk}"
    ).exists()
    assert AuditEvent.objects.filter(action="gatherings.cancelled").exists()


def test_answering_again_changes_the_answer_and_the_count(people, upcoming):
    answer(upcoming, people.member, "yes")
    answer(upcoming, people.member, "yes")
    upcoming.refresh_from_db()
    assert upcoming.yes_count == 1
    answer(upcoming, people.member, "maybe")
    upcoming.refresh_from_db()
    assert upcoming.yes_count == 0
    assert Rsvp.objects.get(gathering=upcoming, user=people.member).answer == "maybe"


def test_a_full_gathering_refuses_another_yes_clearly_and_changes_nothing(people):
    gathering = schedule(people.open_community, people.convenor, capacity=1)
    answer(gathering, people.convenor)
    with pytest.raises(GatheringError, match="full: all 1 places are taken"):
        answer(gathering, people.member)
    gathering.refresh_from_db()
    assert gathering.yes_count == 1
    assert not Rsvp.objects.filter(user=people.member).exists()
    answer(gathering, people.member, "maybe")
    answer(gathering, people.convenor, "no")
    answer(gathering, people.member, "yes")


def test_capacity_cannot_drop_below_those_coming(people):
    gathering = schedule(people.open_community, people.convenor, capacity=3)
    answer(gathering, people.convenor)
    answer(gathering, people.member)
    with pytest.raises(GatheringError, match="2 people have said they will come"):
        services.update_gathering(actor=people.convenor, gathering=gathering, capacity=1)


@pytest.mark.parametrize(
    ("state", "message"),
    [("past", "already started"), ("cancelled", "cancelled")],
)
def test_answers_to_past_or_cancelled_gatherings_are_refused(people, state, message):
    gathering = make_gathering(people.open_community, starts_in=-DAY)
    if state == "cancelled":
        gathering = make_gathering(people.open_community, status=Gathering.Status.CANCELLED)
    with pytest.raises(GatheringError, match=message):
        answer(gathering, people.member)
    assert not Rsvp.objects.exists()


def test_only_members_answer(people, upcoming):
    with pytest.raises(GatheringError, match="Join the community"):
        answer(upcoming, make_person("Not Joined"))


def test_a_bad_answer_is_refused(people, upcoming):
    with pytest.raises(GatheringError, match="Answer yes, maybe or no"):
        answer(upcoming, people.member, "perhaps")


@pytest.mark.parametrize(
    "changes", [{"online_link": "javascript:alert(1)"}, {"title": "Two\r\nlines"}]
)
def test_a_change_is_held_to_the_same_rules(people, upcoming, changes):
    with pytest.raises(GatheringError):
        services.update_gathering(actor=people.convenor, gathering=upcoming, **changes)
    upcoming.refresh_from_db()
    assert upcoming.online_link == "" and upcoming.title == "Troika on winter pressures"


def test_a_web_link_is_kept(people):
    gathering = schedule(
        people.open_community, people.convenor, online_link=" https://meet.example.org/abc "
    )
    assert gathering.online_link == "https://meet.example.org/abc"


def test_telling_members_twice_tells_each_once(people, upcoming):
    tasks.announce_gathering.enqueue(str(upcoming.pk))
    tasks.announce_gathering.enqueue(str(upcoming.pk))
    services.cancel_gathering(actor=people.convenor, gathering=upcoming)
    answer_row = Rsvp.objects.create(gathering=upcoming, user=people.member, answer="yes")
    tasks.announce_cancellation.enqueue(str(upcoming.pk))
    tasks.announce_cancellation.enqueue(str(upcoming.pk))
    told = Notification.objects.filter(recipient=answer_row.user)
    assert sorted(told.values_list("key", flat=True)) == [
        f"gathering-cancelled:{upcoming.pk}",
        f"gathering-scheduled:{upcoming.pk}",
    ]


@time_machine.travel(datetime.datetime(2027, 3, 1, tzinfo=datetime.UTC), tick=False)
def test_a_time_skipped_when_the_clocks_go_forward_is_refused(people):
    gap = datetime.datetime(2027, 3, 28, 1, 30)
    with pytest.raises(GatheringError, match="does not exist in Europe/London"):
        schedule(people.open_community, people.convenor, starts_at=gap, ends_at=gap + HOUR)
    assert not Gathering.objects.exists()


@pytest.mark.parametrize("zone", ["localtime", "Europe/../Europe/London", "posixrules", ""])
def test_only_named_time_zones_are_taken(people, zone):
    with pytest.raises(GatheringError, match="is not a time zone"):
        schedule(people.open_community, people.convenor, time_zone=zone)


def test_a_gathering_more_than_two_years_ahead_is_refused(people):
    far = timezone.now() + datetime.timedelta(days=800)
    with pytest.raises(GatheringError, match="two years ahead"):
        schedule(people.open_community, people.convenor, starts_at=far, ends_at=far + HOUR)


def test_an_agenda_must_fit_the_gathering_and_its_step_limit(people):
    with pytest.raises(GatheringError, match="longer than the gathering"):
        schedule(people.open_community, people.convenor, agenda=[{"minutes": 61, "title": "Talk"}])
    many = [{"minutes": 1, "title": f"Step {n}"} for n in range(41)]
    with pytest.raises(GatheringError, match="40 steps"):
        schedule(people.open_community, people.convenor, agenda=many)
    assert not Gathering.objects.exists()


def test_a_gathering_cannot_be_moved_into_the_past(people, upcoming):
    past = timezone.now() - DAY
    with pytest.raises(GatheringError, match="in the past"):
        services.update_gathering(
            actor=people.convenor, gathering=upcoming, starts_at=past, ends_at=past + HOUR
        )


def test_a_facilitator_who_left_does_not_block_other_changes(people):
    gathering = schedule(people.open_community, people.convenor, facilitator=people.member)
    Membership.objects.filter(user=people.member).update(left_at=timezone.now())
    services.update_gathering(actor=people.convenor, gathering=gathering, place="Room 9")
    gathering.refresh_from_db()
    assert gathering.place == "Room 9" and gathering.facilitator == people.member
    with pytest.raises(GatheringError, match="not a member"):
        services.update_gathering(
            actor=people.convenor, gathering=gathering, facilitator=people.executive
        )


@pytest.mark.parametrize("change", ["facilitator", "format"])
def test_a_new_facilitator_or_format_changes_the_description_so_bumps_the_sequence(
    people, upcoming, change
):
    value = people.member if change == "facilitator" else "open_discussion"
    services.update_gathering(actor=people.convenor, gathering=upcoming, **{change: value})
    upcoming.refresh_from_db()
    assert upcoming.sequence == 1

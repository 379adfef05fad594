"""After a gathering attendees say what they will apply; weeks later Convene asks how it went."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from convene.communities.models import Membership
from convene.gatherings import services
from convene.gatherings.models import Intention, Rsvp
from convene.gatherings.services import GatheringError
from convene.notifications.models import Notification
from tests.factories import make_person
from tests.gatherings.conftest import DAY, attended, make_gathering

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(people):
    gathering = make_gathering(people.open_community, starts_in=-2 * DAY)
    attended(gathering, people.member, people.convenor)
    return gathering


def test_the_follow_up_defaults_to_four_weeks_after_the_gathering(people, held):
    intention = services.record_intention(
        actor=people.member, gathering=held, text="Ask one more question before advising."
    )
    assert intention.follow_up_on == held.local_ends_at.date() + datetime.timedelta(weeks=4)
    again = services.record_intention(
        actor=people.member, gathering=held, text="Ask two more questions.", follow_up_weeks=2
    )
    assert again.pk == intention.pk and Intention.objects.count() == 1
    assert again.follow_up_on == held.local_ends_at.date() + datetime.timedelta(weeks=2)


@pytest.mark.parametrize(
    ("weeks", "text", "message"),
    [(1, "Try it", "two to six weeks"), (7, "Try it", "two to six weeks"), (4, "  ", "Say what")],
)
def test_bad_intentions_are_refused(people, held, weeks, text, message):
    with pytest.raises(GatheringError, match=message):
        services.record_intention(
            actor=people.member, gathering=held, text=text, follow_up_weeks=weeks
        )
    assert not Intention.objects.exists()


def test_only_those_who_attended_say_what_they_will_apply(people, held):
    absent = make_person("Absent Member")
    people.open_community.memberships.create(user=absent)
    with pytest.raises(GatheringError, match="who attended"):
        services.record_intention(actor=absent, gathering=held, text="Something")
    with pytest.raises(GatheringError, match="who attended"):
        services.record_intention(actor=people.outsider, gathering=held, text="Something")


def test_not_before_the_gathering(people):
    ahead = make_gathering(people.open_community)
    with pytest.raises(GatheringError, match="once the gathering has started"):
        services.record_intention(actor=people.member, gathering=ahead, text="Something")


def test_the_reminder_asks_once_and_only_when_due(people, held):
    intention = services.record_intention(
        actor=people.member, gathering=held, text="Hold a Troika with my own team."
    )
    assert services.remind_follow_ups(today=intention.follow_up_on - DAY) == 0
    assert services.remind_follow_ups(today=intention.follow_up_on) == 1
    assert services.remind_follow_ups(today=intention.follow_up_on) == 0
    assert services.remind_follow_ups(today=intention.follow_up_on + 3 * DAY) == 0
    [told] = Notification.objects.filter(recipient=people.member, key__startswith="apply-follow")
    assert told.url == intention.get_absolute_url()


def test_the_command_is_idempotent_and_skips_recorded_outcomes(people, held, capsys):
    mine = services.record_intention(actor=people.member, gathering=held, text="Try it")
    done = services.record_intention(actor=people.convenor, gathering=held, text="Try it too")
    services.record_outcome(actor=people.convenor, intention=done, outcome="It went well.")
    Intention.objects.update(follow_up_on=datetime.date(2000, 1, 1))
    call_command("remind_apply_follow_ups")
    call_command("remind_apply_follow_ups")
    assert "Sent 1 follow-up reminder" in capsys.readouterr().out
    assert Notification.objects.filter(key__startswith="apply-follow").count() == 1
    mine.refresh_from_db()
    assert mine.reminded_at is not None


def test_the_outcome_is_the_authors_alone(people, held):
    intention = services.record_intention(actor=people.member, gathering=held, text="Try it")
    with pytest.raises(GatheringError, match="Only its author"):
        services.record_outcome(actor=people.convenor, intention=intention, outcome="Hm")
    with pytest.raises(GatheringError, match="Say what happened"):
        services.record_outcome(actor=people.member, intention=intention, outcome=" ")
    services.record_outcome(actor=people.member, intention=intention, outcome="It worked.")
    intention.refresh_from_db()
    assert intention.outcome == "It worked." and intention.outcome_recorded_at is not None


def test_before_attendance_is_recorded_only_a_yes_answer_stands_in_for_it(people):
    started = make_gathering(people.open_community, starts_in=-DAY)
    Rsvp.objects.create(gathering=started, user=people.member, answer="yes")
    Rsvp.objects.create(gathering=started, user=people.convenor, answer="maybe")
    services.record_intention(actor=people.member, gathering=started, text="Try it")
    with pytest.raises(GatheringError, match="who attended"):
        services.record_intention(actor=people.convenor, gathering=started, text="Try it")
    silent = make_person("Silent Member")
    people.open_community.memberships.create(user=silent)
    with pytest.raises(GatheringError, match="who attended"):
        services.record_intention(actor=silent, gathering=started, text="Try it")
    assert list(Intention.objects.values_list("user", flat=True)) == [people.member.pk]


def test_not_more_than_six_weeks_after_the_gathering(people):
    long_ago = make_gathering(people.open_community, starts_in=-50 * DAY)
    attended(long_ago, people.member)
    with pytest.raises(GatheringError, match="within six weeks"):
        services.record_intention(actor=people.member, gathering=long_ago, text="Try it")


def test_someone_who_left_the_community_is_not_reminded(people, held):
    intention = services.record_intention(actor=people.member, gathering=held, text="Try it")
    Membership.objects.filter(user=people.member).update(left_at=timezone.now())
    assert services.remind_follow_ups(today=intention.follow_up_on) == 0
    assert not Notification.objects.filter(recipient=people.member).exists()

"""Schedules open pulses every six months and on joining; reminders go out once; thresholds."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from convene.communities.models import Membership
from convene.communities.services import join_community
from convene.lib.dates import add_months
from convene.notifications.models import Notification
from convene.surveys import services
from convene.surveys.models import AnonymitySettings, Cadence, Instrument, Survey
from convene.surveys.services import SurveyError
from tests.factories import make_person
from tests.surveys.conftest import good_answers

TODAY = timezone.localdate()


def _six_monthly(people, **fields):
    return services.create_schedule(
        actor=people.admin,
        title="Self-efficacy pulse",
        instrument=Instrument.SELF_EFFICACY,
        next_run_on=TODAY,
        **fields,
    )


def test_a_due_schedule_opens_a_pulse_in_every_community_and_moves_on_six_months(people):
    schedule = _six_monthly(people)
    now = timezone.now()
    assert services.run_schedules(TODAY, now) == {"opened": 2, "closed": 0, "unlinked": 0}
    surveys = Survey.objects.filter(schedule=schedule)
    assert {s.community for s in surveys} == {people.open_community, people.private_community}
    assert all(s.status == Survey.Status.OPEN for s in surveys)
    assert all(s.closes_at == now + datetime.timedelta(days=21) for s in surveys)
    schedule.refresh_from_db()
    assert schedule.next_run_on == add_months(TODAY, 6)


def test_running_again_the_same_day_opens_nothing_more(people):
    _six_monthly(people)
    services.run_schedules(TODAY)
    assert services.run_schedules(TODAY) == {"opened": 0, "closed": 0, "unlinked": 0}
    call_command("run_survey_schedules", verbosity=0)
    assert Survey.objects.count() == 2


def test_a_schedule_for_one_community_opens_only_there(people):
    _six_monthly(people, community=people.private_community)
    services.run_schedules(TODAY)
    assert list(Survey.objects.values_list("community", flat=True)) == [people.private_community.pk]


def test_a_paused_schedule_does_not_run(people):
    schedule = _six_monthly(people)
    services.pause_schedule(actor=people.admin, schedule=schedule)
    assert services.run_schedules(TODAY)["opened"] == 0


def test_surveys_past_their_closing_time_are_closed(people):
    _six_monthly(people)
    now = timezone.now()
    services.run_schedules(TODAY, now)
    later = now + datetime.timedelta(days=22)
    assert services.run_schedules(TODAY, later)["closed"] == 2
    assert not Survey.objects.filter(status=Survey.Status.OPEN).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"instrument": Instrument.CUSTOM}, "built-in pulses"),
        ({"open_days": 0}, "between 1 and 365"),
        ({"reminder_days": 0}, "between 1 and 60"),
        ({"next_run_on": None}, "date of the first run"),
        ({"title": ""}, "Give the title"),
        (
            {"instrument": Instrument.EXECUTIVE_PERCEPTION, "cadence": Cadence.ON_JOINING},
            "Only pulses for members",
        ),
    ],
)
def test_a_bad_schedule_is_refused(people, fields, message):
    values = {
        "title": "Pulse",
        "instrument": Instrument.SELF_EFFICACY,
        "next_run_on": TODAY,
        **fields,
    }
    with pytest.raises(SurveyError, match=message):
        services.create_schedule(actor=people.admin, **values)


def test_only_administrators_schedule(people):
    with pytest.raises(SurveyError, match="Only an administrator"):
        _six_monthly(type("P", (), {"admin": people.convenor})())


def _on_joining(people):
    return services.create_schedule(
        actor=people.admin,
        title="Welcome pulse",
        instrument=Instrument.SELF_EFFICACY,
        cadence=Cadence.ON_JOINING,
    )


def test_joining_a_community_adds_an_invitation_to_its_standing_pulse(people):
    _on_joining(people)
    first, second = make_person("First Joiner"), make_person("Second Joiner")
    for person in (first, second):
        membership = Membership.objects.create(community=people.open_community, user=person)
        assert services.invite_on_joining(membership) == 1
    standing = Survey.objects.get()
    assert standing.community == people.open_community
    assert standing.closes_at is None and standing.status == Survey.Status.OPEN
    assert set(standing.invitations.values_list("person", flat=True)) == {first.pk, second.pk}
    services.respond(survey=standing, actor=first, answers=_all_fours(standing))


def test_joining_through_the_community_pages_is_what_asks_the_newcomer(people):
    _on_joining(people)
    newcomer = make_person("Newcomer")
    join_community(actor=newcomer, community=people.open_community)
    standing = Survey.objects.get()
    assert list(standing.invitations.values_list("person", flat=True)) == [newcomer.pk]


def test_the_daily_run_rewrites_a_standing_surveys_responses_and_keeps_their_answers(people):
    _on_joining(people)
    newcomers = [make_person(f"Newcomer {n}") for n in range(3)]
    for person in newcomers:
        join_community(actor=person, community=people.open_community)
    standing = Survey.objects.get()
    for person in newcomers:
        services.respond(survey=standing, actor=person, answers=_all_fours(standing))
    before = set(standing.responses.values_list("pk", flat=True))
    ratings = Counter(standing.responses.values_list("answers__rating", flat=True))

    assert services.run_schedules(TODAY)["unlinked"] == 1
    assert before.isdisjoint(standing.responses.values_list("pk", flat=True))
    assert Counter(standing.responses.values_list("answers__rating", flat=True)) == ratings
    assert standing.receipts.count() == 3


def _all_fours(survey):
    return {question.pk: 4 for question in survey.questions.all()}


def test_no_on_joining_schedule_means_no_invitation(people):
    membership = Membership.objects.create(community=people.open_community, user=make_person())
    assert services.invite_on_joining(membership) == 0
    assert not Survey.objects.exists()


def test_reminders_go_once_to_those_who_have_not_answered_after_the_reminder_days(people, survey):
    services.respond(survey=survey, actor=people.convenor, answers=good_answers(survey))
    assert services.remind(timezone.now()) == 0  # too soon
    later = timezone.now() + datetime.timedelta(days=8)
    assert services.remind(later) == 1
    assert services.remind(later) == 0
    reminded = Notification.objects.filter(message__startswith="A reminder")
    assert list(reminded.values_list("recipient", flat=True)) == [people.member.pk]


def test_the_reminder_command_is_idempotent(people, survey):
    survey.invitations.update(invited_at=timezone.now() - datetime.timedelta(days=10))
    call_command("remind_surveys", verbosity=0)
    call_command("remind_surveys", verbosity=0)
    assert Notification.objects.filter(message__startswith="A reminder").count() == 2


def test_administrators_set_the_thresholds(people):
    services.set_anonymity(actor=people.admin, minimum=4, free_text_minimum=8)
    policy = AnonymitySettings.policy()
    assert (policy.minimum, policy.free_text_minimum) == (4, 8)


@pytest.mark.parametrize(
    ("minimum", "free_text", "message"),
    [
        (2, 10, "may not be below 3"),
        (6, 5, "at least as many respondents as scores"),
        (5, 500, "50 or below"),
    ],
)
def test_thresholds_that_would_expose_people_are_refused(people, minimum, free_text, message):
    with pytest.raises(SurveyError, match=message):
        services.set_anonymity(actor=people.admin, minimum=minimum, free_text_minimum=free_text)
    assert not AnonymitySettings.objects.exists()


def test_only_administrators_change_thresholds(people):
    with pytest.raises(SurveyError, match="Only an administrator"):
        services.set_anonymity(actor=people.convenor, minimum=5, free_text_minimum=10)


def test_a_schedule_that_fell_behind_runs_once_and_catches_up(people):
    schedule = _six_monthly(people)
    schedule.next_run_on = TODAY - datetime.timedelta(days=400)
    schedule.save()
    assert services.run_schedules(TODAY)["opened"] == 2
    schedule.refresh_from_db()
    assert TODAY < schedule.next_run_on <= add_months(TODAY, 6)

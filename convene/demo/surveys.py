"""The demo's pulses: two waves six months apart, with answers that show growth.

Everything here is fictional. Every community has a leader self-efficacy and
a collective-efficacy pulse in each wave, Leading Through Change and
Data-Informed Leadership an executives' view and, when the organisation has
values, a values pulse. The earlier wave is closed; the current one opened
ten days ago and is still open. Most communities have well over five
respondents; Courageous Conversations has four, so its figures stay hidden.

Sam Okafor (member@) answered the earlier wave keeping private copies, so
his own trend shows, and has not yet answered the current self-efficacy
pulse of Leading Through Change; Harriet Lloyd (executive@) has not yet
given her view of Leading Through Change. Both can try answering.

Surveys are opened by writing their rows directly, so the demo sends no
one a notification about a pulse months ago; answers go through the
answering service, with their dates, so they are stored exactly as real
ones are.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from convene.communities.models import Community
from convene.demo.builders import Demo
from convene.people.models import User
from convene.surveys import services
from convene.surveys.models import (
    AnonymitySettings,
    Instrument,
    Invitation,
    Question,
    QuestionKind,
    Survey,
)
from convene.values.models import Value

SAM = "member@northgate.example"
HARRIET = "executive@northgate.example"
ADMIN = "admin@northgate.example"
CHANGE = "Leading Through Change"
DATA = "Data-Informed Leadership"
SMALL = "Courageous Conversations"
SMALL_RESPONDENTS = 4
WAVE_GAP = datetime.timedelta(days=182)
OPEN_DAYS = 21
MEMBER_PULSES = (Instrument.SELF_EFFICACY, Instrument.COLLECTIVE_EFFICACY)
EXAMPLES = (
    "The community's members ran the depot open days themselves and turned round a "
    "sceptical crew in Hull.",
    "Three members took the new rota proposal to their teams before it came to us, and "
    "the objections were dealt with early.",
    "They brought a well-argued case on contractor hand-overs to the operations board.",
    "Members from different sites worked together on the winter readiness plan without "
    "being asked.",
    "A small group from the community reworked how we report complaint trends, and the "
    "board now uses their version.",
)


def build_surveys(demo: Demo) -> str:
    """Write the thresholds, the schedules and two waves of pulses with their answers."""
    rng = demo.rng("surveys")
    admin = demo.person(ADMIN)
    AnonymitySettings.objects.update_or_create(pk=1, defaults={"changed_by": admin})
    current = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    current -= datetime.timedelta(days=10)
    schedules = _schedules(admin, (current + WAVE_GAP).date())
    built = [
        *_wave(demo, rng, current - WAVE_GAP, schedules, closed=True),
        *_wave(demo, rng, current, schedules, closed=False),
    ]
    responses = sum(survey.responses.count() for survey in built)
    return (
        f"{len(schedules)} pulse schedules, {len(built)} surveys in two waves, "
        f"{responses} responses"
    )


def _schedules(admin: User, next_run_on: datetime.date) -> dict[str, object]:
    titles = {
        Instrument.SELF_EFFICACY: "Leader self-efficacy, every six months",
        Instrument.COLLECTIVE_EFFICACY: "Collective efficacy, every six months",
        Instrument.EXECUTIVE_PERCEPTION: "Executives' view of each community, every six months",
    }
    return {
        instrument: services.create_schedule(
            actor=admin, title=title, instrument=instrument, next_run_on=next_run_on
        )
        for instrument, title in titles.items()
    }


def _wave(
    demo: Demo,
    rng: random.Random,
    opened: datetime.datetime,
    schedules: dict[str, object],
    *,
    closed: bool,
) -> list[Survey]:
    growth = 0.0 if closed else 0.45
    surveys = []
    for community in demo.communities.values():
        instruments = list(MEMBER_PULSES)
        if community.name in (CHANGE, DATA):
            instruments.append(Instrument.EXECUTIVE_PERCEPTION)
            if Value.objects.active().exists():
                instruments.append(Instrument.VALUES)
        for instrument in instruments:
            survey = _open(community, instrument, opened, schedules.get(instrument))
            _answer(demo, rng, survey, growth, closed=closed)
            if closed:
                services.close_survey(
                    actor=None, survey=survey, now=opened + datetime.timedelta(days=OPEN_DAYS)
                )
            surveys.append(survey)
    return surveys


def _open(
    community: Community, instrument: str, opened: datetime.datetime, schedule: object
) -> Survey:
    survey = services.draft_pulse(
        actor=None,
        instrument=instrument,
        community=community,
        schedule=schedule,  # type: ignore[arg-type]
    )
    survey.status, survey.opens_at = Survey.Status.OPEN, opened
    survey.closes_at = opened + datetime.timedelta(days=OPEN_DAYS)
    survey.save(update_fields=["status", "opens_at", "closes_at"])
    Invitation.objects.bulk_create(
        Invitation(survey=survey, person=person, invited_at=opened)
        for person in services.audience_of(survey)
    )
    return survey


def _answer(demo: Demo, rng: random.Random, survey: Survey, growth: float, *, closed: bool) -> None:
    invited = list(User.objects.filter(survey_invitations__survey=survey).order_by("email"))
    questions = list(survey.questions.prefetch_related("options"))
    for person in _respondents(rng, survey, invited, closed=closed):
        answered_at = _moment(rng, survey, closed=closed)
        services.respond(
            survey=survey,
            actor=person,
            answers=_answers(rng, questions, _leaning(person, growth)),
            keep_own_copy=person.email == SAM or rng.random() < 0.3,
            now=answered_at,
        )


def _respondents(
    rng: random.Random, survey: Survey, invited: list[User], *, closed: bool
) -> list[User]:
    assert survey.community is not None
    if survey.community.name == SMALL:
        return rng.sample(invited, min(SMALL_RESPONDENTS, len(invited)))
    chosen = rng.sample(invited, round(len(invited) * 0.75))
    sam = next((person for person in invited if person.email == SAM), None)
    if closed and sam is not None and sam not in chosen:
        chosen.append(sam)  # so that his own trend has an earlier point
    if not closed and survey.community.name == CHANGE:
        waiting = SAM if survey.instrument == Instrument.SELF_EFFICACY else HARRIET
        chosen = [person for person in chosen if person.email != waiting]
    return chosen


def _moment(rng: random.Random, survey: Survey, *, closed: bool) -> datetime.datetime:
    assert survey.opens_at is not None
    latest = survey.closes_at if closed else timezone.now()
    span = (latest - survey.opens_at).total_seconds() - 3600  # type: ignore[operator]
    return survey.opens_at + datetime.timedelta(seconds=rng.uniform(60, span))


def _leaning(person: User, growth: float) -> float:
    """A steady personal baseline from 2.6 to 3.8, plus the wave's growth."""
    return 2.6 + (person.pk * 37 % 13) / 10 + growth


def _answers(rng: random.Random, questions: list[Question], leaning: float) -> dict[int, object]:
    answers: dict[int, object] = {}
    for question in questions:
        if question.kind == QuestionKind.RATING:
            answers[question.pk] = max(1, min(5, round(rng.gauss(leaning, 0.8))))
        elif question.kind == QuestionKind.SINGLE_CHOICE:
            options = list(question.options.all())
            weights = [1 + index * leaning / 3 for index in range(len(options))]
            if question.dimension == "Change":
                weights = [1, 3, 2 + leaning, 0.5]
            answers[question.pk] = rng.choices(options, weights)[0].pk
        elif question.kind == QuestionKind.FREE_TEXT and rng.random() < 0.5:
            answers[question.pk] = rng.choice(EXAMPLES)
    return answers

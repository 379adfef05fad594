"""Services for surveys and pulses, each a verb that writes in one transaction.

Answering follows the pattern of secret ballots (`convene.elections`): under
a lock on the survey row, a `Receipt` says *that* a person answered and a
`Response` says *what*, with nothing that says whose when the survey is
anonymous. The receipt's unique constraint refuses a second response, even
from simultaneous submissions. Every answer is checked before anything is
written, so a refused response leaves nothing behind. At the close the
responses of an anonymous survey are rewritten in random order, so neither
their place on disk nor PostgreSQL's transaction ids tie them to receipts.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from convene.audit.models import record
from convene.communities.models import Community, Membership
from convene.insights.anonymity import ABSOLUTE_MINIMUM
from convene.lib.dates import add_months
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User
from convene.people.tenure import TENURE_BANDS, tenure_band
from convene.surveys import pulses
from convene.surveys.models import (
    LARGEST_SCALE,
    OPTION_LIMIT,
    QUESTION_LIMIT,
    TITLE_LIMIT,
    AnonymitySettings,
    Answer,
    Audience,
    Cadence,
    Instrument,
    Invitation,
    Option,
    OwnAnswer,
    Question,
    QuestionKind,
    Receipt,
    Response,
    Schedule,
    Survey,
)
from convene.surveys.questions import Given, InvalidAnswer, question_type
from convene.values.models import Value

NOT_STATED = "Not stated"
DEFAULT_REMINDER_DAYS = 7
LARGEST_THRESHOLD = 50
MONTHS_BETWEEN_PULSES = 6
Status = Survey.Status


class SurveyError(Exception):
    """A survey action that its rules do not allow.

    `errors` maps question ids to what is wrong with each answer, so a page
    can show every message beside its question.
    """

    def __init__(self, message: str, errors: Mapping[int, str] | None = None) -> None:
        super().__init__(message)
        self.errors = dict(errors or {})


# -- Who may do what -------------------------------------------------------------


def may_manage(user: User, community: Community | None) -> bool:
    """Administrators manage every survey; convenors and co-convenors their community's."""
    return user.is_administrator or (community is not None and community.is_led_by(user))


def _require_manager(actor: User | None, community: Community | None) -> None:
    if actor is not None and not may_manage(actor, community):
        raise SurveyError("Only an administrator or the community's convenors can do this.")


def _require_administrator(actor: User) -> None:
    if not actor.is_administrator:
        raise SurveyError("Only an administrator can do this.")


def _require_draft(survey: Survey) -> None:
    if survey.status != Status.DRAFT:
        raise SurveyError("Questions can be changed only while the survey is a draft.")


def _check_audience(actor: User | None, audience: str, community: Community | None) -> None:
    if audience not in Audience.values:
        raise SurveyError("Choose who is asked: members, executives or everyone.")
    if audience == Audience.MEMBERS and community is None:
        raise SurveyError("Choose the community whose members are asked.")
    if actor is not None and not actor.is_administrator and audience != Audience.MEMBERS:
        raise SurveyError("Convenors can ask their own community's members only.")


def _clean(text: str, limit: int, label: str, *, required: bool = True) -> str:
    text = (text or "").strip()
    if "\x00" in text:
        raise SurveyError(f"The {label} contains a null character.")
    if required and not text:
        raise SurveyError(f"Give the {label}.")
    if len(text) > limit:
        raise SurveyError(f"Keep the {label} within {limit} characters.")
    return text


def _lock(survey: Survey) -> Survey:
    return (
        Survey.objects.select_for_update(of=("self",)).select_related("community").get(pk=survey.pk)
    )


# -- Drafting --------------------------------------------------------------------


@transaction.atomic
def draft_survey(
    *,
    actor: User,
    title: str,
    introduction: str = "",
    community: Community | None = None,
    audience: str = Audience.MEMBERS,
    is_anonymous: bool = True,
) -> Survey:
    """Start a survey of your own, to add questions to before opening it."""
    _require_manager(actor, community)
    _check_audience(actor, audience, community)
    survey = Survey.objects.create(
        title=_clean(title, TITLE_LIMIT, "title"),
        introduction=_clean(introduction, 2000, "introduction", required=False),
        community=community,
        audience=audience,
        is_anonymous=is_anonymous,
        created_by=actor,
    )
    record(actor, "survey.drafted", survey, community=community.pk if community else None)
    return survey


@transaction.atomic
def edit_survey(
    *,
    actor: User,
    survey: Survey,
    title: str,
    introduction: str = "",
    audience: str = Audience.MEMBERS,
    is_anonymous: bool = True,
) -> Survey:
    """Change a draft's title, introduction, audience or anonymity."""
    survey = _lock(survey)
    _require_manager(actor, survey.community)
    _require_draft(survey)
    _check_audience(actor, audience, survey.community)
    survey.title = _clean(title, TITLE_LIMIT, "title")
    survey.introduction = _clean(introduction, 2000, "introduction", required=False)
    survey.audience, survey.is_anonymous = audience, is_anonymous
    survey.save(update_fields=["title", "introduction", "audience", "is_anonymous"])
    record(actor, "survey.edited", survey)
    return survey


@transaction.atomic
def draft_pulse(
    *,
    actor: User | None,
    instrument: str,
    community: Community | None,
    schedule: Schedule | None = None,
) -> Survey:
    """Draft one of the built-in pulses about `community`, with its questions."""
    if instrument not in Instrument.values or instrument == Instrument.CUSTOM:
        raise SurveyError("Choose one of the built-in pulses.")
    pulse = pulses.pulse_for(instrument, community)
    _require_manager(actor, community)
    _check_audience(actor, pulse.audience, community)
    if not pulse.items:
        raise SurveyError("There are no values to ask about yet: an administrator sets them first.")
    survey = Survey.objects.create(
        title=pulse.title[:TITLE_LIMIT],
        introduction=pulse.introduction,
        instrument=instrument,
        audience=pulse.audience,
        community=community,
        schedule=schedule,
        created_by=actor,
    )
    for position, item in enumerate(pulse.items, start=1):
        _create_question(survey, position, item)
    record(actor, "survey.drafted", survey, instrument=instrument)
    return survey


def _create_question(survey: Survey, position: int, item: pulses.Item) -> None:
    question = Question.objects.create(
        survey=survey,
        position=position,
        kind=item.kind,
        text=item.text,
        help_text=item.help_text,
        scale=item.scale,
        low_label=item.anchors[0] if item.scale else "",
        high_label=item.anchors[1] if item.scale else "",
        is_required=item.is_required,
        dimension=item.dimension,
        value=item.value,
    )
    _replace_options(question, item.options)


# -- Questions and options -------------------------------------------------------


def _checked_question(
    kind: str,
    text: str,
    help_text: str,
    scale: int | None,
    low_label: str,
    high_label: str,
    options: Sequence[str],
) -> dict[str, Any]:
    """The question's fields, checked; options are returned under "options"."""
    if kind not in QuestionKind.values:
        raise SurveyError("Choose a kind of question: rating, single or multiple choice, or text.")
    fields: dict[str, Any] = {
        "kind": kind,
        "text": _clean(text, QUESTION_LIMIT, "question"),
        "help_text": _clean(help_text, QUESTION_LIMIT, "help text", required=False),
        "scale": None,
        "low_label": "",
        "high_label": "",
        "options": [],
    }
    if kind == QuestionKind.RATING:
        scale = scale or 5
        if not 2 <= scale <= LARGEST_SCALE:
            raise SurveyError(f"A rating scale runs from 1 to between 2 and {LARGEST_SCALE}.")
        fields["scale"] = scale
        fields["low_label"] = _clean(low_label, 60, "label of the lowest point", required=False)
        fields["high_label"] = _clean(high_label, 60, "label of the highest point", required=False)
    elif kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        fields["options"] = _checked_options(options)
    return fields


def _checked_options(options: Sequence[str]) -> list[str]:
    texts = [_clean(text, OPTION_LIMIT, "option") for text in options if text and text.strip()]
    if len(texts) < 2:
        raise SurveyError("Give at least two options, one on each line.")
    if len({text.casefold() for text in texts}) != len(texts):
        raise SurveyError("Each option must be different.")
    return texts


@transaction.atomic
def add_question(
    *,
    actor: User,
    survey: Survey,
    kind: str,
    text: str,
    help_text: str = "",
    scale: int | None = None,
    low_label: str = "",
    high_label: str = "",
    is_required: bool = True,
    options: Sequence[str] = (),
) -> Question:
    """Add a question at the end of a draft."""
    survey = _lock(survey)
    _require_manager(actor, survey.community)
    _require_draft(survey)
    fields = _checked_question(kind, text, help_text, scale, low_label, high_label, options)
    texts = fields.pop("options")
    last = survey.questions.order_by("-position").values_list("position", flat=True).first()
    position = (last or 0) + 1
    question = Question.objects.create(
        survey=survey, position=position, is_required=is_required, **fields
    )
    _replace_options(question, texts)
    record(actor, "survey.question_added", survey, question=question.pk)
    return question


@transaction.atomic
def edit_question(
    *,
    actor: User,
    question: Question,
    kind: str,
    text: str,
    help_text: str = "",
    scale: int | None = None,
    low_label: str = "",
    high_label: str = "",
    is_required: bool = True,
    options: Sequence[str] = (),
) -> Question:
    """Change a draft's question; its options are replaced by the ones given."""
    survey = _lock(question.survey)
    _require_manager(actor, survey.community)
    _require_draft(survey)
    fields = _checked_question(kind, text, help_text, scale, low_label, high_label, options)
    texts = fields.pop("options")
    for name, value in fields.items():
        setattr(question, name, value)
    question.is_required = is_required
    question.save(update_fields=[*fields, "is_required"])
    _replace_options(question, texts)
    record(actor, "survey.question_edited", survey, question=question.pk)
    return question


def _replace_options(question: Question, texts: Iterable[str]) -> None:
    question.options.all().delete()
    Option.objects.bulk_create(
        Option(question=question, position=position, text=text)
        for position, text in enumerate(texts, start=1)
    )


@transaction.atomic
def remove_question(*, actor: User, question: Question) -> None:
    """Take a question out of a draft."""
    survey = _lock(question.survey)
    _require_manager(actor, survey.community)
    _require_draft(survey)
    question.delete()
    _renumber(survey, list(survey.questions.order_by("position")))
    record(actor, "survey.question_removed", survey)


@transaction.atomic
def move_question(*, actor: User, question: Question, offset: int) -> None:
    """Move a draft's question up (-1) or down (+1) one place."""
    survey = _lock(question.survey)
    _require_manager(actor, survey.community)
    _require_draft(survey)
    ordered = list(survey.questions.order_by("position"))
    index = next(i for i, other in enumerate(ordered) if other.pk == question.pk)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(ordered):
        raise SurveyError("This question cannot move further.")
    ordered[index], ordered[target] = ordered[target], ordered[index]
    _renumber(survey, ordered)
    record(actor, "survey.question_moved", survey, question=question.pk)


def _renumber(survey: Survey, ordered: Sequence[Question]) -> None:
    # Out of the way first, so the unique positions never collide mid-way.
    shift = len(ordered) + 1000
    Question.objects.filter(survey=survey).update(position=F("position") + shift)
    for position, question in enumerate(ordered, start=1):
        Question.objects.filter(pk=question.pk).update(position=position)


# -- Opening and inviting --------------------------------------------------------


@transaction.atomic
def open_survey(
    *,
    actor: User | None,
    survey: Survey,
    closes_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Survey:
    """Open a draft and ask its audience to answer, telling each of them."""
    survey = _lock(survey)
    _require_manager(actor, survey.community)
    now = now or timezone.now()
    _start(survey, closes_at, now)
    invited = _invite(survey, audience_of(survey), now, actor)
    record(actor, "survey.opened", survey, invited=len(invited))
    return survey


def _start(survey: Survey, closes_at: datetime.datetime | None, now: datetime.datetime) -> None:
    if survey.status != Status.DRAFT:
        raise SurveyError("This survey has already been opened.")
    if not survey.questions.exists():
        raise SurveyError("Add at least one question before opening the survey.")
    if closes_at is not None and closes_at <= now:
        raise SurveyError("Choose a closing time in the future.")
    policy = AnonymitySettings.policy()
    survey.status, survey.opens_at, survey.closes_at = Status.OPEN, now, closes_at
    survey.minimum, survey.free_text_minimum = policy.minimum, policy.free_text_minimum
    survey.save(update_fields=["status", "opens_at", "closes_at", "minimum", "free_text_minimum"])


def audience_of(survey: Survey) -> QuerySet[User]:
    """The active people a survey is put to."""
    people = User.objects.active()
    if survey.audience == Audience.EVERYONE:
        return people
    if survey.audience == Audience.EXECUTIVES:
        sponsor = Q(pk=survey.community.sponsor_id) if survey.community else Q(pk__in=[])
        return people.filter(Q(is_executive=True) | sponsor)
    current = Membership.objects.current().filter(community=survey.community)
    return people.filter(pk__in=current.values("user"))


def _invite(
    survey: Survey, people: Iterable[User], now: datetime.datetime, actor: User | None = None
) -> list[User]:
    """Ask `people` to answer, once each, and tell them."""
    asked = set(survey.invitations.values_list("person", flat=True))
    new = [person for person in people if person.pk not in asked]
    Invitation.objects.bulk_create(
        [Invitation(survey=survey, person=person, invited_at=now) for person in new],
        ignore_conflicts=True,
    )
    for person in new:
        _tell(person, survey, "asked", f"Please answer “{survey.title}”.", actor)
    return new


def _tell(
    person: User, survey: Survey, event: str, message: str, actor: User | None = None
) -> None:
    notify(
        recipient=person,
        actor=actor,
        kind=Notification.Kind.SURVEY,
        message=message,
        url=reverse("surveys:survey_detail", args=[survey.pk]),
        key=f"survey:{survey.pk}:{event}",
    )


# -- Answering -------------------------------------------------------------------


@transaction.atomic
def respond(
    *,
    survey: Survey,
    actor: User,
    answers: Mapping[Any, object],
    keep_own_copy: bool = False,
    now: datetime.datetime | None = None,
) -> Receipt:
    """Answer a survey once. Every answer is checked before anything is written.

    `answers` maps question ids to raw answers: a rating, an option id or a
    list of them, or text. With `keep_own_copy`, your ratings are also kept
    under your name, for your eyes only, so you can follow your own trend.
    """
    # The close takes this lock too, so a response lands before the close or not at all.
    survey = _lock(survey)
    now = now or timezone.now()
    _require_answerable(survey, actor, now)
    questions = list(survey.questions.prefetch_related("options"))
    given = check_answers(questions, answers)
    try:
        with transaction.atomic():
            receipt = Receipt.objects.create(survey=survey, person=actor)
    except IntegrityError:  # answered before, or a simultaneous submission won
        raise SurveyError("You have already answered this survey.") from None
    response = Response.objects.create(
        survey=survey,
        period=_weeks_since(survey.opens_at, now),
        groups=respondent_groups(actor, survey, now.date()),
        respondent=None if survey.is_anonymous else actor,
    )
    _store_answers(response, questions, given)
    if keep_own_copy:
        _keep_own_copy(actor, questions, given)
    # That they answered, never what. Written after the commit in a transaction of its own,
    # so it shares no transaction id (PostgreSQL's xmin) with the response.
    transaction.on_commit(lambda: record(actor, "survey.answered", survey))
    return receipt


def _require_answerable(survey: Survey, actor: User, now: datetime.datetime) -> None:
    if not survey.invitations.filter(person=actor).exists():
        raise SurveyError("This survey was not put to you.")
    if survey.status == Status.DRAFT or (survey.opens_at and survey.opens_at > now):
        raise SurveyError("This survey is not open yet.")
    if survey.status == Status.CLOSED or (survey.closes_at and survey.closes_at <= now):
        raise SurveyError("This survey has closed.")
    if survey.receipts.filter(person=actor).exists():
        raise SurveyError("You have already answered this survey.")


def check_answers(
    questions: Sequence[Question], answers: Mapping[Any, object]
) -> dict[int, Given | None]:
    """Check every answer; raise one SurveyError naming all that are wrong."""
    by_id = {question.pk: question for question in questions}
    unknown = [key for key in answers if _question_id(key) not in by_id]
    if unknown:
        raise SurveyError(f"This survey has no question {unknown[0]}.")
    raw = {_question_id(key): value for key, value in answers.items()}
    given: dict[int, Given | None] = {}
    errors: dict[int, str] = {}
    for question in questions:
        try:
            given[question.pk] = question_type(question).parse(question, raw.get(question.pk))
        except InvalidAnswer as error:
            errors[question.pk] = str(error)
    if errors:
        raise SurveyError(" ".join(errors.values()), errors)
    return given


def _question_id(key: object) -> int | None:
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    text = str(key).strip()
    return int(text) if text.isdecimal() and text.isascii() else None


def _weeks_since(opened: datetime.datetime | None, now: datetime.datetime) -> int:
    return max(0, (now - opened).days // 7) if opened else 0


def respondent_groups(person: User, survey: Survey, today: datetime.date) -> dict[str, str]:
    """The respondent's groups when they answer, for breakdowns; "Not stated" when unknown."""
    band = tenure_band(person.started_on, today)
    function = person.org_unit.function.name if person.org_unit else NOT_STATED
    return {
        "function": function,
        "level": person.get_level_display() or NOT_STATED,
        "site": person.site.name if person.site else NOT_STATED,
        "tenure": TENURE_BANDS[band][0] if band is not None else NOT_STATED,
        "role": _role(person, survey),
    }


def _role(person: User, survey: Survey) -> str:
    community = survey.community
    if community is None:
        return NOT_STATED
    membership = community.current_membership(person)
    if membership is not None:
        return membership.get_role_display()
    if community.sponsor_id == person.pk:
        return "Sponsor"
    return "Executive" if person.is_executive else NOT_STATED


def _store_answers(
    response: Response, questions: Sequence[Question], given: Mapping[int, Given | None]
) -> None:
    answers = [
        question_type(question).answer(response, question, answer)
        for question in questions
        if (answer := given[question.pk]) is not None
    ]
    Answer.objects.bulk_create(answers)
    chosen = [
        Answer.options.through(answer_id=answer.pk, option_id=option_id)
        for answer in answers
        for option_id in given[answer.question_id].option_ids  # type: ignore[union-attr]
    ]
    Answer.options.through.objects.bulk_create(chosen)


def _keep_own_copy(
    person: User, questions: Sequence[Question], given: Mapping[int, Given | None]
) -> None:
    OwnAnswer.objects.bulk_create(
        OwnAnswer(person=person, question=question, rating=answer.rating)
        for question in questions
        if (answer := given[question.pk]) is not None and answer.rating is not None
    )


# -- Closing ---------------------------------------------------------------------


@transaction.atomic
def close_survey(
    *, actor: User | None, survey: Survey, now: datetime.datetime | None = None
) -> Survey:
    """Close an open survey; an anonymous one has its responses rewritten in random order."""
    survey = _lock(survey)
    _require_manager(actor, survey.community)
    if survey.status != Status.OPEN:
        raise SurveyError("Only an open survey can be closed.")
    if survey.is_anonymous:
        _rewrite_responses(survey)
    survey.status, survey.closed_at = Status.CLOSED, now or timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    record(actor, "survey.closed", survey)
    return survey


def _rewrite_responses(survey: Survey) -> None:
    """Write the responses again, shuffled and with new ids, inside the close.

    Each response was written in the same transaction as its receipt, so on
    PostgreSQL its hidden transaction id (xmin) matched the receipt's, and its
    answers' ids and places on disk followed the order of answering. Rewritten
    together in one transaction and a random order, they keep their content
    and lose both links.
    """
    old = list(survey.responses.prefetch_related("answers__options"))
    random.SystemRandom().shuffle(old)
    survey.responses.all().delete()
    new = Response.objects.bulk_create(
        Response(survey=survey, period=response.period, groups=response.groups) for response in old
    )
    answers = [
        (
            Answer(
                response=fresh,
                question_id=answer.question_id,
                rating=answer.rating,
                text=answer.text,
            ),
            [option.pk for option in answer.options.all()],
        )
        for fresh, response in zip(new, old, strict=True)
        for answer in response.answers.all()
    ]
    Answer.objects.bulk_create(answer for answer, _ in answers)
    Answer.options.through.objects.bulk_create(
        Answer.options.through(answer_id=answer.pk, option_id=option_id)
        for answer, option_ids in answers
        for option_id in option_ids
    )


def close_overdue(now: datetime.datetime | None = None) -> int:
    """Close every open survey whose closing time has passed."""
    now = now or timezone.now()
    overdue = Survey.objects.filter(status=Status.OPEN, closes_at__lte=now)
    for survey in overdue:
        close_survey(actor=None, survey=survey, now=now)
    return len(overdue)


# -- Schedules -------------------------------------------------------------------


def _checked_schedule(
    instrument: str,
    cadence: str,
    community: Community | None,
    open_days: int,
    reminder_days: int,
    next_run_on: datetime.date | None,
) -> str:
    """Check a schedule's settings; return the audience its pulse is put to."""
    if instrument not in Instrument.values or instrument == Instrument.CUSTOM:
        raise SurveyError("A schedule opens one of the built-in pulses: choose one.")
    if cadence not in Cadence.values:
        raise SurveyError("Choose how often the pulse runs.")
    audience = pulses.pulse_for(instrument, community).audience
    if cadence == Cadence.ON_JOINING and audience != Audience.MEMBERS:
        raise SurveyError("Only pulses for members can be put to people as they join.")
    if not 1 <= open_days <= 365:
        raise SurveyError("A pulse stays open for between 1 and 365 days.")
    if not 1 <= reminder_days <= 60:
        raise SurveyError("Remind people after between 1 and 60 days.")
    if cadence != Cadence.ON_JOINING and next_run_on is None:
        raise SurveyError("Give the date of the first run.")
    return audience


@transaction.atomic
def create_schedule(
    *,
    actor: User,
    title: str,
    instrument: str,
    cadence: str = Cadence.SIX_MONTHLY,
    community: Community | None = None,
    open_days: int = 21,
    reminder_days: int = DEFAULT_REMINDER_DAYS,
    next_run_on: datetime.date | None = None,
) -> Schedule:
    """Set a pulse to run once, every six months, or for each person who joins."""
    _require_administrator(actor)
    audience = _checked_schedule(
        instrument, cadence, community, open_days, reminder_days, next_run_on
    )
    schedule = Schedule.objects.create(
        title=_clean(title, TITLE_LIMIT, "title"),
        instrument=instrument,
        audience=audience,
        cadence=cadence,
        community=community,
        open_days=open_days,
        reminder_days=reminder_days,
        next_run_on=None if cadence == Cadence.ON_JOINING else next_run_on,
        created_by=actor,
    )
    record(actor, "survey.schedule_created", schedule)
    return schedule


@transaction.atomic
def edit_schedule(
    *,
    actor: User,
    schedule: Schedule,
    title: str,
    instrument: str,
    cadence: str,
    community: Community | None,
    open_days: int,
    reminder_days: int,
    next_run_on: datetime.date | None,
    is_active: bool = True,
) -> Schedule:
    """Change a schedule, or pause it (`is_active=False`) and take it up again."""
    _require_administrator(actor)
    schedule.audience = _checked_schedule(
        instrument, cadence, community, open_days, reminder_days, next_run_on
    )
    schedule.title = _clean(title, TITLE_LIMIT, "title")
    schedule.instrument, schedule.cadence, schedule.community = instrument, cadence, community
    schedule.open_days, schedule.reminder_days = open_days, reminder_days
    schedule.next_run_on = None if cadence == Cadence.ON_JOINING else next_run_on
    schedule.is_active = is_active
    schedule.save()
    record(actor, "survey.schedule_edited", schedule, is_active=is_active)
    return schedule


@transaction.atomic
def pause_schedule(*, actor: User, schedule: Schedule, paused: bool = True) -> Schedule:
    """Stop a schedule from running, or let it run again."""
    _require_administrator(actor)
    schedule.is_active = not paused
    schedule.save(update_fields=["is_active"])
    record(actor, "survey.schedule_paused" if paused else "survey.schedule_resumed", schedule)
    return schedule


@transaction.atomic
def delete_schedule(*, actor: User, schedule: Schedule) -> None:
    """Remove a schedule; the surveys it opened stay, with their answers."""
    _require_administrator(actor)
    record(actor, "survey.schedule_deleted", schedule, title=schedule.title)
    schedule.delete()


def run_schedules(today: datetime.date, now: datetime.datetime | None = None) -> dict[str, int]:
    """Open the pulses that are due, close the overdue ones. Safe to run again the same day."""
    now = now or timezone.now()
    due = Schedule.objects.filter(is_active=True, next_run_on__lte=today).exclude(
        cadence=Cadence.ON_JOINING
    )
    opened = sum(_run(schedule, today, now) for schedule in due)
    return {"opened": opened, "closed": close_overdue(now), "unlinked": unlink_standing()}


def unlink_standing() -> int:
    """Rewrite the responses of anonymous surveys that never close, as a close would.

    A survey put to newcomers stays open, so no close ever cuts the link that
    writing a response with its receipt leaves in the database. The daily run
    cuts it instead: no response stays linked for longer than a day.
    """
    standing = Survey.objects.filter(
        status=Status.OPEN, closes_at__isnull=True, is_anonymous=True
    ).values_list("pk", flat=True)
    for survey_id in standing:
        with transaction.atomic():
            _rewrite_responses(_lock(Survey(pk=survey_id)))
    return len(standing)


@transaction.atomic
def _run(schedule: Schedule, today: datetime.date, now: datetime.datetime) -> int:
    schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
    if not schedule.is_active or schedule.next_run_on is None or schedule.next_run_on > today:
        return 0  # another run got here first
    communities = [schedule.community] if schedule.community else list(Community.objects.all())
    opened = 0
    for community in communities:
        if _open_scheduled(schedule, community, now):
            opened += 1
    schedule.next_run_on = _next_run(schedule, today)
    schedule.save(update_fields=["next_run_on"])
    record(None, "survey.schedule_ran", schedule, opened=opened)
    return opened


def _open_scheduled(schedule: Schedule, community: Community, now: datetime.datetime) -> bool:
    if schedule.instrument == Instrument.VALUES and not Value.objects.active().exists():
        return False
    survey = draft_pulse(
        actor=None, instrument=schedule.instrument, community=community, schedule=schedule
    )
    closes_at = now + datetime.timedelta(days=schedule.open_days)
    open_survey(actor=None, survey=survey, closes_at=closes_at, now=now)
    return True


def _next_run(schedule: Schedule, today: datetime.date) -> datetime.date | None:
    if schedule.cadence == Cadence.ONCE or schedule.next_run_on is None:
        return None
    next_run = schedule.next_run_on
    while next_run <= today:
        next_run = add_months(next_run, MONTHS_BETWEEN_PULSES)
    return next_run


@transaction.atomic
def invite_on_joining(membership: Membership) -> int:
    """Ask a new member to answer their community's on-joining pulses; return how many."""
    community = membership.community
    schedules = Schedule.objects.select_for_update().filter(
        Q(community=community) | Q(community__isnull=True),
        is_active=True,
        cadence=Cadence.ON_JOINING,
    )
    now = timezone.now()
    asked = 0
    for schedule in schedules:
        if schedule.instrument == Instrument.VALUES and not Value.objects.active().exists():
            continue
        survey = _standing_survey(schedule, community, now)
        asked += len(_invite(survey, [membership.user], now))
    return asked


def _standing_survey(schedule: Schedule, community: Community, now: datetime.datetime) -> Survey:
    """The open survey a community's newcomers answer, opened when first needed."""
    standing = Survey.objects.filter(
        schedule=schedule, community=community, status=Status.OPEN
    ).first()
    if standing is not None:
        return standing
    survey = draft_pulse(
        actor=None, instrument=schedule.instrument, community=community, schedule=schedule
    )
    _start(survey, None, now)
    record(None, "survey.opened", survey, on_joining=True)
    return survey


# -- Reminders -------------------------------------------------------------------


def remind(now: datetime.datetime | None = None) -> int:
    """Remind, once, everyone asked to answer an open survey who has not yet; return how many."""
    now = now or timezone.now()
    answered = Receipt.objects.filter(survey=OuterRef("survey"), person=OuterRef("person"))
    waiting = (
        Invitation.objects.filter(survey__status=Status.OPEN, reminded_at__isnull=True)
        .exclude(Exists(answered))
        .select_related("survey__schedule", "person")
    )
    sent = 0
    for invitation in waiting:
        if _remind_one(invitation, now):
            sent += 1
    return sent


@transaction.atomic
def _remind_one(invitation: Invitation, now: datetime.datetime) -> bool:
    survey = invitation.survey
    days = survey.schedule.reminder_days if survey.schedule else DEFAULT_REMINDER_DAYS
    if invitation.invited_at + datetime.timedelta(days=days) > now:
        return False
    # Conditional, so two reminder runs at once remind each person only once.
    if not Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
        reminded_at=now
    ):
        return False
    _tell(invitation.person, survey, "reminder", f"A reminder: please answer “{survey.title}”.")
    return True


# -- Anonymity settings ----------------------------------------------------------


@transaction.atomic
def set_anonymity(*, actor: User, minimum: int, free_text_minimum: int) -> AnonymitySettings:
    """Set the smallest groups whose scores and comments may be shown."""
    _require_administrator(actor)
    if minimum < ABSOLUTE_MINIMUM:
        raise SurveyError(
            f"The smallest group may not be below {ABSOLUTE_MINIMUM}: smaller groups expose people."
        )
    if minimum > LARGEST_THRESHOLD or free_text_minimum > LARGEST_THRESHOLD:
        raise SurveyError(f"Keep the thresholds at {LARGEST_THRESHOLD} or below.")
    if free_text_minimum < minimum:
        raise SurveyError(
            f"Comments need at least as many respondents as scores: {minimum} or more."
        )
    settings, _ = AnonymitySettings.objects.update_or_create(
        pk=1,
        defaults={"minimum": minimum, "free_text_minimum": free_text_minimum, "changed_by": actor},
    )
    record(actor, "survey.anonymity_set", settings, minimum=minimum, free_text=free_text_minimum)
    return settings

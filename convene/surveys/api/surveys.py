"""Surveys, answering, your own pulse answers, schedules and thresholds through the API.

Every endpoint calls the same access helpers and services as the pages.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from convene.api.types import Text
from convene.communities.models import Community
from convene.lib.http import AuthenticatedRequest
from convene.surveys import services
from convene.surveys.access import get_survey_for_user, get_survey_to_answer, surveys_visible_to
from convene.surveys.models import (
    TITLE_LIMIT,
    AnonymitySettings,
    Cadence,
    Instrument,
    Option,
    OwnAnswer,
    Question,
    Receipt,
    Schedule,
    Survey,
)

router = Router()

ANSWERS = (
    "Answers by question id: a whole number for a rating, an option id for a single choice, "
    "a list of option ids for a multiple choice, text for free text. Optional questions may "
    "be left out. Any bad answer refuses the whole response and stores nothing."
)


class CommunityRef(Schema):
    slug: str
    name: str


class SurveyOut(Schema):
    id: uuid.UUID
    title: str
    instrument: str
    audience: str
    community: CommunityRef | None
    status: str
    is_anonymous: bool
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    has_answered: bool = Field(description="Whether you have answered it.")


class OptionOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    position: int
    kind: str
    text: str
    help_text: str
    scale: int | None
    low_label: str
    high_label: str
    is_required: bool
    dimension: str
    options: list[OptionOut]

    @staticmethod
    def resolve_options(question: Question) -> list[Option]:
        return list(question.options.all())


class SurveyDetailOut(SurveyOut):
    introduction: str
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(survey: Survey) -> list[Question]:
        return list(survey.questions.all())


class ResponseIn(Schema):
    answers: dict[str, Any] = Field(description=ANSWERS)
    keep_own_copy: bool = Field(
        False, description="Also keep your ratings under your name, for your eyes only."
    )


class ReceiptOut(Schema):
    survey: uuid.UUID
    detail: str


class OwnAnswerOut(Schema):
    survey: uuid.UUID
    survey_title: str
    instrument: str
    opened_at: datetime.datetime | None
    question: int
    question_text: str
    dimension: str
    rating: int

    @staticmethod
    def resolve_survey(copy: OwnAnswer) -> uuid.UUID:
        return copy.question.survey_id

    @staticmethod
    def resolve_survey_title(copy: OwnAnswer) -> str:
        return copy.question.survey.title

    @staticmethod
    def resolve_instrument(copy: OwnAnswer) -> str:
        return copy.question.survey.instrument

    @staticmethod
    def resolve_opened_at(copy: OwnAnswer) -> datetime.datetime | None:
        return copy.question.survey.opens_at

    @staticmethod
    def resolve_question(copy: OwnAnswer) -> int:
        return copy.question_id

    @staticmethod
    def resolve_question_text(copy: OwnAnswer) -> str:
        return copy.question.text

    @staticmethod
    def resolve_dimension(copy: OwnAnswer) -> str:
        return copy.question.dimension


class ScheduleOut(Schema):
    id: int
    title: str
    instrument: str
    audience: str
    cadence: str
    community: CommunityRef | None
    open_days: int
    reminder_days: int
    next_run_on: datetime.date | None
    is_active: bool


class ScheduleIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: Text = Field(min_length=1, max_length=TITLE_LIMIT)
    instrument: Instrument
    cadence: Cadence = Cadence.SIX_MONTHLY
    community: Text | None = Field(None, description="A community's slug; empty for every one.")
    open_days: int = 21
    reminder_days: int = services.DEFAULT_REMINDER_DAYS
    next_run_on: datetime.date | None = None
    is_active: bool = True


class AnonymityOut(Schema):
    minimum: int
    free_text_minimum: int


def _with_answered(surveys: QuerySet[Survey], request: AuthenticatedRequest) -> QuerySet[Survey]:
    answered = Receipt.objects.filter(survey=OuterRef("pk"), person=request.user)
    return surveys.select_related("community").annotate(has_answered=Exists(answered))


# -- Surveys and answering -------------------------------------------------------


@router.get(
    "/surveys",
    response=list[SurveyOut],
    summary="Surveys put to you, and those you manage",
)
@paginate
def survey_list(request: AuthenticatedRequest) -> QuerySet[Survey]:
    return _with_answered(surveys_visible_to(request.user), request).order_by("-created_at", "pk")


@router.get(
    "/surveys/{uuid:survey_id}",
    response=SurveyDetailOut,
    summary="A survey with its questions and options",
)
def survey_detail(request: AuthenticatedRequest, survey_id: uuid.UUID) -> Survey:
    get_survey_for_user(request.user, survey_id)
    options = Prefetch("options", queryset=Option.objects.order_by("position"))
    questions = Prefetch("questions", queryset=Question.objects.prefetch_related(options))
    return (
        _with_answered(Survey.objects.filter(pk=survey_id), request)
        .prefetch_related(questions)
        .get()
    )


@router.post(
    "/surveys/{uuid:survey_id}/responses",
    response={201: ReceiptOut},
    summary="Answer a survey put to you, once",
)
def respond(request: AuthenticatedRequest, survey_id: uuid.UUID, body: ResponseIn) -> ReceiptOut:
    survey = get_survey_to_answer(request.user, survey_id)
    services.respond(
        survey=survey,
        actor=request.user,
        answers=body.answers,
        keep_own_copy=body.keep_own_copy,
    )
    return ReceiptOut(survey=survey.pk, detail="Thank you: your answers are in.")


@router.get(
    "/me/pulse-answers",
    response=list[OwnAnswerOut],
    summary="The private copies of your own ratings, oldest first",
)
@paginate
def own_answers(request: AuthenticatedRequest) -> QuerySet[OwnAnswer]:
    return (
        OwnAnswer.objects.filter(person=request.user)
        .select_related("question__survey")
        .order_by("question__survey__opens_at", "question__position", "pk")
    )


# -- Schedules (administrators) --------------------------------------------------


def _require_administrator(request: AuthenticatedRequest) -> None:
    if not request.user.is_administrator:
        raise Http404


def _schedule_fields(body: ScheduleIn) -> dict[str, Any]:
    fields = body.dict()
    slug = fields.pop("community")
    fields["community"] = get_object_or_404(Community, slug=slug) if slug else None
    return fields


@router.get("/survey-schedules", response=list[ScheduleOut], summary="Pulse schedules")
@paginate
def schedule_list(request: AuthenticatedRequest) -> QuerySet[Schedule]:
    _require_administrator(request)
    return Schedule.objects.select_related("community").order_by("title", "pk")


@router.post("/survey-schedules", response={201: ScheduleOut}, summary="Schedule a pulse")
def schedule_create(request: AuthenticatedRequest, body: ScheduleIn) -> Schedule:
    _require_administrator(request)
    fields = _schedule_fields(body)
    is_active = fields.pop("is_active")
    schedule = services.create_schedule(actor=request.user, **fields)
    if not is_active:
        services.pause_schedule(actor=request.user, schedule=schedule)
    return schedule


@router.get("/survey-schedules/{int:pk}", response=ScheduleOut, summary="A pulse schedule")
def schedule_detail(request: AuthenticatedRequest, pk: int) -> Schedule:
    _require_administrator(request)
    return get_object_or_404(Schedule.objects.select_related("community"), pk=pk)


@router.put(
    "/survey-schedules/{int:pk}",
    response=ScheduleOut,
    summary="Change a pulse schedule; `is_active: false` pauses it",
)
def schedule_edit(request: AuthenticatedRequest, pk: int, body: ScheduleIn) -> Schedule:
    _require_administrator(request)
    schedule = get_object_or_404(Schedule, pk=pk)
    return services.edit_schedule(actor=request.user, schedule=schedule, **_schedule_fields(body))


@router.delete(
    "/survey-schedules/{int:pk}",
    response={204: None},
    summary="Remove a pulse schedule; the surveys it opened stay",
)
def schedule_delete(request: AuthenticatedRequest, pk: int) -> tuple[int, None]:
    _require_administrator(request)
    services.delete_schedule(actor=request.user, schedule=get_object_or_404(Schedule, pk=pk))
    return 204, None


# -- Anonymity thresholds --------------------------------------------------------


@router.get(
    "/anonymity-settings",
    response=AnonymityOut,
    summary="The smallest groups whose scores and comments are shown",
)
def anonymity_detail(request: AuthenticatedRequest) -> AnonymityOut:
    policy = AnonymitySettings.policy()
    return AnonymityOut(minimum=policy.minimum, free_text_minimum=policy.free_text_minimum)


@router.put(
    "/anonymity-settings",
    response=AnonymityOut,
    summary="Change the thresholds (administrators); never below 3",
)
def anonymity_edit(request: AuthenticatedRequest, body: AnonymityOut) -> AnonymityOut:
    settings = services.set_anonymity(
        actor=request.user, minimum=body.minimum, free_text_minimum=body.free_text_minimum
    )
    return AnonymityOut(minimum=settings.minimum, free_text_minimum=settings.free_text_minimum)

"""Survey results, with the anonymity thresholds applied, through the API.

The schemas read the same `convene.surveys.results` objects the pages show,
so the API offers exactly the released figures and nothing more.
"""

from __future__ import annotations

import datetime
import uuid

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from convene.api.types import Text
from convene.communities.models import Community
from convene.lib.http import AuthenticatedRequest
from convene.surveys.models import Instrument
from convene.surveys.results import (
    DIMENSIONS,
    Cell,
    CommunityTrend,
    PulseTrend,
    QuestionResult,
    SurveyResults,
    Wave,
    get_results_for_user,
    pulse_trend,
)
from convene.surveys.services import SurveyError

router = Router()

STATUS = (
    "`shown`: the current figure; `held`: the figure released in week `as_of_week`, kept "
    "until enough new answers arrive; `hidden`: too few respondents, or withheld so that a "
    "smaller group cannot be worked out. A hidden figure has no numbers."
)
DIMENSION_NAMES = ", ".join(f"`{name}`" for name in DIMENSIONS)
INSTRUMENTS = ", ".join(f"`{value}`" for value in Instrument.values)


class ResultCellOut(Schema):
    dimension: str = Field(description="Empty for the question's total.")
    group: str = Field(description="The group within the breakdown; empty for the total.")
    status: str = Field(description=STATUS)
    respondents: int | None
    mean: float | None = Field(description="Rating questions only.")
    distribution: list[int] | None = Field(
        description="How many chose each point of the scale, or each option, in `points` order."
    )
    as_of_week: int | None = Field(description="The week (from 1) the figure dates from.")

    @staticmethod
    def resolve_group(cell: Cell) -> str:
        return cell.label

    @staticmethod
    def resolve_respondents(cell: Cell) -> int | None:
        return cell.count


class QuestionResultOut(Schema):
    id: int
    position: int
    text: str
    kind: str
    points: list[str] = Field(description="The scale's points or the options, in order.")
    total: ResultCellOut
    breakdowns: dict[str, list[ResultCellOut]] = Field(
        description="By dimension; empty when breakdowns are not shown to you."
    )
    comments: list[str] = Field(description="Free-text questions only, in random order.")
    comments_status: str = Field(description=STATUS)
    comments_as_of_week: int | None

    @staticmethod
    def resolve_id(result: QuestionResult) -> int:
        return int(result.question.pk)

    @staticmethod
    def resolve_position(result: QuestionResult) -> int:
        return int(result.question.position)

    @staticmethod
    def resolve_text(result: QuestionResult) -> str:
        return str(result.question.text)

    @staticmethod
    def resolve_kind(result: QuestionResult) -> str:
        return str(result.question.kind)


class SurveyResultsOut(Schema):
    survey: uuid.UUID
    title: str
    minimum: int = Field(description="No figure describes fewer respondents than this.")
    free_text_minimum: int = Field(description="Comments need at least this many respondents.")
    breakdowns_offered: bool
    dimensions: list[str]
    questions: list[QuestionResultOut]

    @staticmethod
    def resolve_survey(results: SurveyResults) -> uuid.UUID:
        return results.survey.pk

    @staticmethod
    def resolve_title(results: SurveyResults) -> str:
        return results.survey.title

    @staticmethod
    def resolve_minimum(results: SurveyResults) -> int:
        return results.policy.minimum

    @staticmethod
    def resolve_free_text_minimum(results: SurveyResults) -> int:
        return results.policy.free_text_minimum

    @staticmethod
    def resolve_breakdowns_offered(results: SurveyResults) -> bool:
        return results.offers_breakdowns


class SurveyResultsFilters(Schema):
    dimension: Text | None = Field(
        None,
        max_length=40,
        description=f"Break down by one dimension only: one of {DIMENSION_NAMES}.",
    )


@router.get(
    "/surveys/{uuid:survey_id}/results",
    response=SurveyResultsOut,
    summary="A survey's released figures: totals, breakdowns and comments",
)
def results(
    request: AuthenticatedRequest, survey_id: uuid.UUID, filters: Query[SurveyResultsFilters]
) -> SurveyResults:
    return get_results_for_user(request.user, survey_id, filters.dimension or None)


class PulseFigureOut(Schema):
    dimension: str = Field(description="What the items measure; empty for all items together.")
    status: str = Field(description=STATUS)
    responses: int | None
    mean: float | None


class PulseWaveOut(Schema):
    label: str
    opened_on: datetime.date | None
    survey: uuid.UUID | None = Field(description="Empty for figures pooled across communities.")
    figures: list[PulseFigureOut]

    @staticmethod
    def resolve_survey(wave: Wave) -> uuid.UUID | None:
        return wave.survey_id


class CommunityPulseOut(Schema):
    community: str = Field(description="The community's slug.")
    name: str
    waves: list[PulseWaveOut]

    @staticmethod
    def resolve_community(trend: CommunityTrend) -> str:
        return str(trend.community.slug)

    @staticmethod
    def resolve_name(trend: CommunityTrend) -> str:
        return str(trend.community.name)


class PulseTrendOut(Schema):
    instrument: str
    dimensions: list[str]
    communities: list[CommunityPulseOut]
    pooled: list[PulseWaveOut] = Field(
        description="Sums of the released figures of waves opened in the same month."
    )


class PulseTrendFilters(Schema):
    instrument: Text = Field(max_length=40, description=f"One of {INSTRUMENTS}.")
    community: Text | None = Field(
        None, max_length=120, description="A community's slug; all you see if empty."
    )


@router.get(
    "/pulse-trends",
    response=PulseTrendOut,
    summary="A pulse's released means, wave by wave, per community and pooled",
)
def pulse_trends(request: AuthenticatedRequest, filters: Query[PulseTrendFilters]) -> PulseTrend:
    if filters.instrument not in Instrument.values:
        raise SurveyError(f"There is no pulse called “{filters.instrument}”. Use {INSTRUMENTS}.")
    visible = Community.objects.visible_to(request.user).order_by("name")
    if filters.community:
        return pulse_trend(
            request.user, filters.instrument, [get_object_or_404(visible, slug=filters.community)]
        )
    return pulse_trend(request.user, filters.instrument, visible)

"""Survey results with the organisation's anonymity thresholds applied.

This module is the only reader of responses and answers for display: pages,
exports, the API and dashboards all take their figures from here, so every
one of them shows exactly what `convene.insights.anonymity` releases.

Who sees results (`results_access`):

- administrators, and the community's convenors, co-convenors and sponsor,
  see totals and breakdowns while the survey is open and after it closes;
- executives see totals and breakdowns of surveys about a community whose
  conversations they may read (an open one, or a private one they belong
  to), and of surveys about the whole organisation;
- the community's current members see their own community's totals, with
  no breakdowns, once the survey has closed; for a survey about the whole
  organisation, every active person does;
- nobody sees the results of a draft, and everyone else is told the survey
  does not exist (404), so a private community's surveys cannot be guessed.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.insights import anonymity
from convene.insights.anonymity import (
    TOTAL,
    Figure,
    Policy,
    Status,
    may_rerelease,
    release_free_text,
    release_history,
    tally,
)
from convene.people.models import User
from convene.surveys.models import (
    AnonymitySettings,
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
)
from convene.surveys.services import SurveyError


class Access(enum.IntEnum):
    """How much of a survey's results a person may see."""

    NONE = 0
    TOTALS = 1
    BREAKDOWNS = 2


def results_access(user: User | AnonymousUser, survey: Survey) -> Access:
    """Say how much of one survey's results the person may see."""
    return _access_to(user, [survey])[survey.pk]


def may_see_results(user: User | AnonymousUser, survey: Survey) -> bool:
    return results_access(user, survey) > Access.NONE


def _access_to(user: User | AnonymousUser, surveys: Iterable[Survey]) -> dict[uuid.UUID, Access]:
    """Decide access to many surveys in at most two queries."""
    surveys = list(surveys)
    if not user.is_authenticated or not user.is_active:
        return {survey.pk: Access.NONE for survey in surveys}
    community_ids = {s.community_id for s in surveys if s.community_id is not None}
    roles: dict[int | None, str] = dict(
        Membership.objects.current()
        .filter(user=user, community_id__in=community_ids)
        .values_list("community_id", "role")
    )
    readable: set[int] = set()
    if user.is_executive and community_ids:
        readable = set(
            Community.objects.readable_by(user)
            .filter(pk__in=community_ids)
            .values_list("pk", flat=True)
        )
    return {s.pk: _access(user, s, roles.get(s.community_id), readable) for s in surveys}


def _access(user: User, survey: Survey, role: str | None, readable: set[int]) -> Access:
    if survey.status == Survey.Status.DRAFT:
        return Access.NONE
    if user.is_administrator:
        return Access.BREAKDOWNS
    closed = survey.status == Survey.Status.CLOSED
    if survey.community_id is None:
        if user.is_executive:
            return Access.BREAKDOWNS
        return Access.TOTALS if closed else Access.NONE
    leads = role in {Membership.Role.CONVENOR, Membership.Role.CO_CONVENOR}
    sponsors = survey.community is not None and survey.community.sponsor_id == user.pk
    if leads or sponsors or (user.is_executive and survey.community_id in readable):
        return Access.BREAKDOWNS
    if role is not None and closed:
        return Access.TOTALS
    return Access.NONE


# --- Figures -----------------------------------------------------------------

DIMENSIONS: dict[str, str] = {
    "function": "Function",
    "level": "Level",
    "site": "Site",
    "tenure": "Time in the organisation",
    "role": "Role in the community",
}
NOT_STATED = "Not stated"
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class Cell:
    """One released figure: the question's total (dimension "") or one cell of a breakdown.

    ``distribution`` counts each point of a rating scale, or each option of a
    choice question. A hidden cell carries no figure at all; a held one
    carries the figure released in week ``as_of_week`` (weeks count from 1).
    """

    dimension: str
    label: str
    status: Status
    count: int | None = None
    total: int | None = None
    distribution: tuple[int, ...] | None = None
    as_of_week: int | None = None

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.total is not None and self.count else None


@dataclass(frozen=True)
class Release:
    """Everything released for one question, the same for every viewer; cached."""

    cells: tuple[Cell, ...]
    comments: tuple[str, ...] = ()
    comments_status: Status = "hidden"
    comments_as_of_week: int | None = None

    @property
    def total(self) -> Cell:
        return next(c for c in self.cells if c.dimension == TOTAL)

    def breakdown(self, dimension: str) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.dimension == dimension)


@dataclass(frozen=True)
class QuestionResult:
    """What one viewer may see of one question."""

    question: Question
    points: tuple[str, ...]
    total: Cell
    breakdowns: dict[str, tuple[Cell, ...]]
    comments: tuple[str, ...]
    comments_status: Status
    comments_as_of_week: int | None

    @property
    def is_free_text(self) -> bool:
        return self.question.kind == QuestionKind.FREE_TEXT


@dataclass(frozen=True)
class SurveyResults:
    """What one viewer may see of one survey."""

    survey: Survey
    policy: Policy
    access: Access
    dimensions: tuple[str, ...]
    questions: tuple[QuestionResult, ...]

    @property
    def offers_breakdowns(self) -> bool:
        return self.access is Access.BREAKDOWNS


def survey_results(
    survey: Survey, viewer: User | AnonymousUser, dimension: str | None = None
) -> SurveyResults:
    """Return the figures the viewer may see, with breakdowns by one dimension or by all.

    The caller has checked that the viewer may see the survey at all; a
    dimension that is not offered raises SurveyError.
    """
    return _results(survey, results_access(viewer, survey), dimension)


def get_results_for_user(
    user: User | AnonymousUser, survey_id: uuid.UUID, dimension: str | None = None
) -> SurveyResults:
    """Return what the person may see of a survey's results, or raise 404."""
    survey = get_object_or_404(Survey.objects.select_related("community"), pk=survey_id)
    access = results_access(user, survey)
    if access is Access.NONE:
        raise Http404
    return _results(survey, access, dimension)


def _results(survey: Survey, access: Access, dimension: str | None) -> SurveyResults:
    dimensions = _dimensions_for(access, dimension)
    current = AnonymitySettings.policy()
    policy = survey.policy(current)
    questions = list(survey.questions.prefetch_related("options"))
    releases = _releases([survey], questions, current)
    return SurveyResults(
        survey=survey,
        policy=policy,
        access=access,
        dimensions=dimensions,
        questions=tuple(_for_viewer(q, releases[q.pk], dimensions) for q in questions),
    )


def _dimensions_for(access: Access, dimension: str | None) -> tuple[str, ...]:
    if dimension and dimension not in DIMENSIONS:
        names = ", ".join(DIMENSIONS)
        raise SurveyError(f"There is no breakdown by “{dimension}”. Choose one of: {names}.")
    if access is not Access.BREAKDOWNS:
        if dimension:
            raise SurveyError("Breakdowns of these results are not shown to you.")
        return ()
    return (dimension,) if dimension else tuple(DIMENSIONS)


def _for_viewer(question: Question, release: Release, dimensions: Sequence[str]) -> QuestionResult:
    return QuestionResult(
        question=question,
        points=_points(question),
        total=release.total,
        breakdowns={d: release.breakdown(d) for d in dimensions},
        comments=release.comments,
        comments_status=release.comments_status,
        comments_as_of_week=release.comments_as_of_week,
    )


def _points(question: Question) -> tuple[str, ...]:
    """Name what each number of a distribution counts: a scale point or an option."""
    if question.kind == QuestionKind.RATING:
        return tuple(str(point) for point in range(1, (question.scale or 0) + 1))
    return tuple(option.text for option in question.options.all())


# --- Releasing ---------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One respondent's answer to one question, with what the release needs of their response."""

    response_id: uuid.UUID
    period: int
    groups: dict[str, str]
    rating: int | None
    text: str
    option_ids: frozenset[int]


# The engine's decisions for one set of respondents over a number of weekly snapshots.
_Decisions = dict[tuple[int, tuple[uuid.UUID, ...]], tuple[Figure, ...]]


def _releases(
    surveys: Sequence[Survey], questions: Sequence[Question], current: Policy
) -> dict[int, Release]:
    """Return each question's release, from the cache or computed in a fixed number of queries.

    Each survey follows the thresholds fixed when it opened, so figures
    released under two thresholds can never be set against each other. The
    key holds the survey's response count and its policy: responses only
    accumulate, so the same count means the same responses, and a release
    depends on nothing else (its last snapshot is the same however many
    quiet weeks follow the last response).
    """
    counts = dict(
        Response.objects.filter(survey__in=surveys)
        .values("survey")
        .annotate(n=Count("pk"))
        .values_list("survey", "n")
    )
    by_id = {s.pk: s for s in surveys}
    policies = {s.pk: s.policy(current) for s in surveys}
    keys = {
        q.pk: f"surveys:release:{q.survey_id}:{q.pk}:{counts.get(q.survey_id, 0)}:"
        f"{policies[q.survey_id].minimum}:{policies[q.survey_id].free_text_minimum}"
        for q in questions
    }
    cached = cache.get_many(list(keys.values()))
    missing = [q for q in questions if keys[q.pk] not in cached]
    rows = _rows(missing)
    decided: _Decisions = {}
    fresh = {}
    for question in missing:
        survey = by_id[question.survey_id]
        release = _release(question, rows[question.pk], survey, policies[survey.pk], decided)
        fresh[keys[question.pk]] = release
    cache.set_many(fresh, CACHE_SECONDS)
    cached.update(fresh)
    return {q.pk: cached[keys[q.pk]] for q in questions}


def _rows(questions: Sequence[Question]) -> dict[int, list[_Row]]:
    """Read the answers to the questions, with their responses' groups and weeks: 2 queries."""
    rows: dict[int, list[_Row]] = {q.pk: [] for q in questions}
    if not questions:
        return rows
    chosen: dict[int, set[int]] = {}
    for answer_id, option_id in Answer.options.through.objects.filter(
        answer__question__in=questions
    ).values_list("answer_id", "option_id"):
        chosen.setdefault(answer_id, set()).add(option_id)
    answers = Answer.objects.filter(question__in=questions).values_list(
        "pk", "question_id", "response_id", "rating", "text", "response__period", "response__groups"
    )
    for pk, question_id, response_id, rating, text, period, groups in answers.order_by(
        "response_id"
    ):
        options = frozenset(chosen.get(pk, ()))
        row = _Row(response_id, period, _stated(groups), rating, text.strip(), options)
        rows[question_id].append(row)
    for answered in rows.values():
        answered.sort(key=_place)
    return rows


def _place(row: _Row) -> tuple[int, tuple[str, ...]]:
    """Order respondents by what the engine sees of them, never by id.

    Closing a survey writes its responses again with new ids. Were the
    engine handed them in a new order, it might settle a tie differently and
    release a different set of figures after the close than before it.
    """
    return row.period, tuple(row.groups[d] for d in DIMENSIONS)


def _stated(groups: object) -> dict[str, str]:
    given = groups if isinstance(groups, dict) else {}
    return {d: str(given.get(d) or NOT_STATED) for d in DIMENSIONS}


def _release(
    question: Question, rows: list[_Row], survey: Survey, policy: Policy, decided: _Decisions
) -> Release:
    """Let the engine decide which groups may be shown, then describe each shown group.

    Which groups may be shown does not depend on the answers, only on who
    answered and when, so questions with the same respondents share one
    decision. Each figure of a shown group (a rating's count, sum and
    distribution, or how many chose each option) is an aggregate over that
    group of at least ``minimum`` people (rule 6 of the engine).
    """
    periods = _periods(survey, rows)
    if question.kind == QuestionKind.FREE_TEXT:
        return _release_comments(rows, periods, policy)
    if question.kind == QuestionKind.RATING:
        rows = [r for r in rows if r.rating is not None]
    figures = _decide(rows, periods, policy, decided)
    return Release(tuple(_cell(question, figure, rows) for figure in figures))


def _periods(survey: Survey, rows: Sequence[_Row]) -> int:
    """Count the weekly snapshots from the opening up to now, or up to the close."""
    end = timezone.now()
    if survey.status == Survey.Status.CLOSED and survey.closed_at:
        end = min(end, survey.closed_at)
    weeks = max((end - survey.opens_at).days // 7, 0) if survey.opens_at else 0
    return max([weeks, *(r.period for r in rows)]) + 1


def _decide(
    rows: list[_Row], periods: int, policy: Policy, decided: _Decisions
) -> tuple[Figure, ...]:
    key = (periods, tuple(r.response_id for r in rows))
    if key not in decided:
        respondents = [anonymity.Response(1, r.groups, r.period) for r in rows]
        history = release_history(respondents, list(DIMENSIONS), periods, policy, scale=1)
        decided[key] = history[-1].figures
    return decided[key]


def _cell(question: Question, figure: Figure, rows: list[_Row]) -> Cell:
    as_of = figure.as_of
    if figure.status == "hidden" or as_of is None:
        return Cell(figure.dimension, figure.cell, "hidden")
    members = [r for r in rows if r.period <= as_of and _in_cell(r, figure)]
    cell = Cell(figure.dimension, figure.cell, figure.status, as_of_week=_week(as_of))
    if question.kind == QuestionKind.RATING:
        rated = tally((r.rating or 0 for r in members), question.scale or 0)
        return replace(cell, count=rated.count, total=rated.total, distribution=rated.distribution)
    options = [option.pk for option in question.options.all()]
    distribution = tuple(sum(option in r.option_ids for r in members) for option in options)
    return replace(cell, count=len(members), distribution=distribution)


def _in_cell(row: _Row, figure: Figure) -> bool:
    return figure.dimension == TOTAL or row.groups[figure.dimension] == figure.cell


def _week(period: int | None) -> int | None:
    return None if period is None else period + 1


def _release_comments(rows: list[_Row], periods: int, policy: Policy) -> Release:
    """Release comments only in batches of ``free_text_minimum``, shuffled, without groups.

    A list that grew by one comment would show which comment is new, so new
    comments wait until at least ``free_text_minimum`` have arrived since the
    last release. Comments are never broken down by group: they would then
    sit beside the group of the people who wrote them.
    """
    written = [r for r in rows if r.text]
    released: list[int] = []
    as_of = None
    for period in range(periods):
        count = sum(r.period <= period for r in written)
        if may_rerelease(released, count, policy.free_text_minimum):
            released, as_of = [count], period
    texts = [r.text for r in written if as_of is not None and r.period <= as_of]
    comments = tuple(release_free_text(texts, policy))
    status: Status = "shown" if len(comments) == len(written) else "held"
    if not comments:
        status = "hidden"
    total = Cell(TOTAL, TOTAL, status, count=len(comments) or None, as_of_week=_week(as_of))
    return Release((total,), comments, status, _week(as_of))


# --- Pulse trends ------------------------------------------------------------

OVERALL = ""


@dataclass(frozen=True)
class TrendFigure:
    """The released mean of one dimension of a pulse (``dimension`` "" for all its items).

    ``answers`` and ``total`` are sums of released question totals only, so
    that pooling them across waves or communities reveals nothing new.
    ``responses`` is the largest released respondent count among the items.
    """

    dimension: str
    status: Status
    responses: int | None = None
    answers: int | None = None
    total: int | None = None

    @property
    def mean(self) -> float | None:
        return self.total / self.answers if self.total is not None and self.answers else None


@dataclass(frozen=True)
class Wave:
    """One survey of a pulse about one community (or several, when pooled)."""

    label: str
    opened_on: datetime.date | None
    survey_id: uuid.UUID | None
    figures: tuple[TrendFigure, ...]

    def figure(self, dimension: str) -> TrendFigure:
        return next(f for f in self.figures if f.dimension == dimension)


@dataclass(frozen=True)
class CommunityTrend:
    community: Community
    waves: tuple[Wave, ...]


@dataclass(frozen=True)
class PulseTrend:
    """Per community, per wave, and pooled by month of opening across the communities."""

    instrument: str
    dimensions: tuple[str, ...]
    communities: tuple[CommunityTrend, ...]
    pooled: tuple[Wave, ...]


def pulse_trend(
    viewer: User | AnonymousUser, instrument: str, communities: Iterable[Community]
) -> PulseTrend:
    """Return the released means of a pulse's dimensions, wave by wave, for each community.

    Only surveys whose results the viewer may see count; a wave below the
    threshold appears with its figures hidden. The caller passes communities
    the viewer may know of. Costs a fixed number of queries.
    """
    communities = list(communities)
    surveys = list(
        Survey.objects.filter(instrument=instrument, community__in=communities)
        .exclude(status=Survey.Status.DRAFT)
        .select_related("community")
        .order_by("opens_at", "pk")
    )
    access = _access_to(viewer, surveys)
    surveys = [s for s in surveys if access[s.pk] > Access.NONE]
    questions = list(Question.objects.filter(survey__in=surveys, kind=QuestionKind.RATING))
    releases = _releases(surveys, questions, AnonymitySettings.policy())
    dimensions = tuple(sorted({q.dimension for q in questions if q.dimension}))
    waves = {s.pk: _wave(s, questions, releases, dimensions) for s in surveys}
    trends = tuple(
        CommunityTrend(c, tuple(waves[s.pk] for s in surveys if s.community_id == c.pk))
        for c in communities
    )
    return PulseTrend(instrument, dimensions, trends, _pooled(list(waves.values()), dimensions))


def _wave(
    survey: Survey,
    questions: Sequence[Question],
    releases: dict[int, Release],
    dimensions: Sequence[str],
) -> Wave:
    own = [q for q in questions if q.survey_id == survey.pk]
    figures = [_combine(OVERALL, [releases[q.pk].total for q in own])]
    for dimension in dimensions:
        cells = [releases[q.pk].total for q in own if q.dimension == dimension]
        figures.append(_combine(dimension, cells))
    opened_on = timezone.localdate(survey.opens_at) if survey.opens_at else None
    return Wave(survey.title, opened_on, survey.pk, tuple(figures))


def _combine(dimension: str, cells: Sequence[Cell]) -> TrendFigure:
    released = [c for c in cells if c.status != "hidden" and c.count and c.total is not None]
    if not released:
        return TrendFigure(dimension, "hidden")
    status: Status = "shown" if all(c.status == "shown" for c in cells) else "held"
    return TrendFigure(
        dimension,
        status,
        responses=max(c.count or 0 for c in released),
        answers=sum(c.count or 0 for c in released),
        total=sum(c.total or 0 for c in released),
    )


def _pooled(waves: Sequence[Wave], dimensions: Sequence[str]) -> tuple[Wave, ...]:
    """Add up the released figures of the waves that opened in the same month."""
    months: dict[str, list[Wave]] = {}
    for wave in waves:
        label = wave.opened_on.strftime("%B %Y") if wave.opened_on else "Not opened"
        months.setdefault(label, []).append(wave)
    return tuple(
        Wave(label, together[0].opened_on, None, _pool(together, dimensions))
        for label, together in months.items()
    )


def _pool(waves: Sequence[Wave], dimensions: Sequence[str]) -> tuple[TrendFigure, ...]:
    figures = []
    for dimension in (OVERALL, *dimensions):
        parts = [w.figure(dimension) for w in waves]
        released = [f for f in parts if f.status != "hidden"]
        if not released:
            figures.append(TrendFigure(dimension, "hidden"))
            continue
        status: Status = "shown" if all(f.status == "shown" for f in parts) else "held"
        figures.append(
            TrendFigure(
                dimension,
                status,
                responses=sum(f.responses or 0 for f in released),
                answers=sum(f.answers or 0 for f in released),
                total=sum(f.total or 0 for f in released),
            )
        )
    return tuple(figures)

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

import enum
import uuid
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.communities.models import Community, Membership
from convene.people.models import User
from convene.surveys.models import Survey


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


def get_results_survey_for_user(user: User | AnonymousUser, survey_id: uuid.UUID) -> Survey:
    """Return a survey whose results the person may see, or raise 404."""
    survey = get_object_or_404(Survey.objects.select_related("community"), pk=survey_id)
    if not may_see_results(user, survey):
        raise Http404
    return survey


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

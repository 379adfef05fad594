"""The agenda's measures: how fast executives respond, what communities take up, what is accepted,
and which issues projects work on.

Executives, sponsors and administrators see the organisation's figures;
everyone else sees their own communities'. Each figure is one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from convene.agenda.models import Contribution, Issue, Response, Uptake
from convene.agenda.workdays import median
from convene.communities.models import Community
from convene.people.models import User
from convene.projects.models import Project


@dataclass
class Measures:
    scope: str
    responses: int = 0
    median_days: float | None = None
    within_target: int = 0
    accepted: int = 0
    accepted_in_part: int = 0
    declined: int = 0
    awaiting: int = 0
    overdue: int = 0
    uptakes: list[dict[str, Any]] = field(default_factory=list)
    hidden_uptakes: int = 0
    issues_with_projects: int = 0
    project_issues: list[dict[str, Any]] = field(default_factory=list)
    hidden_project_issues: int = 0

    @property
    def within_target_percent(self) -> int | None:
        return round(100 * self.within_target / self.responses) if self.responses else None


def sees_everything(user: User) -> bool:
    return (
        user.is_executive
        or user.is_administrator
        or Community.objects.filter(sponsor=user).exists()
    )


def measures_for(user: User, today: datetime.date | None = None) -> Measures:
    """The figures a person may see, from the whole organisation or their own communities."""
    if sees_everything(user):
        return compute(user, "the whole organisation", None, today)
    return compute(user, "your communities", Community.objects.joined_by(user), today)


def compute(
    user: User,
    scope: str,
    communities: QuerySet[Community] | None,
    today: datetime.date | None = None,
    *,
    responder: User | None = None,
) -> Measures:
    """Figures over `communities` (None: all), or over what was addressed to `responder`;
    communities the person may not see stay unnamed."""
    today = today or timezone.localdate()
    contributions = Contribution.objects.all()
    uptakes = Uptake.objects.all()
    if responder is not None:
        contributions = contributions.filter(addressed_to=responder)
    if communities is not None:
        contributions = contributions.filter(community__in=communities)
        uptakes = uptakes.filter(community__in=communities)
    result = Measures(scope=scope)
    rows = list(
        Response.objects.filter(
            contribution__in=contributions, **({"responder": responder} if responder else {})
        ).values_list("outcome", "working_days", "target_on", "responded_at")
    )
    result.responses = len(rows)
    result.median_days = median([days for _, days, _, _ in rows])
    result.within_target = sum(1 for _, _, target, at in rows if timezone.localdate(at) <= target)
    result.accepted = sum(1 for outcome, *_ in rows if outcome == Response.Outcome.ACCEPTED)
    result.accepted_in_part = sum(
        1 for outcome, *_ in rows if outcome == Response.Outcome.ACCEPTED_IN_PART
    )
    result.declined = sum(1 for outcome, *_ in rows if outcome == Response.Outcome.DECLINED)
    waiting = contributions.filter(status=Contribution.Status.SUBMITTED).aggregate(
        awaiting=Count("pk"), overdue=Count("pk", filter=Q(target_on__lt=today))
    )
    result.awaiting, result.overdue = waiting["awaiting"], waiting["overdue"]
    visible = Community.objects.visible_to(user).values("pk")
    result.uptakes = [
        dict(row)
        for row in uptakes.filter(community__in=visible)
        .values("community__name", "community__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "community__name")
    ]
    result.hidden_uptakes = uptakes.exclude(community__in=visible).count()
    if responder is None:
        _project_figures(result, communities, visible)
    return result


def _project_figures(
    result: Measures, communities: QuerySet[Community] | None, visible: QuerySet[Any]
) -> None:
    """Issues that projects have taken on (proposed or beyond; not drafts, nor declined or
    withdrawn proposals): overall, and per community, private ones the person may not see
    counted together unnamed. An issue with projects in two communities counts once overall."""
    projects = Project.objects.filter(issue__isnull=False, status__in=Project.WORKING)
    if communities is not None:
        projects = projects.filter(community__in=communities)
    result.issues_with_projects = Issue.objects.filter(projects__in=projects).distinct().count()
    result.project_issues = [
        dict(row)
        for row in projects.filter(community__in=visible)
        .values("community__name", "community__slug")
        .annotate(issues=Count("issue", distinct=True))
        .order_by("-issues", "community__name")
    ]
    result.hidden_project_issues = (
        Issue.objects.filter(projects__in=projects.exclude(community__in=visible))
        .distinct()
        .count()
    )

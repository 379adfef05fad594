"""Counts of values-in-action stories, for the values pages and the payoff dashboards.

Counts cover every story not hidden by the person it is about, since a count
shows no one's words; the communities are named only where the viewer can
read them, and the rest fold into "other communities" without a name.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from convene.communities.models import Community
from convene.people.models import User
from convene.values.models import Value, ValueStory

RECENT_DAYS = 90
TOP_COMMUNITIES = 5
OTHER_COMMUNITIES = "Other communities"


@dataclass(frozen=True)
class ValueCount:
    """How many stories name one value: in all, and beyond communities (ripple effects)."""

    value: Value
    total: int
    beyond: int

    @property
    def inside(self) -> int:
        return self.total - self.beyond


@dataclass(frozen=True)
class CommunityCount:
    """Stories of a value from one community, or from all the viewer cannot read together."""

    name: str
    count: int
    community: Community | None = None


@dataclass(frozen=True)
class ValueSummary:
    value: Value
    total: int
    recent: int
    inside: int
    beyond: int
    communities: list[CommunityCount]


def value_counts(
    viewer: User | AnonymousUser,
    communities: Iterable[Community] | None = None,
    since: datetime.date | None = None,
) -> list[ValueCount]:
    """Count each value's stories in one query, the offered values first in their order.

    `communities` keeps to stories from those communities (ones the viewer
    cannot see count as none); `since` keeps to stories that happened on or
    after that day. Retired values appear only when they have stories.
    """
    if not viewer.is_authenticated:
        return []
    stories = Q(stories__hidden_at__isnull=True)
    if communities is not None:
        seen = Community.objects.visible_to(viewer).filter(pk__in=[c.pk for c in communities])
        stories &= Q(stories__community__in=seen.values("pk"))
    if since is not None:
        stories &= Q(stories__happened_on__gte=since)
    rows = Value.objects.annotate(
        total=Count("stories", filter=stories, distinct=True),
        beyond=Count("stories", filter=stories & Q(stories__beyond_community=True), distinct=True),
    ).order_by("-is_active", "order", "name")
    return [
        ValueCount(value=row, total=row.total, beyond=row.beyond)
        for row in rows
        if row.is_active or row.total
    ]


def summarise_value(viewer: User, value: Value, today: datetime.date | None = None) -> ValueSummary:
    """A value's counts and the communities its stories most often come from, in three queries."""
    stories = ValueStory.objects.not_hidden().filter(values=value)
    since = (today or timezone.localdate()) - datetime.timedelta(days=RECENT_DAYS)
    counts = stories.aggregate(
        total=Count("pk"),
        recent=Count("pk", filter=Q(happened_on__gte=since)),
        beyond=Count("pk", filter=Q(beyond_community=True)),
    )
    return ValueSummary(
        value=value,
        total=counts["total"],
        recent=counts["recent"],
        inside=counts["total"] - counts["beyond"],
        beyond=counts["beyond"],
        communities=_by_community(viewer, stories),
    )


def _by_community(viewer: User, stories: QuerySet[ValueStory]) -> list[CommunityCount]:
    """The most named communities the viewer can read, then the rest folded without a name."""
    per_community = dict(
        stories.filter(community__isnull=False)
        .values_list("community")
        .annotate(count=Count("pk"))
        .values_list("community", "count")
    )
    readable = Community.objects.readable_by(viewer).filter(pk__in=per_community)
    named = sorted(
        (CommunityCount(c.name, per_community[c.pk], c) for c in readable),
        key=lambda row: (-row.count, row.name),
    )
    shown = named[:TOP_COMMUNITIES]
    folded = sum(per_community.values()) - sum(row.count for row in shown)
    return shown + ([CommunityCount(OTHER_COMMUNITIES, folded)] if folded else [])

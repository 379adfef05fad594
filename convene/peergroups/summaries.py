"""What a page or the API shows about groups: their members, their mix, and why they differ.

Everything here reads groups whose placements were fetched with
`placements_for()`, so a page of groups costs the same few queries whatever
its length.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from convene.peergroups.diversity import Profile, explain, pair_diversity
from convene.peergroups.models import GroupMember, PeerGroup
from convene.peergroups.profiles import profile_of
from convene.people.models import User


@dataclass(frozen=True)
class Pair:
    first: User
    second: User
    diversity: float
    explanation: str


@dataclass(frozen=True)
class GroupSummary:
    group: PeerGroup
    members: list[User]
    pairs: list[Pair]

    @property
    def mean_diversity(self) -> float:
        """The average pair diversity, from 0 to 1: comparable across group sizes."""
        return sum(p.diversity for p in self.pairs) / len(self.pairs) if self.pairs else 0.0

    @property
    def mix(self) -> str:
        """E.g. '3 functions, 2 levels, 3 sites'."""
        counts = [
            (len({m.org_unit.function_id for m in self.members if m.org_unit}), "function"),
            (len({m.level for m in self.members if m.level}), "level"),
            (len({m.site_id for m in self.members if m.site_id}), "site"),
        ]
        return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts)


def placements_for() -> Prefetch[Any]:
    places = GroupMember.objects.select_related(
        "user__org_unit__function", "user__site"
    ).prefetch_related("user__expertise")
    return Prefetch("memberships", queryset=places)


def with_members(groups: QuerySet[PeerGroup]) -> QuerySet[PeerGroup]:
    return groups.select_related("round").prefetch_related(placements_for())


def summarise(groups: Iterable[PeerGroup], today: datetime.date) -> list[GroupSummary]:
    """Members, pair diversity and explanations, scored with the weights of each group's round."""
    return [_summary(group, group.round.weights, today) for group in groups]


def _summary(group: PeerGroup, weights: Mapping[str, float], today: datetime.date) -> GroupSummary:
    members = [place.user for place in group.memberships.all()]
    profiles: dict[int, Profile] = {m.pk: profile_of(m, today) for m in members}
    pairs = [
        Pair(
            a,
            b,
            pair_diversity(profiles[a.pk], profiles[b.pk], weights),
            explain(profiles[a.pk], profiles[b.pk]),
        )
        for a, b in itertools.combinations(members, 2)
    ]
    return GroupSummary(group, members, pairs)

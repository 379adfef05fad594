"""Counts of ripple effects for dashboards, in one query whatever the number of maps."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from convene.communities.models import Community
from convene.people.models import User
from convene.ripples.models import Capital, Effect, Level, RippleMap


@dataclass(frozen=True)
class RippleCounts:
    """How many placed effects, by ripple level, by community capital and by valence.

    An effect coded with several capitals counts once under each, so the
    capital counts may add up to more than `total`.
    """

    total: int
    by_level: dict[int, int]
    by_capital: dict[str, int]
    positive: int
    negative: int


def ripple_counts(
    viewer: User | AnonymousUser,
    communities: Iterable[Community] | None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> RippleCounts:
    """Count the effects on maps `viewer` may see, in one query.

    `communities` limits the count to those communities' maps; None counts
    every map the viewer may see, programme maps included. An effect is dated
    by when it happened or, failing that, by its map's session; `since` and
    `until` are inclusive.
    """
    maps = RippleMap.objects.visible_to(viewer)
    if communities is not None:
        maps = maps.filter(community__in=communities)
    effects = Effect.objects.placed().filter(map__in=maps)
    effects = effects.annotate(day=Coalesce("happened_on", "map__session_date"))
    if since is not None:
        effects = effects.filter(day__gte=since)
    if until is not None:
        effects = effects.filter(day__lte=until)
    counts = effects.aggregate(
        total=Count("id"),
        positive=Count("id", filter=Q(valence=Effect.Valence.POSITIVE)),
        negative=Count("id", filter=Q(valence=Effect.Valence.NEGATIVE)),
        **{f"level_{level}": Count("id", filter=Q(level=level)) for level in Level.values},
        **{
            f"capital_{code}": Count("id", filter=Q(capitals__contains=code))
            for code in Capital.values
        },
    )
    return RippleCounts(
        total=counts["total"],
        by_level={level: counts[f"level_{level}"] for level in Level.values},
        by_capital={code: counts[f"capital_{code}"] for code in Capital.values},
        positive=counts["positive"],
        negative=counts["negative"],
    )

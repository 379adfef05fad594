"""The mix of a group of people: how many come from each function, level, site and tenure band.

Any group can show its mix. Build it with `team_mix(people)`, then render it
with the shared partial, which draws each dimension as a bar chart that is
also a plain table for screen readers:

    {% include "people/_team_mix.html" with mix=mix %}

The community page passes its members this way; a project team or a peer
group passes its own people and includes the same partial.

Levels and tenure bands are fixed scales, so all of their rows are shown in
order, zeros included: a gap is part of the picture. Functions and sites
show only those present, largest first. Each dimension ends with a "not
given" row when some profiles leave it blank.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils import timezone

from convene.people.models import User
from convene.people.tenure import TENURE_BANDS, tenure_band, tenure_band_label


@dataclass(frozen=True)
class MixRow:
    """One bar: a label, how many people it covers and their share of the whole."""

    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class MixDimension:
    """One chart: the rows for one way of describing people, such as their site."""

    key: str
    name: str
    rows: list[MixRow]


@dataclass(frozen=True)
class TeamMix:
    """The mix of a group of people along every dimension Convene shows."""

    total: int
    dimensions: list[MixDimension]


class _Profile(NamedTuple):
    function: str | None
    level: str
    site: str | None
    started_on: datetime.date | None


def team_mix(
    people: QuerySet[User] | Iterable[User], today: datetime.date | None = None
) -> TeamMix:
    """Count `people` by function, level, site and tenure band.

    A queryset costs one query. Users already in memory cost none, provided
    they were loaded with `select_related("org_unit__function", "site")`.
    """
    profiles = _profiles(people)
    today = today or timezone.localdate()
    total = len(profiles)
    counted = [
        ("function", "Function", _by_size([p.function for p in profiles], "Function not given")),
        ("level", "Level", _by_level([p.level for p in profiles])),
        ("site", "Site", _by_size([p.site for p in profiles], "Site not given")),
        ("tenure", "Tenure", _by_tenure([p.started_on for p in profiles], today)),
    ]
    return TeamMix(
        total=total,
        dimensions=[
            MixDimension(key, name, [MixRow(label, n, _percent(n, total)) for label, n in rows])
            for key, name, rows in counted
        ],
    )


def _profiles(people: QuerySet[User] | Iterable[User]) -> list[_Profile]:
    if isinstance(people, QuerySet):
        fields = ("org_unit__function__name", "level", "site__name", "started_on")
        return [_Profile(*row) for row in people.order_by().values_list(*fields)]
    return [
        _Profile(
            person.function.name if person.function else None,
            person.level,
            person.site.name if person.site else None,
            person.started_on,
        )
        for person in people
    ]


def _by_size(values: list[str | None], not_given: str) -> list[tuple[str, int]]:
    """The values present, largest first and then alphabetically."""
    counts = Counter(value for value in values if value is not None)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return rows + _not_given(values.count(None), not_given)


def _by_level(levels: list[str]) -> list[tuple[str, int]]:
    counts = Counter(levels)
    rows = [(str(label), counts[value]) for value, label in User.Level.choices]
    return rows + _not_given(counts[""], "Level not given")


def _by_tenure(started: list[datetime.date | None], today: datetime.date) -> list[tuple[str, int]]:
    counts = Counter(tenure_band(started_on, today) for started_on in started)
    rows = [(label, counts[index]) for index, (label, _) in enumerate(TENURE_BANDS)]
    return rows + _not_given(counts[None], tenure_band_label(None))


def _not_given(count: int, label: str) -> list[tuple[str, int]]:
    return [(label, count)] if count else []


def _percent(count: int, total: int) -> int:
    """A whole-number share of `total`, halves rounded up; 0 for an empty group."""
    if not total:
        return 0
    return (200 * count + total) // (2 * total)

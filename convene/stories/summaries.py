"""The value-creation matrix: steps of stories counted by community and cycle.

After Wenger, Trayner & de Laat (2011), a grid of cycles by community, each
cell counting the steps told in it and linking one story as an example, so a
dashboard shows where value is being created rather than a single score.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from convene.communities.models import Community
from convene.people.models import User
from convene.stories.models import Cycle, Step, Story, community_known_to


@dataclass(frozen=True)
class Exemplar:
    """A story shown as an example in a cell: its title, who told it, and its address."""

    id: uuid.UUID
    title: str
    byline: str
    url: str


@dataclass(frozen=True)
class Cell:
    cycle: str
    steps: int
    exemplar: Exemplar | None


@dataclass(frozen=True)
class MatrixRow:
    community: Community
    cells: list[Cell]

    @property
    def total(self) -> int:
        return sum(cell.steps for cell in self.cells)


@dataclass(frozen=True)
class ValueMatrix:
    rows: list[MatrixRow]
    cycles: list[tuple[str, str]] = field(default_factory=lambda: list(Cycle.choices))


def value_matrix(
    viewer: User | AnonymousUser,
    communities: Iterable[Community],
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> ValueMatrix:
    """Count the steps per community and cycle in stories the viewer may read and whose
    authors consent to quoting, with the most recently updated such story as each cell's
    example; steps added from `since` to `until` (both included) when given.

    Three queries whatever the number of communities or stories. Pass only communities
    the viewer may know of; stories are filtered here.
    """
    communities = list(communities)
    steps = _steps(viewer, communities, since, until)
    counts = {
        (row["story__community"], row["cycle"]): row["steps"]
        for row in steps.values("story__community", "cycle").annotate(steps=Count("id"))
    }
    exemplars = _exemplars(viewer, steps)
    return ValueMatrix(
        rows=[
            MatrixRow(
                community=community,
                cells=[
                    Cell(
                        cycle=cycle,
                        steps=counts.get((community.pk, cycle), 0),
                        exemplar=exemplars.get((community.pk, cycle)),
                    )
                    for cycle in Cycle.values
                ],
            )
            for community in communities
        ]
    )


def _steps(
    viewer: User | AnonymousUser,
    communities: list[Community],
    since: datetime.date | None,
    until: datetime.date | None,
) -> QuerySet[Step]:
    stories = Story.objects.visible_to(viewer).reportable()
    steps = Step.objects.filter(
        story__in=stories, story__community__in=[community.pk for community in communities]
    )
    if since is not None:
        steps = steps.filter(created_at__date__gte=since)
    if until is not None:
        steps = steps.filter(created_at__date__lte=until)
    return steps


def _exemplars(
    viewer: User | AnonymousUser, steps: QuerySet[Step]
) -> dict[tuple[int, str], Exemplar]:
    cells = (
        steps.values_list("story__community", "cycle", "story")
        .order_by("story__community", "cycle", "-story__updated_at", "story")
        .distinct()
    )
    chosen: dict[tuple[int, str], uuid.UUID] = {}
    for community_id, cycle, story_id in cells:
        chosen.setdefault((community_id, cycle), story_id)
    stories = (
        Story.objects.filter(pk__in=set(chosen.values()))
        .select_related("author", "community")
        .annotate(community_known=community_known_to(viewer))
    )
    by_id = {
        story.pk: Exemplar(
            story.pk, story.title, story.byline_for(viewer), story.get_absolute_url()
        )
        for story in stories
    }
    return {cell: by_id[story_id] for cell, story_id in chosen.items()}

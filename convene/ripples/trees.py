"""A map's effects as a tree: nested for pages and the API, flat nodes for drawing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from convene.ripples.drawing import Node
from convene.ripples.models import Effect


@dataclass
class Branch:
    """An effect with the effects that grew from it."""

    effect: Effect
    children: list[Branch] = field(default_factory=list)


def grow(effects: Iterable[Effect]) -> list[Branch]:
    """Nest placed effects under their parents, in the order given; the centre's first."""
    branches: dict[int | None, Branch] = {
        effect.pk: Branch(effect) for effect in effects if effect.placed
    }
    roots: list[Branch] = []
    for branch in branches.values():
        parent = branches.get(branch.effect.parent_id)
        (parent.children if parent else roots).append(branch)
    return roots


def drawing_nodes(effects: Iterable[Effect]) -> list[Node]:
    return [
        Node(
            id=effect.pk,
            parent_id=effect.parent_id,
            text=effect.text,
            level=effect.level,
            positive=effect.valence == Effect.Valence.POSITIVE,
            intended=effect.intended,
        )
        for effect in effects
        if effect.placed
    ]

"""Small builders for ripple-map tests."""

from __future__ import annotations

import datetime
from typing import Any

from convene.communities.models import Community
from convene.people.models import User
from convene.ripples import services
from convene.ripples.models import Effect, RippleMap
from convene.ripples.services import EffectDetails

SESSION_DAY = datetime.date(2026, 3, 12)


def make_map(
    actor: User, community: Community | None, title: str = "What rippled out", **fields: Any
) -> RippleMap:
    return services.create_map(
        actor=actor,
        community=community,
        title=title,
        centre=fields.pop("centre", "Leading Through Change programme"),
        session_date=fields.pop("session_date", SESSION_DAY),
        **fields,
    )


def add(
    actor: User, ripple_map: RippleMap, text: str = "Managers met across sites", **fields: Any
) -> Effect:
    return services.add_effect(
        actor=actor, ripple_map=ripple_map, details=EffectDetails(text=text, **fields)
    )


def chain(actor: User, ripple_map: RippleMap, count: int) -> list[Effect]:
    """`count` effects, each growing from the one before, ringing outwards to level 4."""
    effects: list[Effect] = []
    for number in range(count):
        parent = effects[-1] if effects else None
        level = min(4, 1 + number)
        effects.append(add(actor, ripple_map, f"Effect {number}", parent=parent, level=level))
    return effects

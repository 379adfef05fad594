"""What a map's page and its live fragment show, in a fixed number of queries.

One query for the map, one for whether the viewer leads its community, one
for every effect with its people, and one for the people a form offers; the
drawing is cached by what it shows, so polling redraws only after a change.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import QueryDict

from convene.people.models import User
from convene.ripples import exports, services
from convene.ripples.access import get_map_for_user
from convene.ripples.forms import EffectForm
from convene.ripples.models import Capital, Effect, Level, RippleMap
from convene.ripples.trees import drawing_nodes, grow

POLL_SECONDS = 4
DRAWING_CACHE_SECONDS = 60 * 60


@dataclass
class MapPage:
    viewer: User
    ripple_map: RippleMap
    effects: list[Effect]
    runs_it: bool

    @classmethod
    def load(cls, viewer: User | AnonymousUser, map_id: uuid.UUID) -> MapPage:
        ripple_map = get_map_for_user(viewer, map_id)
        effects = list(exports.effects_of(ripple_map))
        for effect in effects:
            effect.map = ripple_map
        assert isinstance(viewer, User)
        return cls(viewer, ripple_map, effects, ripple_map.is_run_by(viewer))

    @cached_property
    def placed(self) -> list[Effect]:
        return [effect for effect in self.effects if effect.placed]

    @cached_property
    def people(self) -> list[User]:
        return list(self.ripple_map.audience())

    def effect_form(
        self, data: QueryDict | None = None, initial: dict[str, Any] | None = None
    ) -> EffectForm:
        return EffectForm(
            data,
            initial=initial,
            ripple_map=self.ripple_map,
            placed=self.placed,
            people=self.people,
        )

    def context(self, **extra: Any) -> dict[str, Any]:
        waiting = [effect for effect in self.effects if not effect.placed]
        return {
            "ripple_map": self.ripple_map,
            "runs_it": self.runs_it,
            "can_add": services.may_add(self.viewer, self.ripple_map, runs_it=self.runs_it),
            "tree": grow(self.placed),
            "placed": self.placed,
            "waiting": waiting,
            "mine_waiting": {
                e.pk for e in waiting if services.may_edit(self.viewer, e, runs_it=self.runs_it)
            },
            "to_confirm": [e for e in self.placed if e.witness_id == self.viewer.pk],
            "levels": Level.choices,
            "capitals": Capital.choices,
            "drawing": self.drawing(),
            "poll_seconds": POLL_SECONDS,
            **extra,
        }

    def drawing(self) -> str:
        nodes = drawing_nodes(self.placed)
        shown = repr((self.ripple_map.title, self.ripple_map.centre, nodes))
        key = f"ripples:svg:{hashlib.sha256(shown.encode()).hexdigest()}"
        svg = cache.get(key)
        if svg is None:
            svg = exports.inline_svg(self.ripple_map, self.placed)
            cache.set(key, svg, DRAWING_CACHE_SECONDS)
        return svg

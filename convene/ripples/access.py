"""The one way views and the API fetch ripple maps and their effects for a person.

Each helper returns the object or raises Http404, so a private community's map
is indistinguishable from one that does not exist.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.communities.models import Community
from convene.people.models import User
from convene.ripples.models import Effect, RippleMap

# The largest id the database stores; a larger one names nothing.
LARGEST_ID = 2**63 - 1


def get_map_for_user(user: User | AnonymousUser, map_id: uuid.UUID) -> RippleMap:
    maps = RippleMap.objects.visible_to(user).select_related(
        "community", "facilitator", "map_maker"
    )
    return get_object_or_404(maps, pk=map_id)


def get_effect_on_map(ripple_map: RippleMap, effect_id: int) -> Effect:
    """An effect on a map the caller fetched through get_map_for_user."""
    if not 0 < effect_id <= LARGEST_ID:
        raise Http404
    effect = get_object_or_404(
        Effect.objects.select_related("storyteller", "witness", "parent"),
        map=ripple_map,
        pk=effect_id,
    )
    effect.map = ripple_map
    return effect


def get_community_for_maps(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose maps the person may see and start: one they may read."""
    return get_object_or_404(Community.objects.readable_by(user), slug=slug)

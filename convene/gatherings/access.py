"""The one way views, feeds and the API fetch gatherings for a person.

Each helper returns the object or raises Http404: a private community's
gatherings are indistinguishable from ones that do not exist, to outsiders.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from convene.communities.models import Community
from convene.gatherings.models import Gathering, Intention, readable_communities_for
from convene.people.models import User


def get_community_for_gatherings(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose gatherings the person may see, or 404."""
    return get_object_or_404(readable_communities_for(user), slug=slug)


def get_gathering_for_user(
    user: User | AnonymousUser, gathering_id: uuid.UUID, slug: str | None = None
) -> Gathering:
    gatherings = Gathering.objects.visible_to(user).select_related(
        "community", "facilitator", "created_by"
    )
    if slug is not None:
        gatherings = gatherings.filter(community__slug=slug)
    return get_object_or_404(gatherings, pk=gathering_id)


def get_own_intention(user: User | AnonymousUser, gathering: Gathering) -> Intention | None:
    """The person's own "what will I apply?" for a gathering they can see, if any."""
    intention = Intention.objects.of(user).filter(gathering=gathering).first()
    if intention is not None:
        intention.gathering = gathering
    return intention

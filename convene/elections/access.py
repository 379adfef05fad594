"""The one way views and the API fetch elections and nominations for a person.

Each helper returns the object or raises Http404: an election is reachable
only through a community whose conversations the person may read, so a
private community's elections are invisible to outsiders.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from convene.communities.access import get_charter_community_for_user
from convene.communities.models import Community
from convene.elections.models import Election, Nomination
from convene.people.models import User


def get_election_community_for_user(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose elections the person may see: as with its conversations, and every
    community for administrators, who may run its elections."""
    if user.is_authenticated and user.is_active and user.is_administrator:
        return get_object_or_404(Community, slug=slug)
    return get_charter_community_for_user(user, slug)


def get_election_for_user(
    user: User | AnonymousUser, slug: str, election_id: uuid.UUID
) -> Election:
    community = get_election_community_for_user(user, slug)
    election = get_object_or_404(
        Election.objects.filter(community=community).select_related("winner"), pk=election_id
    )
    election.community = community
    return election


def get_election_by_id(user: User | AnonymousUser, election_id: uuid.UUID) -> Election:
    return get_object_or_404(
        Election.objects.visible_to(user).select_related("community"), pk=election_id
    )


def get_nomination_for_user(
    user: User | AnonymousUser, election: Election, nomination_id: uuid.UUID
) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related("nominee"), election=election, pk=nomination_id
    )
    nomination.election = election
    return nomination

"""The one way views and the API fetch rounds, groups and meeting times for a person.

Each helper returns the object or raises Http404: a round is reachable only by
those who may manage it, and a group's space only by its members once the
round is published.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from convene.peergroups.models import MeetingProposal, PeerGroup, Round
from convene.people.models import User


def get_round_for_manager(user: User | AnonymousUser, round_id: uuid.UUID) -> Round:
    return get_object_or_404(Round.objects.managed_by(user), pk=round_id)


def get_group_for_member(user: User | AnonymousUser, group_id: uuid.UUID) -> PeerGroup:
    return get_object_or_404(PeerGroup.objects.of_member(user).select_related("round"), pk=group_id)


def get_proposal_for_member(user: User | AnonymousUser, proposal_id: uuid.UUID) -> MeetingProposal:
    groups = PeerGroup.objects.of_member(user)
    return get_object_or_404(
        MeetingProposal.objects.select_related("group__round").filter(group__in=groups),
        pk=proposal_id,
    )

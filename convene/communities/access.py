"""The one way views and the API fetch communities and their records for a person.

Each helper returns the object or raises Http404, so a private community is
indistinguishable from one that does not exist.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.communities.models import CharterVersion, Community, Invitation, JoinRequest
from convene.people.models import User

MAX_VERSION_NUMBER = 2**31 - 1  # the largest number every database stores in an integer


def get_community_for_user(user: User | AnonymousUser, slug: str) -> Community:
    return get_object_or_404(
        Community.objects.visible_to(user).select_related("sponsor"), slug=slug
    )


def get_community_by_join_link(user: User | AnonymousUser, token: str) -> Community:
    """A private community's join link lets its holder see the name and ask to join."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Community, join_link_token=token)


def get_join_request_for_manager(
    user: User | AnonymousUser, community: Community, request_id: uuid.UUID
) -> JoinRequest:
    if not community.can_manage(user):
        raise Http404
    return get_object_or_404(
        JoinRequest.objects.select_related("user", "community"),
        pk=request_id,
        community=community,
    )


def get_invitation_for_invitee(user: User | AnonymousUser, invitation_id: uuid.UUID) -> Invitation:
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Invitation.objects.select_related("community", "invited_by"),
        pk=invitation_id,
        invitee=user,
    )


def get_charter_community_for_user(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose charter the person may read: as with its conversations, members only
    when it is private."""
    return get_object_or_404(
        Community.objects.readable_by(user).select_related("sponsor"), slug=slug
    )


def get_charter_version_for_user(
    user: User | AnonymousUser, community: Community, number: int
) -> CharterVersion:
    """A version of a readable community's charter; drafts only for its leaders."""
    if not 1 <= number <= MAX_VERSION_NUMBER:
        raise Http404
    version = get_object_or_404(
        CharterVersion.objects.visible_to(user, community).select_related("author", "adopted_by"),
        number=number,
    )
    version.community = community
    return version

"""The one way views and the API fetch reflections and communities' shared answers.

Each helper returns the object or raises Http404, so someone else's reflection
is indistinguishable from one that does not exist, and so is a private
community the person cannot read.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from convene.communities.models import Community
from convene.people.models import User
from convene.reflections.models import Reflection


def get_own_reflection(user: User | AnonymousUser, reflection_id: uuid.UUID) -> Reflection:
    """One of the person's own reflections; no one else's, whatever their role."""
    reflections = Reflection.objects.visible_to(user).select_related("community", "shared_with")
    return get_object_or_404(reflections, pk=reflection_id)


def get_community_to_share_with(user: User | AnonymousUser, slug: str) -> Community:
    """A community the person can see; the sharing service then checks they belong to it."""
    return get_object_or_404(Community.objects.visible_to(user), slug=slug)


def get_community_to_read(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose shared reflections the person may read: open ones and their own."""
    return get_object_or_404(Community.objects.readable_by(user), slug=slug)

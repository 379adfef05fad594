"""The one way views and the API fetch lessons and community progress for a person.

Each helper returns the object or raises Http404, so what one may not see is
indistinguishable from what does not exist.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.communities.access import get_community_for_user
from convene.communities.models import Community
from convene.learning.models import Lesson
from convene.people.models import User


def get_lesson_for_user(user: User | AnonymousUser, module_slug: str, lesson_slug: str) -> Lesson:
    return get_object_or_404(
        Lesson.objects.visible_to(user).select_related(
            "module", "edited_by", "discussion__community"
        ),
        module__slug=module_slug,
        slug=lesson_slug,
    )


def get_lesson_for_editor(user: User | AnonymousUser, module_slug: str, lesson_slug: str) -> Lesson:
    """A lesson an administrator may edit; everyone else gets 404."""
    if not user.is_authenticated or not user.is_administrator:
        raise Http404
    return get_lesson_for_user(user, module_slug, lesson_slug)


def may_see_community_progress(user: User | AnonymousUser, community: Community) -> bool:
    """The community's sponsor and administrators see its aggregate progress."""
    return user.is_authenticated and (
        user.is_administrator
        or (community.sponsor_id is not None and community.sponsor_id == user.pk)
    )


def get_community_for_progress(user: User | AnonymousUser, slug: str) -> Community:
    community = get_community_for_user(user, slug)
    if not may_see_community_progress(user, community):
        raise Http404
    return community

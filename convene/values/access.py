"""The one way views and the API fetch values and value stories for a person.

Each helper returns the object or raises Http404, so a story kept to a
private community is indistinguishable, to anyone outside it, from one that
does not exist.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.people.models import User
from convene.values.models import Value, ValueStory


def get_value_for_user(user: User | AnonymousUser, value_id: int) -> Value:
    """Any value, offered or retired, for anyone signed in."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    return get_object_or_404(Value, pk=value_id)


def get_value_for_administrator(user: User | AnonymousUser, value_id: int) -> Value:
    """A value to change; everyone but administrators gets 404."""
    require_administrator(user)
    return get_object_or_404(Value, pk=value_id)


def require_administrator(user: User | AnonymousUser) -> None:
    if not user.is_authenticated or not user.is_active or not user.is_administrator:
        raise Http404


def get_story_for_user(user: User | AnonymousUser, story_id: uuid.UUID) -> ValueStory:
    """A story the person may read, with what its page shows."""
    return get_object_or_404(ValueStory.objects.visible_to(user).for_list(), pk=story_id)


def get_own_story(user: User | AnonymousUser, story_id: uuid.UUID) -> ValueStory:
    """A story of the person's own, for editing and deleting."""
    story = get_story_for_user(user, story_id)
    if story.author_id != user.pk:
        raise Http404
    return story

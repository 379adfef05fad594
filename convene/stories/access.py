"""The one way views and the API fetch stories, their steps and intentions for a person.

Each helper returns the object or raises Http404, so a private story, or one
shared with a community the person is not in, is indistinguishable from one
that does not exist.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.communities.models import Community
from convene.gatherings.models import Intention
from convene.people.models import User
from convene.stories.models import Step, Story, community_known_to


def get_story_for_user(user: User | AnonymousUser, story_id: uuid.UUID) -> Story:
    """A story the person may read: their own, or one shared with them."""
    stories = Story.objects.visible_to(user).select_related("author", "community")
    stories = stories.annotate(community_known=community_known_to(user))
    return get_object_or_404(stories, pk=story_id)


def get_own_story(user: User | AnonymousUser, story_id: uuid.UUID) -> Story:
    """A story of the person's own, for pages only the author has (editing, adding steps)."""
    story = get_story_for_user(user, story_id)
    if story.author_id != user.pk:
        raise Http404
    return story


def get_own_step(user: User | AnonymousUser, story: Story, step_id: int) -> Step:
    """A step of `story`, which the caller fetched through get_own_story."""
    if not 0 < step_id < 2**63:
        raise Http404
    step = get_object_or_404(Step.objects.filter(story=story), pk=step_id)
    step.story = story
    return step


def get_own_intention(user: User | AnonymousUser, intention_id: uuid.UUID) -> Intention:
    """One of the person's own "What will I apply?" intentions."""
    intentions = Intention.objects.of(user).select_related("gathering__community")
    return get_object_or_404(intentions, pk=intention_id)


def get_community_for_stories(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose shared stories the person may read: one they know exists."""
    return get_object_or_404(Community.objects.visible_to(user), slug=slug)

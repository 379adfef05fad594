"""Template filters for stories: who told one, as the person reading may see it."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from convene.people.models import User
from convene.stories.models import Story

register = template.Library()


@register.filter
def byline_for(story: Story, viewer: User | AnonymousUser) -> str:
    return story.byline_for(viewer)

"""Template tags other apps' pages use to show the programme: a profile mark, a link."""

from __future__ import annotations

import datetime

from django import template
from django.contrib.auth.models import AnonymousUser

from convene.communities.models import Community
from convene.learning.access import may_see_community_progress
from convene.learning.progress import programme_completed_on
from convene.people.models import User

register = template.Library()


@register.simple_tag
def programme_completion(person: User) -> datetime.datetime | None:
    """When the person completed the introductory programme, or None."""
    return programme_completed_on(person)


@register.filter
def sees_learning_progress(community: Community, user: User | AnonymousUser) -> bool:
    """Whether `user` may see the community's aggregate progress in the programme."""
    return may_see_community_progress(user, community)

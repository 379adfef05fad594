"""Builders for reflection tests."""

from __future__ import annotations

from convene.communities.models import Community
from convene.people.models import User
from convene.reflections import services
from convene.reflections.models import Reflection, SharedReflection
from convene.reflections.prompts import COMMUNITY_MEANING

SECRET = "I have never told anyone that I dread our Monday meetings."


def make_reflection(
    author: User,
    body: str = SECRET,
    *,
    prompt: str = COMMUNITY_MEANING.key,
    community: Community | None = None,
) -> Reflection:
    return services.write_reflection(actor=author, prompt=prompt, body=body, community=community)


def share(
    reflection: Reflection, community: Community, body: str | None = None
) -> SharedReflection:
    return services.share_reflection(
        actor=reflection.author, reflection=reflection, community=community, body=body
    )

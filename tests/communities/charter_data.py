"""Builders for charter tests: versions at each stage of their life."""

from __future__ import annotations

from typing import Any

from convene.communities import services
from convene.communities.models import CharterVersion, Community
from convene.people.models import User


def draft(community: Community, leader: User, purpose: str = "We learn together.", **texts: Any):
    return services.draft_charter_version(
        actor=leader, community=community, purpose=purpose, **texts
    )


def proposed(community: Community, leader: User, **texts: Any) -> CharterVersion:
    return services.propose_charter_version(actor=leader, version=draft(community, leader, **texts))


def adopted(community: Community, leader: User, **texts: Any) -> CharterVersion:
    return services.adopt_charter_version(
        actor=leader, version=proposed(community, leader, **texts)
    )

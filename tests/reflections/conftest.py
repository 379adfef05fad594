"""Fixtures for the reflection journal: a community big enough to share with, and API clients."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from convene.communities.models import Community
from convene.people.models import User
from tests.api.conftest import api_as  # noqa: F401 (API clients signed in with a token)
from tests.factories import make_community, make_person


@dataclass
class Circle:
    """The member's five-strong private community, with a fellow member in it."""

    community: Community
    fellow: User


@pytest.fixture
def circle(people) -> Circle:
    fellow = make_person("Fay Fellow")
    others = [make_person(f"Member {n}") for n in range(2)]
    community = make_community(
        "Reflective Practice",
        private=True,
        convenor=people.convenor,
        members=[people.member, fellow, *others],
        sponsor=people.sponsor,
    )
    return Circle(community=community, fellow=fellow)

"""Fixtures for stretch goals: a member's peer group, and API clients with tokens."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from convene.people.models import User
from tests.api.conftest import api_as  # noqa: F401 (API clients signed in with a token)
from tests.factories import make_person
from tests.goals.builders import make_group


@dataclass
class Circle:
    """The member, a peer in a published group with them, and a peer in an unpublished round."""

    owner: User
    peer: User
    unpublished_peer: User


@pytest.fixture
def circle(people) -> Circle:
    peer = make_person("Pat Peer")
    unpublished_peer = make_person("Uma Unpublished")
    make_group(people.member, peer)
    make_group(people.member, unpublished_peer, published=False)
    return Circle(owner=people.member, peer=peer, unpublished_peer=unpublished_peer)

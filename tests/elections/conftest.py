"""Elections at each phase, opened through the services and moved along the clock."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import pytest
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.elections import services
from convene.elections.models import Election, Nomination
from convene.people.models import User
from tests.api.conftest import api_as  # noqa: F401  (the API tests' token clients)
from tests.factories import make_person

HOUR = datetime.timedelta(hours=1)


def open_election(community: Community, actor: User, **options: object) -> Election:
    now = timezone.now()
    chosen: dict = {
        "voting_opens_at": now + 24 * HOUR,
        "voting_closes_at": now + 48 * HOUR,
        **options,
    }
    return services.open_election(actor=actor, community=community, **chosen)


def start_voting(election: Election) -> Election:
    """Move the election into its voting window, as if the clock had run on."""
    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(
        nominations_open_at=now - 48 * HOUR, voting_opens_at=now - HOUR
    )
    election.refresh_from_db()
    return election


def end_voting(election: Election) -> Election:
    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(
        nominations_open_at=now - 72 * HOUR,
        voting_opens_at=now - 48 * HOUR,
        voting_closes_at=now - HOUR,
    )
    election.refresh_from_db()
    return election


def stand(election: Election, *people: User) -> list[Nomination]:
    """Each person nominates themselves, so they stand at once."""
    return [services.nominate(actor=p, election=election, nominee=p) for p in people]


def add_members(community: Community, count: int, prefix: str = "Voter") -> list[User]:
    people = [make_person(f"{prefix} {i:03d}") for i in range(count)]
    Membership.objects.bulk_create([Membership(community=community, user=p) for p in people])
    return people


@pytest.fixture
def circle(people) -> Community:
    """The open community: its convenor, Maya, and four more members."""
    add_members(people.open_community, 4, prefix="Circle")
    return people.open_community


@pytest.fixture
def nominating(people, circle) -> Election:
    return open_election(circle, people.convenor)


@pytest.fixture
def voting(people, circle, nominating) -> Election:
    """Voting open, with Maya and one other member standing."""
    other = circle.memberships.current().filter(user__full_name="Circle 000").get().user
    stand(nominating, people.member, other)
    return start_voting(nominating)


def ids(nominations: Iterable[Nomination]) -> list[str]:
    return [str(n.pk) for n in nominations]

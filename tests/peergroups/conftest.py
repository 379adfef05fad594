"""A community of fifteen with varied profiles, and a way to form a round straight away."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from convene.communities.models import Community, Membership
from convene.peergroups import services
from convene.peergroups.models import PeerGroup, Round
from convene.people.models import User
from tests.api.conftest import api_as  # noqa: F401  (the API tests' token clients)
from tests.factories import make_expertise, make_function, make_person, make_site, make_unit

FUNCTIONS = ("Finance", "Operations", "People", "Technology", "Sales")
SITES = ("Leeds", "Bristol", "Glasgow")
LEVELS = ("front_line", "middle", "senior")
EXPERTISE = ("Coaching", "Budgets", "Data", "Safety", "Change")


@pytest.fixture(autouse=True)
def _short_search(settings):
    settings.PEERGROUPS_SEARCH_SECONDS = 0.1


def make_varied_people(count: int, prefix: str = "Varied") -> list[User]:
    people = []
    for i in range(count):
        person = make_person(
            f"{prefix} {i:02d}",
            org_unit=make_unit(f"Unit {i % 5}", make_function(FUNCTIONS[i % 5])),
            site=make_site(SITES[i % 3]),
            level=LEVELS[i % 3],
            started_on=datetime.date(2026, 1, 1) - datetime.timedelta(days=400 * i),
            perspectives=f"I bring {EXPERTISE[i % 5].lower()} experience from {SITES[i % 3]}.",
        )
        person.expertise.add(
            make_expertise(EXPERTISE[i % 5]), make_expertise(EXPERTISE[(i + 2) % 5])
        )
        people.append(person)
    return people


def groups_of_four_and_three(round: Round) -> tuple[PeerGroup, PeerGroup]:
    """A group at the most a triad round allows, and one at the fewest."""
    by_size = {group.memberships.count(): group for group in round.groups.all()}
    return by_size[4], by_size[3]


def add_members(community: Community, people: list[User]) -> None:
    Membership.objects.bulk_create([Membership(community=community, user=p) for p in people])


@pytest.fixture
def circle(people) -> Community:
    """The open community with twelve more members: fourteen people with the convenor."""
    add_members(people.open_community, make_varied_people(12))
    return people.open_community


@pytest.fixture
def form(django_capture_on_commit_callbacks) -> Callable[..., Round]:
    """Start a round and run its background formation before returning it."""

    def form(actor: User, communities: list[Community], **options: object) -> Round:
        chosen: dict[str, Any] = {
            "title": "Spring triads",
            "kind": "triad",
            "min_size": 3,
            "max_size": 4,
            **options,
        }
        with django_capture_on_commit_callbacks(execute=True):
            round = services.start_round(actor=actor, communities=communities, **chosen)
        round.refresh_from_db()
        return round

    return form


@pytest.fixture
def published(people, circle, form) -> Round:
    """A published triad round over the open community, its members told."""
    round = form(people.convenor, [circle])
    services.publish_round(actor=people.convenor, round=round)
    services.announce_round(str(round.pk))
    return round


def group_of(round: Round, person: User) -> PeerGroup:
    return round.placements.select_related("group").get(user=person).group

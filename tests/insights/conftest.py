"""Personas' activity for the dashboards, at any size, and the API's token clients."""

from __future__ import annotations

import pytest

from convene.communities.models import Community, Membership
from convene.people.models import User
from convene.stories.models import Story
from tests.api.conftest import api_as  # noqa: F401  (the API tests' token clients)
from tests.factories import make_function, make_person, make_unit
from tests.insights import builders as b
from tests.stories.conftest import make_story


def fill(community: Community, convenor: User, sponsor: User, size: int) -> list[User]:
    """`size` members, each of whom posts, comments, attends, joins a project and contributes."""
    people = []
    for number in range(size):
        function = "Operations" if number % 2 else "Finance"
        unit = make_unit(f"{function} unit", make_function(function))
        person = make_person(f"Active {community.slug} {number}", org_unit=unit)
        Membership.objects.create(community=community, user=person)
        people.append(person)
    for person in people:
        gathering = b.make_gathering(community, convenor, facilitator=person)
        b.attend(gathering, person, intention="Ask my team what gets in the way.")
        project = b.make_project(community, person, team=(convenor,))
        b.make_innovation(project)
        b.make_contribution(community, person, accepted_by=sponsor)
        b.post_and_comment(community, person, convenor)
        b.make_goal(person)
        make_story(person, community=community, visibility=Story.Visibility.ORGANISATION)
    return people


@pytest.fixture
def grow(people):
    """Add activity to the open community: grow(n) adds n active members."""

    def grow(size: int) -> list[User]:
        return fill(people.open_community, people.convenor, people.sponsor, size)

    return grow

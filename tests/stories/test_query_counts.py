"""Story pages and API lists cost the same number of queries for 2 stories as for 30."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from convene.gatherings.models import Intention
from convene.stories import services
from convene.stories.services import StepDraft
from tests.conftest import client_for
from tests.factories import make_person
from tests.gatherings.conftest import DAY, make_gathering
from tests.stories.conftest import make_story

FEW, MANY = 2, 30


def tell_stories(people, sources, count: int) -> None:
    """Stories by several authors, shared widely, each with linked steps of every kind."""
    links = list(sources.links().values())
    for number in range(count):
        author = make_person(f"Teller {number}")
        people.open_community.memberships.create(user=author)
        people.private_community.memberships.create(user=author)
        make_story(
            author,
            community=people.open_community,
            visibility="organisation",
            by_name=number % 2 == 0,
            steps=[StepDraft("potential", "Linked", links[number % len(links)])],
        )
        make_story(people.member, community=people.open_community, visibility="community")
        gathering = make_gathering(people.open_community, starts_in=-DAY * (number + 2))
        Intention.objects.create(
            gathering=gathering, user=people.member, text="Try it", follow_up_on=gathering.starts_at
        )


def page(client: Client, url: str) -> Callable[[], object]:
    def fetch() -> object:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        return response

    return fetch


LISTS = [
    ("stories:story_list", (), 5),
    ("stories:story_shared", (), 4),
    ("stories:community_stories", ("open-circle",), 8),
]
API_LISTS = [("/api/v1/stories", 3), ("/api/v1/value-matrix", 5)]


@pytest.mark.parametrize(("name", "args", "expected"), LISTS)
def test_story_list_pages_cost_the_same_for_few_and_many(
    people, sources, django_assert_num_queries, name, args, expected
):
    fetch = page(client_for(people.member), reverse(name, args=args))
    for count in (FEW, MANY - FEW):
        tell_stories(people, sources, count)
        fetch()
        with django_assert_num_queries(expected):
            fetch()


@pytest.mark.parametrize(("path", "expected"), API_LISTS)
def test_story_api_lists_cost_the_same_for_few_and_many(
    people, sources, api_as, django_assert_num_queries, path, expected
):
    fetch = page(api_as(people.member), path)
    for count in (FEW, MANY - FEW):
        tell_stories(people, sources, count)
        fetch()
        with django_assert_num_queries(expected):
            fetch()


def test_a_story_page_costs_the_same_for_few_and_many_steps(
    people, sources, django_assert_num_queries
):
    links = list(sources.links().values())
    steps = [StepDraft("applied", f"Step {n}", links[n % 4]) for n in range(FEW)]
    story = make_story(people.member, community=people.private_community, steps=steps)
    url = reverse("stories:story_detail", args=[story.pk])
    for viewer in (people.member,):
        fetch = page(client_for(viewer), url)
        fetch()
        with django_assert_num_queries(9):
            fetch()
    for n in range(FEW, MANY):
        services.add_step(
            actor=people.member, story=story, draft=StepDraft("applied", "x", links[n % 4])
        )
    fetch()
    with django_assert_num_queries(9):
        fetch()

"""Values pages and API lists cost the same number of queries for 2 rows as for 30."""

from __future__ import annotations

from collections.abc import Callable
from itertools import cycle

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import make_community
from tests.values.builders import make_value, tell

FEW, MANY = 2, 30


def add_stories(people, count: int) -> None:
    """Stories by several people about several others, from open, private and no communities."""
    values = [make_value() for _ in range(3)]
    communities = cycle([people.open_community, people.private_community, None])
    authors = cycle([people.member, people.convenor])
    for n in range(count):
        tell(
            next(authors),
            *values[: n % 3 + 1],
            community=next(communities),
            about_person=people.member if n % 2 else None,
            about_team="The night shift" if n % 3 else "",
        )


def add_values(count: int) -> None:
    for _ in range(count):
        make_value()


def pinned(django_assert_num_queries, fetch: Callable[[], object], queries: int) -> None:
    fetch()  # once to settle the session
    with django_assert_num_queries(queries):
        response = fetch()
    assert getattr(response, "status_code", None) == 200


@pytest.mark.parametrize("rows", [FEW, MANY])
def test_the_story_list_page(people, django_assert_num_queries, rows):
    add_stories(people, rows)
    member = client_for(people.member)
    pinned(django_assert_num_queries, lambda: member.get(reverse("values:story_list")), 7)


@pytest.mark.parametrize("rows", [FEW, MANY])
def test_a_value_page(people, django_assert_num_queries, rows):
    add_stories(people, rows)
    for n in range(rows):
        make_community(f"Community {n}")  # more communities than the page names
    value = people.member.values_in_action_told.first().values.first()
    url = reverse("values:value_detail", args=[value.pk])
    member = client_for(people.member)
    pinned(django_assert_num_queries, lambda: member.get(url), 9)


@pytest.mark.parametrize("rows", [FEW, MANY])
def test_the_values_overview_page(people, django_assert_num_queries, rows):
    add_values(rows)
    add_stories(people, rows)
    member = client_for(people.member)
    pinned(django_assert_num_queries, lambda: member.get(reverse("values:value_list")), 4)


@pytest.mark.parametrize("rows", [FEW, MANY])
def test_the_manage_values_page(people, django_assert_num_queries, rows):
    add_values(rows)
    admin = client_for(people.admin)
    pinned(django_assert_num_queries, lambda: admin.get(reverse("values:value_manage")), 4)


@pytest.mark.parametrize("rows", [FEW, MANY])
def test_the_api_story_list(people, api_as, django_assert_num_queries, rows):
    add_stories(people, rows)
    member = api_as(people.member)
    pinned(django_assert_num_queries, lambda: member.get("/api/v1/value-stories"), 4)


@pytest.mark.parametrize("rows", [FEW, MANY])
def test_the_api_value_list(people, api_as, django_assert_num_queries, rows):
    add_values(rows)
    member = api_as(people.member)
    pinned(django_assert_num_queries, lambda: member.get("/api/v1/values"), 3)


@pytest.mark.parametrize("rows", [FEW, MANY])
def test_the_api_value_summary(people, api_as, django_assert_num_queries, rows):
    add_stories(people, rows)
    value = people.member.values_in_action_told.first().values.first()
    member = api_as(people.member)
    url = f"/api/v1/values/{value.pk}/summary"
    pinned(django_assert_num_queries, lambda: member.get(url), 5)

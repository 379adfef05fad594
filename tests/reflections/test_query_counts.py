"""Journal and shared pages, and their API lists, cost the same for 2 reflections as for 20."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convene.reflections.prompts import PROMPTS
from tests.conftest import client_for
from tests.reflections.builders import make_reflection, share

CEILING = 25


def _queries(fetch: Callable[[], object]) -> int:
    fetch()  # once to settle one-off work (a session, a first token use)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert getattr(response, "status_code", None) == 200
    return len(queries)


def _write(people, circle, count: int, *, shared: bool = False) -> None:
    for n in range(count):
        prompt = PROMPTS[n % len(PROMPTS)].key
        community = circle.community if n % 3 else None
        reflection = make_reflection(
            people.member, f"Answer {n}", prompt=prompt, community=community
        )
        if shared:
            share(reflection, circle.community)


def test_the_journal_costs_the_same_for_2_reflections_as_for_20(people, circle):
    member, url = client_for(people.member), reverse("reflections:journal")
    _write(people, circle, 2, shared=True)
    few = _queries(lambda: member.get(url))
    _write(people, circle, 18, shared=True)
    many = _queries(lambda: member.get(url))
    assert few == many <= CEILING


def test_the_shared_page_costs_the_same_for_2_answers_as_for_20(people, circle):
    reader = client_for(circle.fellow)
    url = reverse("reflections:shared", args=[circle.community.slug])
    _write(people, circle, 2, shared=True)
    few = _queries(lambda: reader.get(url))
    _write(people, circle, 18, shared=True)
    many = _queries(lambda: reader.get(url))
    assert few == many <= CEILING


def test_api_lists_cost_the_same_for_2_reflections_as_for_20(people, circle, api_as):
    slug = circle.community.slug
    calls = [
        partial(api_as(people.member).get, "/api/v1/me/reflections"),
        partial(api_as(people.member).get, "/api/v1/me/reflection-prompts"),
        partial(api_as(circle.fellow).get, f"/api/v1/communities/{slug}/shared-reflections"),
    ]
    _write(people, circle, 2, shared=True)
    few = [_queries(call) for call in calls]
    _write(people, circle, 18, shared=True)
    many = [_queries(call) for call in calls]
    assert few == many and max(many) <= CEILING

"""Goal pages and API lists cost the same number of queries for 2 goals as for 20."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import make_person
from tests.goals.builders import make_check_in, make_goal, make_group, make_reply

CEILING = 25
JANUARY_2024 = datetime.datetime(2024, 1, 5, tzinfo=datetime.UTC)


def _queries(fetch: Callable[[], object]) -> int:
    fetch()  # once to settle one-off work (a session, a first token use)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert getattr(response, "status_code", None) == 200
    return len(queries)


def _add_goals(owners, count: int) -> None:
    for n in range(count):
        goal = make_goal(owners[n % len(owners)], shared=n % 4 != 3)
        if n % 2:
            make_check_in(goal, rating=n % 5 + 1)


def _peers(circle, count: int) -> list:
    peers = [make_person(f"Peer {n}") for n in range(count)]
    make_group(circle.owner, circle.peer, *peers)
    return [circle.owner, *peers]


def test_my_goals_page_costs_the_same_for_2_goals_as_for_20(circle):
    member, url = client_for(circle.owner), reverse("goals:goal_list")
    _add_goals([circle.owner], 2)
    few = _queries(lambda: member.get(url))
    _add_goals([circle.owner], 18)
    many = _queries(lambda: member.get(url))
    assert few == many <= CEILING


def test_goals_shared_with_me_costs_the_same_for_2_goals_as_for_20(circle):
    owners = _peers(circle, 5)
    peer, url = client_for(circle.peer), reverse("goals:goal_shared")
    _add_goals(owners, 2)
    few = _queries(lambda: peer.get(url))
    _add_goals(owners, 18)
    many = _queries(lambda: peer.get(url))
    assert few == many <= CEILING


def test_a_goal_page_costs_the_same_for_2_check_ins_as_for_20(circle):
    peers = _peers(circle, 3)
    with time_machine.travel(JANUARY_2024, tick=False):
        goal = make_goal(circle.owner, shared=True)

    def add(months: range) -> None:
        for month in months:
            year, index = divmod(month, 12)
            check_in = make_check_in(goal, month=datetime.date(2024 + year, index + 1, 1))
            for replier in peers[1:]:
                make_reply(replier, check_in)

    add(range(2))
    owner, peer, url = client_for(circle.owner), client_for(circle.peer), goal.get_absolute_url()
    few = (_queries(lambda: owner.get(url)), _queries(lambda: peer.get(url)))
    add(range(2, 20))
    many = (_queries(lambda: owner.get(url)), _queries(lambda: peer.get(url)))
    assert few == many and max(many) <= CEILING


def test_api_goal_lists_cost_the_same_for_2_goals_as_for_20(circle, api_as):
    owners = _peers(circle, 4)
    owner, peer = api_as(circle.owner), api_as(circle.peer)
    paths = [(owner, "/api/v1/me/goals"), (peer, "/api/v1/goals/shared-with-me")]
    _add_goals(owners, 2)
    few = [_queries(partial(client.get, path)) for client, path in paths]
    _add_goals(owners, 18)
    many = [_queries(partial(client.get, path)) for client, path in paths]
    assert few == many and max(many) <= CEILING


def test_api_check_in_list_costs_the_same_for_2_check_ins_as_for_20(circle, api_as):
    with time_machine.travel(JANUARY_2024, tick=False):
        goal = make_goal(circle.owner, shared=True)
    client, path = api_as(circle.peer), f"/api/v1/goals/{goal.pk}/check-ins"

    def add(months: range) -> None:
        for month in months:
            year, index = divmod(month, 12)
            check_in = make_check_in(goal, month=datetime.date(2024 + year, index + 1, 1))
            make_reply(circle.peer, check_in)

    add(range(2))
    few = _queries(lambda: client.get(path))
    add(range(2, 20))
    assert _queries(lambda: client.get(path)) == few <= CEILING

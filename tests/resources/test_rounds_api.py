"""Allocation rounds in the API: the same rules and messages as the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from convene.resources import rounds
from convene.resources.models import Allocation, AllocationRound, Pledge, RoundEntry
from tests.conftest import client_for
from tests.resources.test_rounds import World, build_world, enter, make_project, open_one

JSON = "application/json"
BASE = "/api/v1/resources/rounds"


@pytest.fixture
def world(db) -> World:
    return build_world(private=True)


def closes(days: int = 7) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_a_round_is_opened_entered_pledged_to_and_closed_through_the_api(world):
    convenor, lead, member = (client_for(p) for p in (world.convenor, world.lead, world.members[0]))
    body = {"community": "makers", "title": "Spring", "pot": "1000", "closes_on": closes()}
    opened = convenor.post(BASE, body, content_type=JSON)
    assert opened.status_code == 201, opened.json()
    round_id = opened.json()["id"]
    assert opened.json()["my_budget"] == {"amount": "250.00", "remaining": "250.00"}

    added = lead.post(
        f"{BASE}/{round_id}/entries",
        {"project": str(world.project.pk), "minimum": "100", "target": "300"},
        content_type=JSON,
    )
    assert added.status_code == 201, added.json()
    entry_id = added.json()["entries"][0]["id"]

    pledged = member.put(
        f"{BASE}/{round_id}/entries/{entry_id}/pledge", {"amount": "180"}, content_type=JSON
    )
    assert pledged.status_code == 200, pledged.json()
    assert pledged.json()["my_budget"]["remaining"] == "70.00"
    assert pledged.json()["entries"][0]["pledged"] == "180.00"
    assert pledged.json()["entries"][0]["pledges"][0]["member"]["full_name"] == "Member 0"

    closed = convenor.post(f"{BASE}/{round_id}/close")
    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == "closed"
    assert closed.json()["entries"][0]["funded"] == "180.00"
    assert closed.json()["not_funded"] == {}
    assert Allocation.objects.get().amount == Decimal("180")


def test_the_api_lists_a_communitys_rounds_open_first(world):
    first = open_one(world, title="First")
    rounds.close_round(actor=world.convenor, round=first)
    open_one(world, title="Second")
    listed = client_for(world.members[1]).get(f"{BASE}?community=makers").json()
    assert [r["title"] for r in listed["items"]] == ["Second", "First"]
    assert listed["items"][0]["community"] == "makers"


def test_refusals_are_400s_with_the_reason_and_change_nothing(world):
    entry = enter(world, open_one(world))
    url = f"{BASE}/{entry.round.pk}/entries/{entry.pk}/pledge"
    member = client_for(world.members[0])
    over = member.put(url, {"amount": "260"}, content_type=JSON)
    assert over.status_code == 400
    assert over.json()["detail"] == "You have £250.00 left to give."
    negative = member.put(url, {"amount": "-1"}, content_type=JSON)
    assert negative.status_code == 400 and "below nothing" in negative.json()["detail"]
    bad_open = client_for(world.convenor).post(
        BASE,
        {"community": "makers", "title": "Again", "pot": "10", "closes_on": closes()},
        content_type=JSON,
    )
    assert bad_open.status_code == 400
    assert "already has an open round" in bad_open.json()["detail"]
    not_number = member.put(url, {"amount": "lots"}, content_type=JSON)
    assert not_number.status_code in (400, 422)
    assert not Pledge.objects.exists() and AllocationRound.objects.count() == 1


def test_a_lead_removes_an_entry_through_the_api(world):
    entry = enter(world, open_one(world))
    url = f"{BASE}/{entry.round.pk}/entries/{entry.pk}"
    assert client_for(world.members[0]).delete(url).status_code == 400
    assert client_for(world.lead).delete(url).status_code == 204
    assert not RoundEntry.objects.exists()


def test_outsiders_get_404_from_every_round_endpoint(world):
    entry = enter(world, open_one(world))
    outsider = client_for(world.outsider)
    round_url = f"{BASE}/{entry.round.pk}"
    assert outsider.get(f"{BASE}?community=makers").status_code == 404
    assert outsider.get(round_url).status_code == 404
    body = {"community": "makers", "title": "Mine", "pot": "10", "closes_on": closes()}
    assert outsider.post(BASE, body, content_type=JSON).status_code == 404
    assert outsider.post(f"{round_url}/close").status_code == 404
    assert outsider.delete(f"{round_url}/entries/{entry.pk}").status_code == 404
    pledge = outsider.put(
        f"{round_url}/entries/{entry.pk}/pledge", {"amount": "1"}, content_type=JSON
    )
    assert pledge.status_code == 404
    added = outsider.post(
        f"{round_url}/entries",
        {"project": str(world.project.pk), "minimum": "1", "target": "2"},
        content_type=JSON,
    )
    assert added.status_code == 404
    assert AllocationRound.objects.get().status == "open"
    assert client_for(world.members[0]).get(f"{round_url}/entries/99999/pledge").status_code in (
        404,
        405,
    )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_api_list_costs_the_same_queries_for_2_or_40_rounds(world):
    client = client_for(world.members[0])
    url = f"{BASE}?community=makers&limit=100"

    def add(count: int) -> None:
        for n in range(count):
            AllocationRound.objects.create(
                envelope=world.envelope,
                title=f"Old {n}",
                pot=Decimal("100"),
                status="closed",
                closes_on=timezone.localdate(),
                opened_by=world.convenor,
            )

    add(2)
    small = count_queries(client, url)
    add(38)
    assert count_queries(client, url) == small
    assert client.get(url).json()["count"] == 40


def test_one_round_costs_the_same_queries_for_2_or_20_entries(world):
    round_ = open_one(world)
    client = client_for(world.members[0])

    def add(start: int, count: int) -> None:
        for n in range(start, start + count):
            project = make_project(world.community, world.lead, world.convenor, f"Idea {n}")
            entry = rounds.add_entry(
                actor=world.lead, round=round_, project=project, minimum="1", target="9"
            )
            rounds.pledge(actor=world.members[n % 2], entry=entry, amount="1")

    add(0, 2)
    small = count_queries(client, f"{BASE}/{round_.pk}")
    add(2, 18)
    assert count_queries(client, f"{BASE}/{round_.pk}") == small

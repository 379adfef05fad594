"""A community's mix through the API: the same numbers as its page, never for outsiders."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_function, make_person, make_site, make_unit


def add_members(community, count: int) -> None:
    unit, site = make_unit("Treasury", make_function("Finance")), make_site("Leeds")
    for _ in range(count):
        person = make_person(
            org_unit=unit, site=site, level="senior", started_on=datetime.date(2015, 1, 1)
        )
        community.memberships.create(user=person)


def dimension(body: dict, key: str) -> list[tuple[str, int, int]]:
    rows = next(d for d in body["dimensions"] if d["key"] == key)["rows"]
    return [(row["label"], row["count"], row["percent"]) for row in rows]


def test_the_mix_counts_current_members_with_those_not_given(people, api_as):
    add_members(people.open_community, 2)
    response = api_as(people.member).get("/api/v1/communities/open-circle/mix")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 4
    assert [d["name"] for d in body["dimensions"]] == ["Function", "Level", "Site", "Tenure"]
    assert dimension(body, "function") == [("Finance", 2, 50), ("Function not given", 2, 50)]
    assert dimension(body, "site") == [("Leeds", 2, 50), ("Site not given", 2, 50)]
    assert dimension(body, "level")[2] == ("Senior manager", 2, 50)
    assert dimension(body, "tenure")[-1] == ("Tenure not given", 2, 50)


def test_members_sponsor_and_administrator_read_a_private_communitys_mix(people, api_as):
    for person in (people.member, people.sponsor, people.admin):
        response = api_as(person).get("/api/v1/communities/quiet-room/mix")
        assert response.status_code == 200, person
        assert response.json()["total"] == 2


@pytest.mark.parametrize("persona", ["outsider", "executive"])
def test_a_private_communitys_mix_is_to_an_outsider_exactly_like_a_missing_one(
    people, api_as, persona
):
    client = api_as(getattr(people, persona))
    hidden = client.get("/api/v1/communities/quiet-room/mix")
    missing = client.get("/api/v1/communities/no-such-room/mix")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_the_mix_takes_as_many_queries_for_20_members_as_for_2(people, client):
    # Signed in by session, so the once-a-minute token bookkeeping cannot skew the count.
    client.force_login(people.member)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/communities/open-circle/mix").json()["total"] == 2
    add_members(people.open_community, 18)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/communities/open-circle/mix").json()["total"] == 20
    assert len(many) == len(few)

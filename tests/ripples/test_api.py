"""Ripple maps through the API: the same rules and sentences as the pages."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from convene.ripples import services
from convene.ripples.models import Effect, RippleMap
from tests.ripples.helpers import add, chain, make_map

pytestmark = pytest.mark.django_db


def send(client: Client, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    call = getattr(client, method.lower())
    if body is None:
        return call(f"/api/v1{path}")
    return call(f"/api/v1{path}", body, content_type="application/json")


@pytest.fixture
def private_map(people):
    return make_map(people.convenor, people.private_community, "Quiet ripples")


def test_convenor_starts_a_map_and_reads_it_back(people, api_as):
    response = send(
        api_as(people.convenor),
        "post",
        "/ripple-maps",
        {
            "community": people.open_community.slug,
            "title": "Open ripples",
            "centre": "Open Circle",
            "session_date": "2026-03-12",
            "map_maker": people.member.handle,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["community"] == people.open_community.slug
    assert body["map_maker"]["handle"] == people.member.handle
    assert body["tree"] == [] and set(body["exports"]) == {"svg", "png", "csv"}


def test_member_cannot_start_a_community_map(people, api_as):
    response = send(
        api_as(people.member),
        "post",
        "/ripple-maps",
        {
            "community": people.open_community.slug,
            "title": "T",
            "centre": "C",
            "session_date": "2026-03-12",
        },
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Only the community's convenors start its ripple maps."
    assert not RippleMap.objects.exists()


def test_private_community_is_unknown_to_outsiders_when_starting(people, api_as):
    response = send(
        api_as(people.outsider),
        "post",
        "/ripple-maps",
        {
            "community": people.private_community.slug,
            "title": "T",
            "centre": "C",
            "session_date": "2026-03-12",
        },
    )
    assert response.status_code == 400
    assert "no community" in response.json()["detail"]


def test_list_shows_only_maps_the_person_may_see(
    people, api_as, private_map, django_assert_num_queries
):
    make_map(people.convenor, people.open_community, "Open one")

    def titles(user):
        return [m["title"] for m in send(api_as(user), "get", "/ripple-maps").json()["items"]]

    assert titles(people.outsider) == []
    assert sorted(titles(people.member)) == ["Open one", "Quiet ripples"]


def test_list_queries_stay_constant(people, api_as, django_assert_num_queries):
    client = api_as(people.member)
    for number in range(2):
        make_map(people.convenor, people.private_community, f"Map {number}")
    send(client, "get", "/ripple-maps")  # the token's first use is recorded once
    with django_assert_num_queries(3):
        send(client, "get", "/ripple-maps")
    for number in range(30):
        add(people.convenor, make_map(people.convenor, people.open_community, f"More {number}"))
    with django_assert_num_queries(3):
        assert len(send(client, "get", "/ripple-maps").json()["items"]) == 32


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("patch", ""), ("post", "/effects"), ("get", "/export.csv")],
)
def test_outsider_gets_404(people, api_as, private_map, method, suffix):
    response = send(
        api_as(people.outsider),
        method,
        f"/ripple-maps/{private_map.pk}{suffix}",
        {"text": "x"} if method != "get" else None,
    )
    assert response.status_code == 404


def test_effect_routes_are_404_for_outsiders_and_huge_ids(people, api_as, private_map):
    effect = add(people.convenor, private_map)
    base = f"/ripple-maps/{private_map.pk}/effects"
    outsider = api_as(people.outsider)
    assert send(outsider, "patch", f"{base}/{effect.pk}", {"text": "x"}).status_code == 404
    assert send(outsider, "delete", f"{base}/{effect.pk}").status_code == 404
    assert (
        send(outsider, "post", f"{base}/{effect.pk}/confirm", {"confirmed": True}).status_code
        == 404
    )
    convenor = api_as(people.convenor)
    assert send(convenor, "patch", f"{base}/{2**70}", {"text": "x"}).status_code in {404, 422}
    assert send(convenor, "delete", f"{base}/{2**62}").status_code == 404


def test_map_maker_builds_the_tree(people, api_as, private_map):
    client = api_as(people.convenor)
    base = f"/ripple-maps/{private_map.pk}/effects"
    root = send(client, "post", base, {"text": "Ana chairs the huddle", "capitals": ["human"]})
    assert root.status_code == 201, root.content
    child = send(
        client,
        "post",
        base,
        {
            "text": "Depot huddles spread",
            "parent": root.json()["id"],
            "level": 2,
            "capitals": ["social", "built"],
            "witness": people.member.handle,
            "pseudonym": "a depot manager",
            "storyteller": people.member.handle,
        },
    )
    assert child.status_code == 201, child.content
    assert child.json()["storyteller"] == "a depot manager"
    tree = send(client, "get", f"/ripple-maps/{private_map.pk}").json()["tree"]
    assert tree[0]["effect"]["text"] == "Ana chairs the huddle"
    assert tree[0]["children"][0]["effect"]["capitals"] == ["social", "built"]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"text": "x", "level": 7}, "Choose a ripple level of 1, 2, 3 or 4."),
        ({"text": "x", "capitals": ["spiritual"]}, "“spiritual” is not a community capital"),
        ({"text": "bad \x00 text"}, "The effect contains control characters; remove them."),
        ({"text": "x" * 501}, "The effect can be at most 500 characters long."),
        ({"text": "x", "parent": 999999}, "The effect it grew from must be on the same map."),
        ({"text": "x", "witness": "nobody-here"}, "No one active has the handle “nobody-here”."),
        (
            {"text": "x", "witness": "olu-outsider"},
            "The witness must be someone who can see this map.",
        ),
    ],
)
def test_bad_effects_get_a_400_and_store_nothing(people, api_as, private_map, body, detail):
    if "olu-outsider" in str(body):
        body["witness"] = people.outsider.handle
    response = send(api_as(people.convenor), "post", f"/ripple-maps/{private_map.pk}/effects", body)
    assert response.status_code == 400, response.content
    assert detail in response.json()["detail"]
    assert not Effect.objects.exists()


def test_parent_from_another_map_is_refused(people, api_as, private_map):
    other = add(people.convenor, make_map(people.convenor, people.private_community, "Other"))
    response = send(
        api_as(people.convenor),
        "post",
        f"/ripple-maps/{private_map.pk}/effects",
        {"text": "x", "parent": other.pk},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The effect it grew from must be on the same map."


def test_a_cycle_is_refused(people, api_as, private_map):
    first, _, third = chain(people.convenor, private_map, 3)
    response = send(
        api_as(people.convenor),
        "patch",
        f"/ripple-maps/{private_map.pk}/effects/{first.pk}",
        {"parent": third.pk},
    )
    assert response.status_code == 400
    assert "grew from it" in response.json()["detail"]


def test_live_session_through_the_api(people, api_as, private_map):
    member, convenor = api_as(people.member), api_as(people.convenor)
    base = f"/ripple-maps/{private_map.pk}"
    assert send(member, "post", f"{base}/effects", {"text": "Early"}).status_code == 400
    assert send(member, "patch", base, {"live": True}).status_code == 400
    assert send(convenor, "patch", base, {"live": True}).json()["live"] is True
    added = send(member, "post", f"{base}/effects", {"text": "From my phone"}).json()
    assert added["placed"] is False
    waiting = send(member, "get", base).json()["waiting"]
    assert [effect["text"] for effect in waiting] == ["From my phone"]
    refused = send(member, "patch", f"{base}/effects/{added['id']}", {"placed": True})
    assert refused.status_code == 400
    placed = send(convenor, "patch", f"{base}/effects/{added['id']}", {"placed": True, "level": 2})
    assert placed.json()["placed"] is True and placed.json()["level"] == 2
    send(convenor, "patch", base, {"live": False})
    assert send(member, "post", f"{base}/effects", {"text": "Late"}).status_code == 400


def test_witness_confirms_through_the_api(people, api_as, private_map):
    effect = add(people.convenor, private_map, witness=people.member)
    path = f"/ripple-maps/{private_map.pk}/effects/{effect.pk}/confirm"
    assert send(api_as(people.convenor), "post", path, {"confirmed": True}).status_code == 400
    response = send(api_as(people.member), "post", path, {"confirmed": False, "note": "Away"})
    assert response.json()["confirmation"] == "not_confirmed"


def test_merge_and_delete_through_the_api(people, api_as, private_map):
    first, second = (
        add(people.convenor, private_map, "One"),
        add(people.convenor, private_map, "Two"),
    )
    client = api_as(people.convenor)
    base = f"/ripple-maps/{private_map.pk}/effects"
    merged = send(client, "post", f"{base}/{second.pk}/merge", {"target": first.pk})
    assert "Also told by" in merged.json()["evidence"]
    assert send(client, "delete", f"{base}/{first.pk}").status_code == 204
    assert not Effect.objects.exists()


def test_csv_export_through_the_api(people, api_as, private_map):
    add(
        people.convenor,
        private_map,
        "=HYPERLINK(1)",
        pseudonym="a participant",
        storyteller=people.member,
    )
    response = send(api_as(people.member), "get", f"/ripple-maps/{private_map.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][4] == "'=HYPERLINK(1)" and rows[1][5] == "a participant"
    assert people.member.full_name not in response.content.decode()
    bad = send(api_as(people.member), "get", f"/ripple-maps/{private_map.pk}/export.pdf")
    assert bad.status_code == 400


def test_counts_through_the_api(people, api_as, private_map):
    add(people.convenor, private_map, capitals=["social"], valence="negative")
    counts = send(api_as(people.member), "get", "/ripple-maps/counts").json()
    assert counts["total"] == 1 and counts["negative"] == 1 and counts["by_capital"]["social"] == 1
    assert send(api_as(people.outsider), "get", "/ripple-maps/counts").json()["total"] == 0
    services.open_session(actor=people.convenor, ripple_map=private_map)


def test_map_detail_queries_stay_constant(people, api_as, private_map, django_assert_num_queries):
    client = api_as(people.member)
    chain(people.convenor, private_map, 2)
    path = f"/ripple-maps/{private_map.pk}"
    send(client, "get", path)  # the token's first use is recorded once
    with django_assert_num_queries(4):
        assert send(client, "get", path).status_code == 200
    chain(people.convenor, private_map, 35)
    with django_assert_num_queries(4):
        assert len(send(client, "get", path).json()["tree"]) == 2

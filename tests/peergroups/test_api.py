"""Rounds, groups, spaces and weights over the API, with the same rules as the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.peergroups.models import DiversityWeights, GroupMessage, MeetingProposal, Round
from tests.factories import make_community
from tests.peergroups.conftest import (
    add_members,
    group_of,
    groups_of_four_and_three,
    make_varied_people,
)

JSON = "application/json"


def test_a_convenor_forms_adjusts_and_publishes_a_round(
    people, circle, api_as, django_capture_on_commit_callbacks
):
    api = api_as(people.convenor)
    body = {"title": "API triads", "communities": [circle.slug]}
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/peer-groups/rounds", body, content_type=JSON)
    assert response.status_code == 202
    round_id = response.json()["id"]
    detail = api.get(f"/api/v1/peer-groups/rounds/{round_id}").json()
    assert (detail["status"], detail["min_size"], detail["max_size"]) == ("ready", 3, 4)
    groups = api.get(f"/api/v1/peer-groups/rounds/{round_id}/groups").json()
    assert groups["count"] == 4
    assert all(group["pairs"][0]["explanation"] for group in groups["items"])
    round = Round.objects.get()
    large, small = groups_of_four_and_three(round)
    mover = large.memberships.all()[0].user
    moved = api.post(
        f"/api/v1/peer-groups/rounds/{round_id}/move",
        {"person": mover.handle, "to_group": small.number},
        content_type=JSON,
    )
    assert moved.status_code == 200
    assert (
        api.post(f"/api/v1/peer-groups/rounds/{round_id}/publish").json()["status"] == "published"
    )


def test_refusals_come_back_as_400_with_a_reason(people, circle, api_as):
    response = api_as(people.convenor).post(
        "/api/v1/peer-groups/rounds",
        {"title": "Fives", "communities": [circle.slug], "min_size": 5, "max_size": 5},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith(
        "14 people cannot be split into groups of exactly 5"
    )
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"title": "", "communities": ["open-circle"]},
        {"title": "x", "communities": []},
        {"title": "x", "communities": ["open-circle"], "min_size": 1},
        {"title": "x", "communities": ["open-circle"], "kind": "book_club"},
        {"title": "nul\u0000", "communities": ["open-circle"]},
        {"title": "   ", "communities": ["open-circle"]},
    ],
)
def test_malformed_rounds_get_422(people, circle, api_as, body):
    response = api_as(people.convenor).post("/api/v1/peer-groups/rounds", body, content_type=JSON)
    assert response.status_code == 422 and response.json()["detail"]
    assert not Round.objects.exists()


def test_a_private_community_one_cannot_see_is_404(people, api_as):
    body = {"title": "Peek", "communities": ["quiet-room"]}
    response = api_as(people.outsider).post("/api/v1/peer-groups/rounds", body, content_type=JSON)
    assert response.status_code == 404
    assert not Round.objects.exists()


def test_outsiders_get_404_on_rounds_groups_and_meetings(people, published, api_as):
    group = group_of(published, people.member)
    api = api_as(people.outsider)
    for path in (
        f"/api/v1/peer-groups/rounds/{published.pk}",
        f"/api/v1/peer-groups/rounds/{published.pk}/groups",
        f"/api/v1/peer-groups/groups/{group.pk}",
        f"/api/v1/peer-groups/groups/{group.pk}/messages",
        f"/api/v1/peer-groups/groups/{group.pk}/meetings",
    ):
        assert api.get(path).status_code == 404, path
    response = api.post(
        f"/api/v1/peer-groups/groups/{group.pk}/messages", {"body": "hi"}, content_type=JSON
    )
    assert response.status_code == 404
    assert api.get("/api/v1/peer-groups/groups").json()["count"] == 0
    assert api.get("/api/v1/peer-groups/rounds").json()["count"] == 0
    assert not GroupMessage.objects.exists()


def test_members_use_their_group_space(people, published, api_as):
    group = group_of(published, people.member)
    api = api_as(people.member)
    mine = api.get("/api/v1/peer-groups/groups").json()
    assert [item["id"] for item in mine["items"]] == [str(group.pk)]
    base = f"/api/v1/peer-groups/groups/{group.pk}"
    assert api.post(f"{base}/messages", {"body": "Hello"}, content_type=JSON).status_code == 201
    assert api.get(f"{base}/messages").json()["items"][0]["body"] == "Hello"
    proposal = api.post(
        f"{base}/meetings",
        {"starts_at": "2030-05-01T09:30:00+01:00", "minutes": 45, "place": "Online"},
        content_type=JSON,
    )
    assert proposal.status_code == 201
    proposal_id = proposal.json()["id"]
    answer = api.post(
        f"/api/v1/peer-groups/meetings/{proposal_id}/answer", {"answer": "no"}, content_type=JSON
    )
    assert answer.json()["answers"] == [{"person": people.member.handle, "answer": "no"}]
    assert api.post(f"/api/v1/peer-groups/meetings/{proposal_id}/confirm").json()["confirmed"]
    assert MeetingProposal.objects.get().is_confirmed


def test_only_administrators_set_weights(people, api_as):
    weights = dict.fromkeys(DiversityWeights.FEATURES, 2)
    path = "/api/v1/peer-groups/weights"
    assert api_as(people.convenor).put(path, weights, content_type=JSON).status_code == 404
    assert api_as(people.admin).put(path, weights, content_type=JSON).json()["function"] == 2
    assert api_as(people.member).get(path).json() == weights
    too_heavy = weights | {"site": 11}
    assert api_as(people.admin).put(path, too_heavy, content_type=JSON).status_code == 422
    nothing = dict.fromkeys(DiversityWeights.FEATURES, 0)
    refused = api_as(people.admin).put(path, nothing, content_type=JSON)
    assert (
        refused.status_code == 400
        and refused.json()["detail"] == "At least one difference must count."
    )


def test_a_meeting_time_without_an_offset_is_refused(people, published, api_as):
    group = group_of(published, people.member)
    response = api_as(people.member).post(
        f"/api/v1/peer-groups/groups/{group.pk}/meetings",
        {"starts_at": "2030-05-01T09:30:00", "minutes": 45},
        content_type=JSON,
    )
    assert response.status_code == 422 and "starts_at" in response.json()["detail"]
    assert not MeetingProposal.objects.exists()


def test_api_group_list_costs_the_same_queries_for_few_and_many(people, form, api_as):
    counts = []
    for size in (5, 40):
        community = make_community(f"Size {size}", convenor=people.convenor)
        add_members(community, make_varied_people(size, prefix=f"S{size}"))
        round = form(people.convenor, [community], title=f"Round {size}")
        api = api_as(people.convenor)
        api.get("/api/v1/me")  # the token's first use is recorded once
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"/api/v1/peer-groups/rounds/{round.pk}/groups").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

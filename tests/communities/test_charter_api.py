"""The charter over the API: the same rules as the pages, with JSON errors."""

from __future__ import annotations

import pytest

from convene.communities.models import CharterVersion
from tests.communities.charter_data import adopted, proposed

API = "/api/v1/communities/open-circle/charter"


def post(client, url: str, body: dict | None = None):
    return client.post(url, body or {}, content_type="application/json")


def test_the_current_charter(people, api_as):
    adopted(people.open_community, people.convenor, purpose="We *learn*.")
    proposed(people.open_community, people.convenor, purpose="Not yet.")
    body = api_as(people.member).get(API).json()
    assert (body["number"], body["status"], body["purpose"]) == (1, "adopted", "We *learn*.")
    assert body["purpose_html"] == "<p>We <em>learn</em>.</p>\n"
    assert body["author"]["handle"] == people.convenor.handle
    assert body["url"] == "/communities/open-circle/charter/versions/1/"


def test_no_current_charter_is_a_404_that_says_so(people, api_as):
    response = api_as(people.member).get(API)
    assert response.status_code == 404
    assert response.json()["detail"] == "Open Circle has not adopted a charter yet."


def test_the_whole_lifecycle(people, api_as):
    convenor, member = api_as(people.convenor), api_as(people.member)
    response = post(convenor, f"{API}/versions", {"purpose": "We learn.", "note": "First."})
    assert response.status_code == 201 and response.json()["status"] == "draft"
    assert [v["number"] for v in member.get(f"{API}/versions").json()["items"]] == []
    assert post(convenor, f"{API}/versions/1/propose").json()["status"] == "proposed"
    assert post(member, f"{API}/versions/1/endorsements").status_code == 201
    response = post(member, f"{API}/versions/1/comments", {"body": "Yes."})
    assert (
        response.status_code == 201 and response.json()["author"]["handle"] == people.member.handle
    )
    detail = member.get(f"{API}/versions/1").json()
    assert (detail["endorsement_count"], detail["comment_count"]) == (1, 1)
    assert member.get(f"{API}/versions/1/endorsements").json()["items"][0]["person"]["handle"] == (
        people.member.handle
    )
    assert member.get(f"{API}/versions/1/comments").json()["items"][0]["body"] == "Yes."
    assert post(convenor, f"{API}/versions/1/adopt").json()["status"] == "adopted"
    assert member.get(API).json()["number"] == 1


def test_drafting_and_proposing_at_once(people, api_as):
    response = post(api_as(people.convenor), f"{API}/versions", {"purpose": "Go.", "propose": True})
    assert response.json()["status"] == "proposed"


def test_a_member_cannot_draft_propose_or_adopt(people, api_as):
    member = api_as(people.member)
    response = post(member, f"{API}/versions", {"purpose": "Mine."})
    assert response.status_code == 400
    assert "convenors or an administrator" in response.json()["detail"]
    proposed(people.open_community, people.convenor)
    assert post(member, f"{API}/versions/1/adopt").status_code == 400
    assert CharterVersion.objects.get().status == "proposed"


def test_endorsing_twice_is_refused(people, api_as):
    proposed(people.open_community, people.convenor)
    member = api_as(people.member)
    post(member, f"{API}/versions/1/endorsements")
    response = post(member, f"{API}/versions/1/endorsements")
    assert response.status_code == 400
    assert response.json()["detail"] == "You have already endorsed version 1."


def test_a_non_member_cannot_endorse(people, api_as):
    proposed(people.open_community, people.convenor)
    response = post(api_as(people.outsider), f"{API}/versions/1/endorsements")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Only members of Open Circle")


def test_adopting_a_draft_is_refused(people, api_as):
    post(api_as(people.convenor), f"{API}/versions", {"purpose": "Draft."})
    response = post(api_as(people.convenor), f"{API}/versions/1/adopt")
    assert response.status_code == 400
    assert "only a proposed version can be adopted" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "status", "where"),
    [
        ({}, 422, "purpose"),
        ({"purpose": ""}, 422, "purpose"),
        ({"purpose": "   "}, 400, "Purpose"),
        ({"purpose": "a\x00b"}, 422, "purpose"),
        ({"purpose": "x" * 5001}, 422, "purpose"),
        ({"purpose": "Fine.", "norms": "n" * 5001}, 422, "norms"),
        ({"purpose": "Fine.", "note": "n" * 301}, 422, "note"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(people, api_as, body, status, where):
    response = post(api_as(people.convenor), f"{API}/versions", body)
    assert response.status_code == status
    assert response.json()["detail"].startswith(where)
    assert not CharterVersion.objects.exists()


@pytest.mark.parametrize("body", [{}, {"body": ""}, {"body": "\x00"}, {"body": "c" * 5001}])
def test_a_bad_comment_is_refused(people, api_as, body):
    version = proposed(people.open_community, people.convenor)
    response = post(api_as(people.member), f"{API}/versions/1/comments", body)
    assert response.status_code == 422
    assert not version.comments.exists()


def test_a_huge_version_number_is_not_found(people, api_as):
    proposed(people.open_community, people.convenor)
    assert api_as(people.member).get(f"{API}/versions/{10**25}").status_code in {404, 422}

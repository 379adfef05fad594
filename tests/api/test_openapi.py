"""The API describes itself: an OpenAPI document and a docs page served from Convene itself."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from openapi_spec_validator import validate

PATHS = [
    "/api/v1/me",
    "/api/v1/me/invitations",
    "/api/v1/people",
    "/api/v1/people/{handle}",
    "/api/v1/communities",
    "/api/v1/communities/{slug}",
    "/api/v1/communities/{slug}/members",
    "/api/v1/communities/{slug}/mix",
    "/api/v1/communities/{slug}/join",
    "/api/v1/communities/{slug}/leave",
    "/api/v1/communities/{slug}/join-requests",
    "/api/v1/communities/{slug}/join-requests/{request_id}/decision",
    "/api/v1/communities/{slug}/invitations",
    "/api/v1/communities/{slug}/charter",
    "/api/v1/communities/{slug}/charter/versions",
    "/api/v1/communities/{slug}/charter/versions/{number}",
    "/api/v1/communities/{slug}/charter/versions/{number}/propose",
    "/api/v1/communities/{slug}/charter/versions/{number}/adopt",
    "/api/v1/communities/{slug}/charter/versions/{number}/comments",
    "/api/v1/communities/{slug}/charter/versions/{number}/endorsements",
    "/api/v1/join-links/{token}/requests",
    "/api/v1/invitations/{invitation_id}/response",
    "/api/v1/peer-groups/rounds",
    "/api/v1/peer-groups/rounds/{round_id}",
    "/api/v1/peer-groups/rounds/{round_id}/groups",
    "/api/v1/peer-groups/rounds/{round_id}/move",
    "/api/v1/peer-groups/rounds/{round_id}/swap",
    "/api/v1/peer-groups/rounds/{round_id}/publish",
    "/api/v1/peer-groups/rounds/{round_id}/reform",
    "/api/v1/peer-groups/groups",
    "/api/v1/peer-groups/groups/{group_id}",
    "/api/v1/peer-groups/groups/{group_id}/messages",
    "/api/v1/peer-groups/groups/{group_id}/meetings",
    "/api/v1/peer-groups/meetings/{proposal_id}/answer",
    "/api/v1/peer-groups/meetings/{proposal_id}/confirm",
    "/api/v1/peer-groups/weights",
    "/api/v1/me/reflections",
    "/api/v1/me/reflections/{reflection_id}",
    "/api/v1/me/reflections/{reflection_id}/share",
    "/api/v1/me/reflection-prompts",
    "/api/v1/communities/{slug}/shared-reflections",
    "/api/v1/learning/modules",
    "/api/v1/learning/modules/{module}/lessons/{lesson}",
    "/api/v1/learning/modules/{module}/lessons/{lesson}/start",
    "/api/v1/learning/modules/{module}/lessons/{lesson}/complete",
    "/api/v1/learning/modules/{module}/lessons/{lesson}/check",
    "/api/v1/me/learning",
    "/api/v1/communities/{slug}/learning-progress",
]


class AssetSources(HTMLParser):
    """Collect where a page loads its scripts, stylesheets and icons from."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.sources.append(found["src"] or "")
        if tag == "link" and found.get("href"):
            self.sources.append(found["href"] or "")


@pytest.fixture
def spec(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_is_valid(spec):
    validate(spec)


def test_the_openapi_document_offers_bearer_tokens(spec):
    scheme = spec["components"]["securitySchemes"]["PersonalAccessToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")


@pytest.mark.parametrize("path", PATHS)
def test_every_endpoint_is_listed_and_accepts_a_bearer_token(spec, path):
    for operation in spec["paths"][path].values():
        assert {"PersonalAccessToken": []} in operation["security"]


def test_the_docs_page_loads_only_convenes_own_static_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = AssetSources()
    page.feed(response.content.decode())
    assert page.sources
    assert all(source.startswith("/static/") for source in page.sources), page.sources


def test_validation_errors_carry_a_readable_detail(people, api_as):
    response = api_as(people.convenor).post(
        "/api/v1/communities/quiet-room/invitations",
        {"invitee": 5},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("invitee:")


def test_an_enormous_offset_is_refused_not_a_server_error(people, api_as):
    response = api_as(people.member).get("/api/v1/communities", {"offset": 10**25})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("offset:")

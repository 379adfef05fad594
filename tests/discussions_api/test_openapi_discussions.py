"""The API's OpenAPI document stays valid and describes the discussion endpoints."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

OPERATIONS = [
    ("get", "/api/v1/communities/{slug}/posts"),
    ("post", "/api/v1/communities/{slug}/posts"),
    ("get", "/api/v1/communities/{slug}/posts/{post_id}"),
    ("patch", "/api/v1/communities/{slug}/posts/{post_id}"),
    ("delete", "/api/v1/communities/{slug}/posts/{post_id}"),
    ("post", "/api/v1/communities/{slug}/posts/{post_id}/pin"),
    ("post", "/api/v1/communities/{slug}/posts/{post_id}/unpin"),
    ("post", "/api/v1/communities/{slug}/posts/{post_id}/lock"),
    ("post", "/api/v1/communities/{slug}/posts/{post_id}/unlock"),
    ("get", "/api/v1/communities/{slug}/posts/{post_id}/comments"),
    ("post", "/api/v1/communities/{slug}/posts/{post_id}/comments"),
    ("patch", "/api/v1/communities/{slug}/posts/{post_id}/comments/{comment_id}"),
    ("delete", "/api/v1/communities/{slug}/posts/{post_id}/comments/{comment_id}"),
    ("put", "/api/v1/communities/{slug}/posts/{post_id}/reactions/{kind}"),
    ("delete", "/api/v1/communities/{slug}/posts/{post_id}/reactions/{kind}"),
    ("put", "/api/v1/communities/{slug}/posts/{post_id}/comments/{comment_id}/reactions/{kind}"),
    (
        "delete",
        "/api/v1/communities/{slug}/posts/{post_id}/comments/{comment_id}/reactions/{kind}",
    ),
    ("put", "/api/v1/communities/{slug}/posts/{post_id}/follow"),
    ("delete", "/api/v1/communities/{slug}/posts/{post_id}/follow"),
    ("get", "/api/v1/me/follows"),
]


@pytest.fixture
def spec(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_with_discussions_is_valid(spec):
    validate(spec)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_discussion_operation_is_listed_and_accepts_a_bearer_token(spec, method, path):
    operation = spec["paths"][path][method]
    assert operation["tags"] == ["discussions"]
    assert {"PersonalAccessToken": []} in operation["security"]


def test_operation_ids_are_unique(spec):
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))

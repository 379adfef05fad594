"""A private community's conversation is, to an outsider, exactly like one that does not exist."""

from __future__ import annotations

import pytest

from convene.discussions import services
from convene.discussions.models import Comment, Follow, Post, Reaction, Revision
from tests.discussions_api.conftest import make_comment, make_post, send

POST = {"title": "Hello", "body": "Anyone there?", "tags": ["Feedback"]}
COMMENT = {"body": "Hello"}

CALLS = [
    ("GET", "", None),
    ("POST", "", POST),
    ("GET", "/{post}", None),
    ("PATCH", "/{post}", POST),
    ("DELETE", "/{post}", None),
    ("POST", "/{post}/pin", None),
    ("POST", "/{post}/unpin", None),
    ("POST", "/{post}/lock", None),
    ("POST", "/{post}/unlock", None),
    ("GET", "/{post}/comments", None),
    ("POST", "/{post}/comments", COMMENT),
    ("PATCH", "/{post}/comments/{comment}", COMMENT),
    ("DELETE", "/{post}/comments/{comment}", None),
    ("PUT", "/{post}/reactions/encourage", None),
    ("DELETE", "/{post}/reactions/encourage", None),
    ("PUT", "/{post}/comments/{comment}/reactions/encourage", None),
    ("DELETE", "/{post}/comments/{comment}/reactions/encourage", None),
    ("PUT", "/{post}/follow", None),
    ("DELETE", "/{post}/follow", None),
]


@pytest.fixture
def hidden(people):
    post = make_post(people.member, people.private_community, title="Between us")
    comment = make_comment(people.convenor, post)
    # Give every withdrawal something it could remove if access leaked.
    services.encourage(actor=people.member, kind="encourage", post=post)
    services.encourage(actor=people.member, kind="encourage", comment=comment)
    return post, comment


def snapshot() -> list[object]:
    return [
        list(Post.objects.values()),
        list(Comment.objects.values()),
        list(Reaction.objects.values()),
        list(Follow.objects.values()),
        Revision.objects.count(),
    ]


@pytest.mark.parametrize(("method", "suffix", "body"), CALLS, ids=[f"{m} {s}" for m, s, _ in CALLS])
def test_an_outsider_gets_404_and_changes_nothing(people, api_as, hidden, method, suffix, body):
    post, comment = hidden
    before = snapshot()
    path = "/api/v1/communities/{slug}/posts" + suffix.format(post=post.pk, comment=comment.pk)
    client = api_as(people.outsider)
    response = send(client, method, path.format(slug="quiet-room"), body)
    missing = send(client, method, path.format(slug="no-such-room"), body)
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json() == {"detail": "Not Found"}
    assert snapshot() == before


def test_an_outsider_does_not_see_a_private_post_among_their_follows(people, api_as, hidden):
    post, _ = hidden
    Follow.objects.create(user=people.outsider, post=post)
    assert api_as(people.outsider).get("/api/v1/me/follows").json()["items"] == []


def test_a_member_reads_the_private_conversation(people, api_as, hidden):
    post, comment = hidden
    client = api_as(people.member)
    listed = client.get("/api/v1/communities/quiet-room/posts").json()["items"]
    assert [row["title"] for row in listed] == ["Between us"]
    comments = client.get(f"/api/v1/communities/quiet-room/posts/{post.pk}/comments").json()
    assert [row["id"] for row in comments["items"]] == [comment.pk]

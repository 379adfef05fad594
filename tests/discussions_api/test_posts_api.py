"""Posts through the API: listing, writing, editing, deleting, pinning and locking."""

from __future__ import annotations

import pytest

from convene.audit.models import AuditEvent
from convene.discussions.models import Post, Revision
from tests.discussions_api.conftest import make_comment, make_post, post_path, posts_path, send


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["items"]]


# Reading


def test_the_list_shows_pinned_posts_first_then_the_newest(people, api_as):
    first = make_post(people.member, people.open_community, title="First")
    make_post(people.member, people.open_community, title="Second")
    make_post(people.convenor, people.open_community, title="Third")
    first.is_pinned = True
    first.save(update_fields=["is_pinned"])
    response = api_as(people.member).get(posts_path(people.open_community))
    assert titles(response) == ["First", "Third", "Second"]


def test_a_listed_post_carries_its_author_tags_counts_and_flags(people, api_as):
    post = make_post(people.member, people.open_community, tags=("Feedback", "Hybrid teams"))
    make_comment(people.convenor, post)
    gone = make_comment(people.convenor, post)
    gone.deleted_at = gone.created_at
    gone.save(update_fields=["deleted_at"])
    row = api_as(people.member).get(posts_path(people.open_community)).json()["items"][0]
    assert row["id"] == post.pk
    assert row["community"] == "open-circle"
    assert row["author"]["handle"] == people.member.handle
    assert sorted(row["tags"]) == ["Feedback", "Hybrid teams"]
    assert row["comment_count"] == 1
    assert (row["edited"], row["deleted"], row["pinned"], row["locked"]) == (
        False,
        False,
        False,
        False,
    )
    assert row["url"] == post.get_absolute_url()
    assert "body_html" not in row


def test_the_list_can_be_narrowed_to_one_tag_by_name_or_slug(people, api_as):
    make_post(people.member, people.open_community, title="Tagged", tags=("Hybrid teams",))
    make_post(people.member, people.open_community, title="Untagged")
    client = api_as(people.member)
    path = posts_path(people.open_community)
    assert titles(client.get(path, {"tag": "hybrid-teams"})) == ["Tagged"]
    assert titles(client.get(path, {"tag": "Hybrid teams"})) == ["Tagged"]
    assert titles(client.get(path, {"tag": "no-such-tag"})) == []


def test_a_deleted_post_shows_neither_title_nor_body(people, api_as):
    post = make_post(people.member, people.open_community, title="Withdrawn thoughts")
    send(api_as(people.member), "DELETE", post_path(post))
    client = api_as(people.convenor)
    row = client.get(posts_path(people.open_community)).json()["items"][0]
    assert (row["title"], row["deleted"]) == ("", True)
    detail = client.get(post_path(post)).json()
    assert (detail["title"], detail["body_html"], detail["deleted"]) == ("", "", True)


def test_the_detail_shows_the_rendered_body_and_who_encouraged_it(people, api_as):
    post = make_post(people.member, people.open_community)
    send(api_as(people.convenor), "PUT", post_path(post, "/reactions/insightful"))
    response = api_as(people.member).get(post_path(post))
    assert response.status_code == 200
    detail = response.json()
    assert detail["body_html"].startswith("<p>We keep losing")
    givers = {row["kind"]: row["givers"] for row in detail["reactions"]}
    assert givers == {"encourage": [], "insightful": [people.convenor.handle], "thank_you": []}


# Writing


def test_a_member_starts_a_conversation(people, api_as):
    body = {"title": "Feedback that lands", "body": "How do *you* do it?", "tags": ["Feedback"]}
    response = send(api_as(people.member), "POST", posts_path(people.open_community), body)
    assert response.status_code == 201, response.content
    created = Post.objects.get(pk=response.json()["id"])
    assert (created.author, created.community) == (people.member, people.open_community)
    assert response.json()["body_html"] == "<p>How do <em>you</em> do it?</p>\n"
    assert response.json()["tags"] == ["Feedback"]
    assert created.follows.filter(user=people.member).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": "", "body": "Text"}, "title: String should have at least 1 character"),
        ({"title": "   ", "body": "Text"}, "title: String should have at least 1 character"),
        ({"title": "T" * 201, "body": "Text"}, "title: String should have at most 200 characters"),
        ({"title": "Title", "body": ""}, "body: String should have at least 1 character"),
        (
            {"title": "Title", "body": "B" * 20_001},
            "body: String should have at most 20000 characters",
        ),
        (
            {"title": "Title", "body": "Text", "tags": ["a", "b", "c", "d", "e", "f"]},
            "tags: List should have at most 5 items",
        ),
        (
            {"title": "Title", "body": "Text", "tags": ["T" * 41]},
            "tags.0: String should have at most 40 characters",
        ),
        ({"title": "Title", "body": "a\u0000b"}, "body: Value error, Null characters"),
    ],
)
def test_bad_posts_are_refused_with_the_reason_and_nothing_is_written(
    people, api_as, body, message
):
    response = send(api_as(people.member), "POST", posts_path(people.open_community), body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(message)
    assert not Post.objects.exists()


def test_the_longest_title_and_body_allowed_are_accepted(people, api_as):
    body = {"title": "T" * 200, "body": "B" * 20_000, "tags": ["a", "b", "c", "d", "e"]}
    response = send(api_as(people.member), "POST", posts_path(people.open_community), body)
    assert response.status_code == 201, response.content


def test_a_non_member_cannot_post_and_nothing_is_written(people, api_as):
    body = {"title": "Hello", "body": "May I join in?"}
    response = send(api_as(people.outsider), "POST", posts_path(people.open_community), body)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Only members of Open Circle can take part in its conversations."
    )
    assert not Post.objects.exists()


# Editing and deleting


def test_the_author_edits_a_post_and_the_earlier_text_is_kept(people, api_as):
    post = make_post(people.member, people.open_community, title="Before", tags=("Feedback",))
    body = {"title": "After", "body": "New words"}
    response = send(api_as(people.member), "PATCH", post_path(post), body)
    assert response.status_code == 200, response.content
    assert (response.json()["title"], response.json()["edited"]) == ("After", True)
    assert response.json()["tags"] == ["Feedback"]  # tags not given stay as they were
    post.refresh_from_db()
    assert (post.title, post.body) == ("After", "New words")
    assert Revision.objects.get(post=post).title == "Before"


def test_an_edit_can_change_only_the_tags(people, api_as):
    post = make_post(people.member, people.open_community, title="Same", tags=("Feedback",))
    response = send(api_as(people.member), "PATCH", post_path(post), {"tags": ["Coaching"]})
    assert response.json()["tags"] == ["Coaching"]
    post.refresh_from_db()
    assert post.title == "Same"


def test_an_over_long_edit_is_refused_and_the_post_is_unchanged(people, api_as):
    post = make_post(people.member, people.open_community, title="Kept")
    response = send(api_as(people.member), "PATCH", post_path(post), {"title": "T" * 201})
    assert response.status_code == 422
    assert "200" in response.json()["detail"]
    post.refresh_from_db()
    assert post.title == "Kept"
    assert not Revision.objects.exists()


def test_someone_else_cannot_edit_or_delete_a_post(people, api_as):
    post = make_post(people.convenor, people.open_community, title="Mine")
    client = api_as(people.member)
    edit = send(client, "PATCH", post_path(post), {"title": "Hijacked"})
    delete = send(client, "DELETE", post_path(post))
    for response in (edit, delete):
        assert response.status_code == 400
        assert response.json()["detail"] == (
            "Only the author or the community's convenors can change this."
        )
    post.refresh_from_db()
    assert (post.title, post.deleted_at) == ("Mine", None)
    assert not Revision.objects.exists()


def test_the_author_deletes_a_post_softly(people, api_as):
    post = make_post(people.member, people.open_community)
    response = send(api_as(people.member), "DELETE", post_path(post))
    assert response.status_code == 204
    post.refresh_from_db()
    assert (post.is_deleted, post.deleted_by) == (True, people.member)
    assert AuditEvent.objects.filter(action="post.deleted").exists()


def test_a_deleted_post_cannot_be_edited(people, api_as):
    post = make_post(people.member, people.open_community)
    client = api_as(people.member)
    send(client, "DELETE", post_path(post))
    response = send(client, "PATCH", post_path(post), {"title": "Back again"})
    assert response.status_code == 400
    assert response.json()["detail"] == "This has been deleted."


# Pinning and locking


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("pin", "is_pinned", True), ("lock", "is_locked", True)],
)
def test_a_convenor_pins_and_locks(people, api_as, action, field, value):
    post = make_post(people.member, people.open_community)
    response = send(api_as(people.convenor), "POST", post_path(post, f"/{action}"))
    assert response.status_code == 200, response.content
    assert response.json()[{"is_pinned": "pinned", "is_locked": "locked"}[field]] is value
    post.refresh_from_db()
    assert getattr(post, field) is value


@pytest.mark.parametrize(("action", "field"), [("unpin", "is_pinned"), ("unlock", "is_locked")])
def test_a_convenor_unpins_and_unlocks(people, api_as, action, field):
    post = make_post(people.member, people.open_community)
    setattr(post, field, True)
    post.save(update_fields=[field])
    response = send(api_as(people.convenor), "POST", post_path(post, f"/{action}"))
    assert response.status_code == 200, response.content
    post.refresh_from_db()
    assert getattr(post, field) is False


@pytest.mark.parametrize("action", ["pin", "lock"])
def test_a_member_cannot_pin_or_lock(people, api_as, action):
    post = make_post(people.member, people.open_community)
    response = send(api_as(people.member), "POST", post_path(post, f"/{action}"))
    assert response.status_code == 400
    assert response.json()["detail"] == "Only the community's convenors can do that."
    post.refresh_from_db()
    assert (post.is_pinned, post.is_locked) == (False, False)

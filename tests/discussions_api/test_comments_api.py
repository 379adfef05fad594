"""Comments through the API: reading, replying, editing and deleting."""

from __future__ import annotations

import pytest

from convene.discussions.models import Comment, Revision
from tests.discussions_api.conftest import comment_path, make_comment, make_post, post_path, send


@pytest.fixture
def post(people):
    return make_post(people.convenor, people.open_community)


def comment_on(client, post, body: dict):
    return send(client, "POST", post_path(post, "/comments"), body)


def test_the_list_shows_comments_oldest_first_with_their_parents(people, api_as, post):
    first = make_comment(people.member, post)
    reply = make_comment(people.convenor, post, parent=first)
    response = api_as(people.member).get(post_path(post, "/comments"))
    assert response.status_code == 200
    rows = response.json()["items"]
    assert [(row["id"], row["parent"]) for row in rows] == [(first.pk, None), (reply.pk, first.pk)]
    assert rows[1]["author"]["handle"] == people.convenor.handle
    assert rows[0]["body_html"].startswith("<p>What helped us")
    assert (rows[0]["deleted"], rows[0]["edited"]) == (False, False)


def test_a_deleted_comment_shows_no_body_and_its_replies_stay(people, api_as, post):
    first = make_comment(people.member, post)
    make_comment(people.convenor, post, parent=first)
    assert send(api_as(people.member), "DELETE", comment_path(first)).status_code == 204
    rows = api_as(people.member).get(post_path(post, "/comments")).json()["items"]
    assert [(row["deleted"], row["body_html"] == "") for row in rows] == [
        (True, True),
        (False, False),
    ]


def test_a_member_comments_on_a_post(people, api_as, post):
    response = comment_on(api_as(people.member), post, {"body": "Try a *rota*."})
    assert response.status_code == 201, response.content
    comment = Comment.objects.get(pk=response.json()["id"])
    assert (comment.author, comment.post, comment.parent) == (people.member, post, None)
    assert response.json()["body_html"] == "<p>Try a <em>rota</em>.</p>\n"


def test_a_reply_to_a_reply_joins_the_same_thread(people, api_as, post):
    first = make_comment(people.convenor, post)
    reply = make_comment(people.member, post, parent=first)
    response = comment_on(api_as(people.member), post, {"body": "And me", "parent": reply.pk})
    assert response.status_code == 201, response.content
    assert response.json()["parent"] == first.pk


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"body": ""}, "String should have at least 1 character"),
        ({"body": "  \n "}, "String should have at least 1 character"),
        ({"body": "B" * 10_001}, "String should have at most 10000 characters"),
        ({}, "Field required"),
    ],
)
def test_bad_comments_are_refused_with_the_reason_and_nothing_is_written(
    people, api_as, post, body, message
):
    response = comment_on(api_as(people.member), post, body)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_on_another_post_is_refused(people, api_as, post):
    elsewhere = make_comment(people.member, make_post(people.member, people.open_community))
    body = {"body": "Wrong thread", "parent": elsewhere.pk}
    response = comment_on(api_as(people.member), post, body)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        f"There is no comment {elsewhere.pk} on this post to reply to."
    )
    assert not post.comments.exists()


def test_a_reply_to_a_deleted_comment_is_refused(people, api_as, post):
    gone = make_comment(people.member, post)
    send(api_as(people.member), "DELETE", comment_path(gone))
    response = comment_on(api_as(people.member), post, {"body": "Still?", "parent": gone.pk})
    assert response.status_code == 400
    assert not gone.replies.exists()


def test_a_non_member_cannot_comment_and_nothing_is_written(people, api_as, post):
    response = comment_on(api_as(people.outsider), post, {"body": "Hello?"})
    assert response.status_code == 400
    assert "Only members of Open Circle" in response.json()["detail"]
    assert not Comment.objects.exists()


def test_a_locked_post_takes_no_new_comments(people, api_as, post):
    send(api_as(people.convenor), "POST", post_path(post, "/lock"))
    response = comment_on(api_as(people.member), post, {"body": "Too late"})
    assert response.status_code == 400
    assert response.json()["detail"] == "This post is locked: it takes no new comments."
    assert not Comment.objects.exists()


def test_the_author_edits_a_comment_and_the_earlier_text_is_kept(people, api_as, post):
    comment = make_comment(people.member, post)
    before = comment.body
    response = send(api_as(people.member), "PATCH", comment_path(comment), {"body": "Better"})
    assert response.status_code == 200, response.content
    assert (response.json()["body_html"], response.json()["edited"]) == ("<p>Better</p>\n", True)
    assert Revision.objects.get(comment=comment).body == before


def test_an_over_long_comment_edit_is_refused(people, api_as, post):
    comment = make_comment(people.member, post)
    response = send(api_as(people.member), "PATCH", comment_path(comment), {"body": "B" * 10_001})
    assert response.status_code == 422
    assert "10000" in response.json()["detail"]
    assert not Revision.objects.exists()


def test_a_convenor_may_delete_a_members_comment(people, api_as, post):
    comment = make_comment(people.member, post)
    assert send(api_as(people.convenor), "DELETE", comment_path(comment)).status_code == 204
    comment.refresh_from_db()
    assert comment.deleted_by == people.convenor


def test_someone_else_cannot_edit_or_delete_a_comment(people, api_as, post):
    comment = make_comment(people.convenor, post)
    client = api_as(people.member)
    edit = send(client, "PATCH", comment_path(comment), {"body": "Hijacked"})
    delete = send(client, "DELETE", comment_path(comment))
    for response in (edit, delete):
        assert response.status_code == 400
        assert response.json()["detail"] == (
            "Only the author or the community's convenors can change this."
        )
    comment.refresh_from_db()
    assert comment.deleted_at is None
    assert not Revision.objects.exists()


def test_a_comment_is_found_only_under_its_own_post(people, api_as, post):
    other = make_post(people.member, people.open_community)
    comment = make_comment(people.member, post)
    path = post_path(other, f"/comments/{comment.pk}")
    response = send(api_as(people.member), "PATCH", path, {"body": "Moved"})
    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.body != "Moved"

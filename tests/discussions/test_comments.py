"""Members comment and reply through the post page; the rules on length, locking and editing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.discussions.models import Comment
from tests.conftest import client_for
from tests.discussions.builders import action_url, comments_url, make_comment, make_post, post_url
from tests.factories import make_person


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _edit_url(comment: Comment) -> str:
    post = comment.post
    return reverse("discussions:comment_edit", args=[post.community.slug, post.pk, comment.pk])


def _delete_url(comment: Comment) -> str:
    post = comment.post
    return reverse("discussions:comment_delete", args=[post.community.slug, post.pk, comment.pk])


def test_member_comments_and_lands_on_the_comment(people, as_member):
    post = make_post(people.convenor, people.open_community)

    response = as_member.post(comments_url(post), {"body": "We tried *walking* one-to-ones."})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.author, comment.parent) == (people.member, None)
    page = as_member.get(post_url(post))
    assert "We tried <em>walking</em> one-to-ones." in page.text


def test_over_long_comment_is_refused_stating_the_limit(people, as_member):
    post = make_post(people.convenor, people.open_community)

    response = as_member.post(comments_url(post), {"body": "x" * 10_001}, follow=True)

    assert _messages(response) == [
        "Your comment: Ensure this value has at most 10000 characters (it has 10001)."
    ]
    assert not Comment.objects.exists()


def test_comment_of_exactly_the_limit_is_accepted(people, as_member):
    post = make_post(people.convenor, people.open_community)

    as_member.post(comments_url(post), {"body": "x" * 10_000})

    assert Comment.objects.get().body == "x" * 10_000


def test_empty_comment_is_refused_with_a_clear_error(people, as_member):
    post = make_post(people.convenor, people.open_community)

    response = as_member.post(comments_url(post), {"body": "  \n "}, follow=True)

    assert _messages(response) == ["Your comment: This field is required."]
    assert not Comment.objects.exists()


def test_non_member_cannot_comment_in_an_open_community(people, as_outsider):
    post = make_post(people.convenor, people.open_community)

    response = as_outsider.post(comments_url(post), {"body": "Drive-by advice"}, follow=True)

    assert _messages(response) == [
        "Only members of Open Circle can take part in its conversations."
    ]
    assert not Comment.objects.exists()
    assert "Join Open Circle to take part" in response.text


def test_locked_post_refuses_comments(people, as_member, as_convenor):
    post = make_post(people.member, people.open_community)
    as_convenor.post(action_url(post, "lock"))

    response = as_member.post(comments_url(post), {"body": "One more thing"}, follow=True)

    assert _messages(response) == ["This post is locked: it takes no new comments."]
    assert not Comment.objects.exists()
    assert 'name="body"' not in response.text


def test_deleted_post_refuses_comments(people, as_member, as_convenor):
    post = make_post(people.member, people.open_community)
    as_convenor.post(action_url(post, "delete"))

    response = as_member.post(comments_url(post), {"body": "Hello?"}, follow=True)

    assert _messages(response) == ["This has been deleted."]
    assert not Comment.objects.exists()


def test_reply_to_a_reply_attaches_to_the_top_level_comment(people, as_member):
    post = make_post(people.convenor, people.open_community)
    top = make_comment(people.convenor, post, body="Top level")
    reply = make_comment(people.member, post, body="First reply", parent=top)

    as_member.post(comments_url(post), {"body": "Reply to the reply", "parent": reply.pk})

    nested = Comment.objects.get(body="Reply to the reply")
    assert nested.parent == top
    assert reply.parent == top
    page = as_member.get(post_url(post)).text
    thread = page[page.index(f'id="comment-{top.pk}"') :]
    assert thread.index("First reply") < thread.index("Reply to the reply")
    assert page.count('class="comment reply"') == 2


def test_reply_to_a_comment_on_another_post_is_404(people, as_member):
    post = make_post(people.convenor, people.open_community)
    elsewhere = make_comment(people.convenor, make_post(people.convenor, people.open_community))

    response = as_member.post(comments_url(post), {"body": "Crossed wires", "parent": elsewhere.pk})

    assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_author_edits_a_comment_keeping_its_history(people, as_member):
    comment = make_comment(
        people.member, make_post(people.convenor, people.open_community), body="Draft"
    )

    response = as_member.post(_edit_url(comment), {"body": "Final"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.edited_at is not None) == ("Final", True)
    assert list(comment.revisions.values_list("body", flat=True)) == ["Draft"]
    assert " · edited" in as_member.get(post_url(comment.post)).text


def test_convenor_edits_a_members_comment(people, as_convenor):
    comment = make_comment(
        people.member, make_post(people.member, people.open_community), body="Rude"
    )

    as_convenor.post(_edit_url(comment), {"body": "[removed by convenor]"})

    comment.refresh_from_db()
    assert comment.body == "[removed by convenor]"


@pytest.mark.parametrize("who", ["outsider", "sponsor", "admin", "other_member"])
def test_comment_edit_or_delete_by_anyone_else_is_refused(people, who):
    if who == "other_member":
        editor = make_person("Otto Other")
        people.open_community.memberships.create(user=editor)
    else:
        editor = getattr(people, who)
    comment = make_comment(
        people.member, make_post(people.member, people.open_community), body="Mine"
    )
    client = client_for(editor)

    edit = client.post(_edit_url(comment), {"body": "Theirs"})
    delete = client.post(_delete_url(comment), follow=True)

    assert edit.status_code == 404
    assert _messages(delete) == ["Only the author or the community's convenors can change this."]
    comment.refresh_from_db()
    assert (comment.body, comment.is_deleted) == ("Mine", False)
    assert not comment.revisions.exists()


def test_over_long_comment_edit_is_refused(people, as_member):
    comment = make_comment(
        people.member, make_post(people.member, people.open_community), body="Short"
    )

    response = as_member.post(_edit_url(comment), {"body": "y" * 10_001})

    assert "at most 10000 characters" in response.text
    comment.refresh_from_db()
    assert comment.body == "Short"


def test_deleted_comment_leaves_a_note_and_its_replies_readable(people, as_member, as_convenor):
    post = make_post(people.convenor, people.open_community)
    top = make_comment(people.member, post, body="I regret this")
    make_comment(people.convenor, post, body="Still worth reading", parent=top)

    response = as_member.post(_delete_url(top))

    assert response.status_code == 302
    top.refresh_from_db()
    assert top.is_deleted and top.deleted_by == people.member
    page = as_convenor.get(post_url(post)).text
    assert "This comment was deleted." in page
    assert "I regret this" not in page
    assert "Still worth reading" in page


def test_a_deleted_comments_text_cannot_be_read_through_its_edit_form(people, as_outsider):
    comment = make_comment(
        people.member, make_post(people.convenor, people.open_community), body="Said in haste"
    )
    client_for(people.member).post(_delete_url(comment))

    page = as_outsider.get(_edit_url(comment))

    assert "Said in haste" not in page.text

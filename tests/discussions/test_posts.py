"""Members start conversations through the pages; the rules on who may write, edit and moderate."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.discussions.models import Post, Revision
from tests.conftest import client_for
from tests.discussions.builders import (
    action_url,
    comments_url,
    feed_urls,
    make_comment,
    make_post,
    new_post_url,
    post_url,
    reaction_url,
)
from tests.factories import make_person


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_member_publishes_a_post_with_tags_through_the_form(people, as_member):
    response = as_member.post(
        new_post_url(people.open_community),
        {
            "title": "Feedback that lands",
            "body": "How do you give **hard** feedback?",
            "tags": "feedback, coaching",
        },
    )

    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert (post.author, post.community) == (people.member, people.open_community)
    assert sorted(post.tags.values_list("name", flat=True)) == ["coaching", "feedback"]
    page = as_member.get(post.get_absolute_url())
    assert "Feedback that lands" in page.text
    assert "<strong>hard</strong>" in page.text


def test_post_list_shows_posts_newest_first_with_comment_counts(people, as_member):
    older = make_post(people.member, people.open_community, title="Older question")
    newer = make_post(people.convenor, people.open_community, title="Newer question")
    make_comment(people.convenor, older)

    page = as_member.get(reverse("discussions:post_list", args=["open-circle"]))

    assert page.text.index(newer.title) < page.text.index(older.title)
    assert "1 comment" in page.text


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [("title", "t" * 201, "200"), ("body", "b" * 20_001, "20000")],
)
def test_over_long_title_or_body_is_refused_stating_the_limit(
    people, as_member, field, value, limit
):
    data = {"title": "A fine title", "body": "A fine body", "tags": ""} | {field: value}

    response = as_member.post(new_post_url(people.open_community), data)

    assert response.status_code == 200
    assert f"at most {limit} characters" in response.text.replace(",", "")
    assert not Post.objects.exists()


@pytest.mark.parametrize("field", ["title", "body"])
def test_empty_title_or_body_is_refused_with_a_clear_error(people, as_member, field):
    data = {"title": "A fine title", "body": "A fine body"} | {field: "   "}

    response = as_member.post(new_post_url(people.open_community), data)

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Post.objects.exists()


def test_limits_are_stated_on_the_empty_form(people, as_member):
    page = as_member.get(new_post_url(people.open_community))

    assert "At most 20,000 characters" in page.text


def test_more_than_five_tags_is_refused(people, as_member):
    response = as_member.post(
        new_post_url(people.open_community), {"title": "T", "body": "B", "tags": "a, b, c, d, e, f"}
    )

    assert "Use at most 5 tags." in response.text
    assert not Post.objects.exists()


def test_non_member_of_an_open_community_cannot_post(people, as_outsider):
    response = as_outsider.post(
        new_post_url(people.open_community), {"title": "Hello", "body": "Hi all"}
    )

    assert response.status_code == 200
    assert "Only members of Open Circle can take part in its conversations." in response.text
    assert not Post.objects.exists()


def test_former_member_cannot_post(people):
    people.open_community.memberships.filter(user=people.member).update(left_at="2030-01-01T00:00Z")

    response = client_for(people.member).post(
        new_post_url(people.open_community), {"title": "Hello", "body": "Hi all"}
    )

    assert "Only members of Open Circle" in response.text
    assert not Post.objects.exists()


def test_outsider_gets_404_everywhere_in_a_private_community(people, as_outsider):
    post = make_post(people.member, people.private_community)
    comment = make_comment(people.convenor, post)
    slug = post.community.slug
    gets = [
        reverse("discussions:post_list", args=[slug]),
        new_post_url(post.community),
        post_url(post),
        reverse("discussions:post_edit", args=[slug, post.pk]),
        reverse("discussions:post_history", args=[slug, post.pk]),
        reverse("discussions:comment_edit", args=[slug, post.pk, comment.pk]),
        *feed_urls(post).values(),
    ]
    posts = [
        new_post_url(post.community),
        reverse("discussions:post_edit", args=[slug, post.pk]),
        comments_url(post),
        reverse("discussions:comment_edit", args=[slug, post.pk, comment.pk]),
        reverse("discussions:comment_delete", args=[slug, post.pk, comment.pk]),
        reaction_url(post),
        *(
            action_url(post, a)
            for a in ["delete", "pin", "unpin", "lock", "unlock", "follow", "unfollow"]
        ),
    ]
    data = {"title": "Mine now", "body": "Overwritten", "kind": "encourage"}

    assert {url: as_outsider.get(url).status_code for url in gets} == dict.fromkeys(gets, 404)
    assert {url: as_outsider.post(url, data).status_code for url in posts} == dict.fromkeys(
        posts, 404
    )
    post.refresh_from_db()
    comment.refresh_from_db()
    assert not post.is_deleted and not post.is_pinned and not post.is_locked
    assert post.body != "Overwritten" and comment.body != "Overwritten" and not comment.is_deleted
    assert post.comments.count() == 1
    assert not post.reactions.exists()
    assert not post.follows.filter(user=people.outsider).exists()


def test_anonymous_visitor_is_sent_to_sign_in(people, client):
    post = make_post(people.member, people.open_community)

    response = client.get(post_url(post))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_member_reads_a_private_community_they_belong_to(people, as_member):
    post = make_post(people.convenor, people.private_community, title="Between us")

    assert "Between us" in as_member.get(post_url(post)).text


def test_author_edits_a_post_and_history_shows_the_old_text(people, as_member):
    post = make_post(people.member, people.open_community, title="First title", body="First body")

    response = as_member.post(
        reverse("discussions:post_edit", args=["open-circle", post.pk]),
        {"title": "Second title", "body": "Second body", "tags": "hybrid"},
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.body, post.edited_at is not None) == (
        "Second title",
        "Second body",
        True,
    )
    assert "Second body" in post.body_html
    page = as_member.get(post_url(post))
    assert reverse("discussions:post_history", args=["open-circle", post.pk]) in page.text
    history = as_member.get(reverse("discussions:post_history", args=["open-circle", post.pk]))
    assert "First title" in history.text and "First body" in history.text
    assert "Maya Member" in history.text


def test_convenor_may_edit_anyones_post(people, as_convenor):
    post = make_post(people.member, people.open_community, title="Typo tilte")

    as_convenor.post(
        reverse("discussions:post_edit", args=["open-circle", post.pk]),
        {"title": "Typo title", "body": post.body},
    )

    post.refresh_from_db()
    assert post.title == "Typo title"
    assert Revision.objects.get(post=post).edited_by == people.convenor


@pytest.mark.parametrize("who", ["outsider", "sponsor", "admin", "other_member"])
def test_edit_by_anyone_but_author_or_convenor_is_refused(people, who):
    if who == "other_member":
        editor = make_person("Otto Other")
        people.open_community.memberships.create(user=editor)
    else:
        editor = getattr(people, who)
    post = make_post(people.member, people.open_community, title="Mine", body="My words")

    response = client_for(editor).post(
        reverse("discussions:post_edit", args=["open-circle", post.pk]),
        {"title": "Theirs", "body": "Their words"},
    )

    assert response.status_code == 404
    post.refresh_from_db()
    assert (post.title, post.body) == ("Mine", "My words")
    assert not post.revisions.exists()


def test_delete_by_anyone_but_author_or_convenor_is_refused(people, as_outsider):
    post = make_post(people.member, people.open_community)

    response = as_outsider.post(action_url(post, "delete"), follow=True)

    assert _messages(response) == ["Only the author or the community's convenors can change this."]
    post.refresh_from_db()
    assert not post.is_deleted


def test_soft_deleted_post_keeps_its_comments_readable(people, as_member, as_convenor):
    post = make_post(
        people.member, people.open_community, title="Soon gone", body="Secret-ish body"
    )
    make_comment(people.convenor, post, body="A reply worth keeping")

    response = as_member.post(action_url(post, "delete"))

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_deleted and post.deleted_by == people.member
    page = as_convenor.get(post_url(post))
    assert page.status_code == 200
    assert "This post was deleted by Maya Member" in page.text
    assert "A reply worth keeping" in page.text
    assert "Secret-ish body" not in page.text
    listing = as_convenor.get(reverse("discussions:post_list", args=["open-circle"]))
    assert "Deleted post" in listing.text


def test_deleted_post_title_is_no_longer_shown_on_its_page(people, as_member):
    post = make_post(people.member, people.open_community, title="Regrettable title")
    as_member.post(action_url(post, "delete"))

    page = as_member.get(post_url(post))

    assert "Regrettable title" not in page.text


def test_deleted_post_cannot_be_edited(people, as_member):
    post = make_post(people.member, people.open_community, title="Gone")
    as_member.post(action_url(post, "delete"))

    response = as_member.post(
        reverse("discussions:post_edit", args=["open-circle", post.pk]),
        {"title": "Back", "body": "Again"},
    )

    assert response.status_code == 404
    post.refresh_from_db()
    assert post.title == "Gone"


@pytest.mark.parametrize("action", ["pin", "lock"])
def test_only_convenors_pin_and_lock(people, as_member, as_convenor, action):
    post = make_post(people.member, people.open_community)
    field = {"pin": "is_pinned", "lock": "is_locked"}[action]

    refused = as_member.post(action_url(post, action), follow=True)
    post.refresh_from_db()
    assert getattr(post, field) is False
    assert _messages(refused) == ["Only the community's convenors can do that."]

    as_convenor.post(action_url(post, action))
    post.refresh_from_db()
    assert getattr(post, field) is True

    as_convenor.post(action_url(post, "un" + action))
    post.refresh_from_db()
    assert getattr(post, field) is False


def test_pinned_post_comes_first_in_the_list(people, as_member, as_convenor):
    pinned = make_post(people.member, people.open_community, title="Read me first")
    make_post(people.member, people.open_community, title="A later question")
    as_convenor.post(action_url(pinned, "pin"))

    page = as_member.get(reverse("discussions:post_list", args=["open-circle"]))

    assert page.text.index("Read me first") < page.text.index("A later question")


def test_unknown_post_action_is_404(people, as_convenor):
    post = make_post(people.member, people.open_community)

    assert as_convenor.post(action_url(post, "explode")).status_code == 404


def test_post_from_another_community_is_404_under_the_wrong_slug(people, as_member):
    post = make_post(people.member, people.private_community)

    assert (
        as_member.get(reverse("discussions:post_detail", args=["open-circle", post.pk])).status_code
        == 404
    )


def test_a_deleted_posts_text_cannot_be_read_through_its_edit_form(people, as_outsider):
    post = make_post(people.member, people.open_community, body="Withdrawn on reflection")
    client_for(people.member).post(action_url(post, "delete"))

    page = as_outsider.get(reverse("discussions:post_edit", args=["open-circle", post.pk]))

    assert "Withdrawn on reflection" not in page.text

"""Atom feeds, read as a feed reader reads them: parsed by feedparser, opened with a secret key."""

from __future__ import annotations

import calendar
import datetime as dt
from html.parser import HTMLParser

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from convene.discussions import services
from convene.discussions.models import FeedToken
from tests.conftest import client_for
from tests.discussions.builders import (
    comments_url,
    community_feed_urls,
    feed_key,
    feed_urls,
    make_comment,
    make_post,
    new_post_url,
    post_url,
    read_feed,
)
from tests.factories import make_community, make_person

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _epoch(parsed_time) -> int:
    return calendar.timegm(parsed_time)


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if (
            tag == "link"
            and found.get("rel") == "alternate"
            and found.get("type") == "application/atom+xml"
        ):
            self.hrefs.append(found["href"] or "")


def _advertised(html: str) -> list[str]:
    links = _AlternateLinks()
    links.feed(html)
    return links.hrefs


@pytest.fixture
def conversation(people):
    """Three posts an hour apart in Open Circle, with comments a minute apart on the second."""
    with time_machine.travel(START, tick=False) as clock:
        first = make_post(
            people.member, people.open_community, title="First post", body="One **bold** idea"
        )
        clock.shift(dt.timedelta(hours=1))
        second = make_post(people.convenor, people.open_community, title="Second post")
        clock.shift(dt.timedelta(hours=1))
        third = make_post(people.member, people.open_community, title="Third post")
        comments = []
        for text in ["Early comment", "Middle comment", "Late _comment_"]:
            clock.shift(dt.timedelta(minutes=1))
            comments.append(make_comment(people.member, second, body=text))
    return first, second, third, comments


def test_community_posts_feed_lists_posts_newest_first_with_ids_dates_authors_links_and_html(
    people, as_member, conversation
):
    first, second, third, _ = conversation

    feed = read_feed(as_member, community_feed_urls(people.open_community)["posts"])

    assert feed.feed.title == "Open Circle: posts"
    assert [entry.title for entry in feed.entries] == ["Third post", "Second post", "First post"]
    assert [entry.id for entry in feed.entries] == [
        f"tag:127.0.0.1,2026:post:{post.pk}" for post in (third, second, first)
    ]
    oldest = feed.entries[2]
    assert oldest.author == "Maya Member"
    assert oldest.link == f"http://testserver{first.get_absolute_url()}"
    assert _epoch(oldest.published_parsed) == int(START.timestamp())
    assert _epoch(oldest.updated_parsed) == int(START.timestamp())
    assert oldest.content[0].type == "text/html"
    assert "<strong>bold</strong>" in oldest.content[0].value
    # A new comment moves the post's updated date on, but not its published date.
    middle = feed.entries[1]
    assert _epoch(middle.updated_parsed) == int(
        (START + dt.timedelta(hours=2, minutes=3)).timestamp()
    )
    assert _epoch(middle.published_parsed) == int((START + dt.timedelta(hours=1)).timestamp())


def test_community_comments_feed_lists_comments_newest_first(people, as_member, conversation):
    _, second, _, comments = conversation

    feed = read_feed(as_member, community_feed_urls(people.open_community)["comments"])

    assert feed.feed.title == "Open Circle: comments"
    assert [entry.id for entry in feed.entries] == [
        f"tag:127.0.0.1,2026:comment:{c.pk}" for c in reversed(comments)
    ]
    newest = feed.entries[0]
    assert newest.title == "Maya Member on “Second post”"
    assert newest.author == "Maya Member"
    assert newest.link == f"http://testserver{second.get_absolute_url()}#comment-{comments[2].pk}"
    assert "<em>comment</em>" in newest.content[0].value
    assert _epoch(newest.published_parsed) == int(
        (START + dt.timedelta(hours=2, minutes=3)).timestamp()
    )


def test_post_comments_feed_lists_only_that_posts_comments(people, as_member, conversation):
    first, second, _, _comments = conversation
    make_comment(people.convenor, first, body="On the first post")

    feed = read_feed(as_member, feed_urls(second)["post_comments"])

    assert feed.feed.title == "Comments on “Second post”"
    assert [entry.title for entry in feed.entries] == ["Maya Member on “Second post”"] * 3
    assert [entry.content[0].value for entry in feed.entries] == [
        "<p>Late <em>comment</em></p>",
        "<p>Middle comment</p>",
        "<p>Early comment</p>",
    ]
    assert feed.feed.link == f"http://testserver{second.get_absolute_url()}"


def test_entry_ids_stay_the_same_after_an_edit_while_updated_moves_on(
    people, as_member, conversation
):
    first, _second, _, comments = conversation
    url = community_feed_urls(people.open_community)
    before = {e.title: e.id for e in read_feed(as_member, url["posts"]).entries}
    comment_ids = [e.id for e in read_feed(as_member, url["comments"]).entries]

    with time_machine.travel(START + dt.timedelta(days=3), tick=False):
        services.edit_post(
            actor=people.member, post=first, title="First post, renamed", body="New words"
        )
        services.edit_comment(actor=people.member, comment=comments[0], body="Edited early comment")

    posts_after = read_feed(as_member, url["posts"])
    renamed = next(e for e in posts_after.entries if e.title == "First post, renamed")
    assert renamed.id == before["First post"]
    assert _epoch(renamed.updated_parsed) == int((START + dt.timedelta(days=3)).timestamp())
    assert _epoch(renamed.published_parsed) == int(START.timestamp())
    assert [e.id for e in read_feed(as_member, url["comments"]).entries] == comment_ids


def test_deleted_posts_and_comments_are_absent_from_feeds(people, as_member, conversation):
    _first, second, third, comments = conversation
    make_comment(people.member, third, body="On a post about to vanish")
    services.delete_post(actor=people.member, post=third)
    services.delete_comment(actor=people.member, comment=comments[1])
    urls = feed_urls(second)

    posts = read_feed(as_member, urls["posts"])
    community_comments = read_feed(as_member, urls["comments"])
    post_comments = read_feed(as_member, urls["post_comments"])

    assert [e.title for e in posts.entries] == ["Second post", "First post"]
    contents = [e.content[0].value for e in community_comments.entries]
    assert not [c for c in contents if "Middle" in c or "vanish" in c]
    assert len(contents) == 2
    assert [e.content[0].value for e in post_comments.entries] == [
        "<p>Late <em>comment</em></p>",
        "<p>Early comment</p>",
    ]


@pytest.mark.parametrize("page", ["community", "post_list", "post"])
def test_every_page_with_a_feed_advertises_it_and_the_link_works_in_a_feed_reader(
    people, as_member, page
):
    post = make_post(people.convenor, people.private_community, title="Advertised")
    url = {
        "community": people.private_community.get_absolute_url(),
        "post_list": reverse("discussions:post_list", args=["quiet-room"]),
        "post": post_url(post),
    }[page]

    hrefs = _advertised(as_member.get(url).text)

    expected = [*community_feed_urls(people.private_community).values()]
    if page == "post":
        expected.append(feed_urls(post)["post_comments"])
    key = feed_key(people.member)
    assert hrefs == [f"{path}?key={key}" for path in expected]
    for href in hrefs:
        # A feed reader has no session: the advertised link alone must open the feed.
        assert read_feed(Client(), href).feed.title


def test_key_is_shown_on_ones_own_profile_only(people, as_member):
    key = feed_key(people.member)

    assert key in as_member.get(people.member.get_absolute_url()).text
    assert key not in client_for(people.convenor).get(people.member.get_absolute_url()).text


def test_private_feeds_need_a_valid_key(people):
    post = make_post(people.convenor, people.private_community)
    make_comment(people.member, post)
    reader = Client()
    key = feed_key(people.member)

    for url in feed_urls(post).values():
        assert reader.get(url).status_code == 404
        assert reader.get(url, {"key": "not-a-real-key"}).status_code == 404
        assert reader.get(url, {"key": ""}).status_code == 404
        assert len(read_feed(reader, url, key=key).entries) == 1


def test_open_community_feeds_also_need_a_key_without_a_session(people):
    post = make_post(people.convenor, people.open_community)

    for url in feed_urls(post).values():
        assert Client().get(url).status_code == 404
        assert Client().get(url, {"key": feed_key(people.outsider)}).status_code == 200


def test_renewing_the_key_revokes_the_old_one_at_once(people, as_member):
    post = make_post(people.convenor, people.private_community)
    old = feed_key(people.member)

    response = as_member.post(reverse("feed_token_renew"))

    assert response.status_code == 302
    new = FeedToken.objects.get(user=people.member).key
    assert new != old
    assert new in as_member.get(people.member.get_absolute_url()).text
    for url in feed_urls(post).values():
        assert Client().get(url, {"key": old}).status_code == 404
        assert Client().get(url, {"key": new}).status_code == 200


def test_renewing_needs_a_post(people, as_member):
    old = feed_key(people.member)

    assert as_member.get(reverse("feed_token_renew")).status_code == 405
    assert FeedToken.objects.get(user=people.member).key == old


def test_a_key_never_unlocks_a_private_community_its_owner_does_not_belong_to(people):
    post = make_post(people.convenor, people.private_community)
    elsewhere = make_community("Back Room", private=True, convenor=people.outsider)

    for url in feed_urls(post).values():
        assert Client().get(url, {"key": feed_key(people.outsider)}).status_code == 404
    for url in community_feed_urls(elsewhere).values():
        assert Client().get(url, {"key": feed_key(people.member)}).status_code == 404


def test_a_key_stops_working_when_its_owner_leaves(people):
    post = make_post(people.convenor, people.private_community)
    key = feed_key(people.member)
    people.private_community.memberships.filter(user=people.member).update(
        left_at="2030-01-01T00:00Z"
    )

    for url in feed_urls(post).values():
        assert Client().get(url, {"key": key}).status_code == 404


def test_a_deactivated_persons_key_is_refused(people):
    post = make_post(people.convenor, people.open_community)
    key = feed_key(people.member)
    people.member.is_active = False
    people.member.save(update_fields=["is_active"])

    for url in feed_urls(post).values():
        assert Client().get(url, {"key": key}).status_code == 404


def test_signed_in_outsider_cannot_read_private_feeds_even_with_a_members_key(people, as_outsider):
    post = make_post(people.convenor, people.private_community)

    for url in feed_urls(post).values():
        assert as_outsider.get(url).status_code == 404
        # The session decides: someone else's key does not widen what a signed-in person reads.
        assert as_outsider.get(url, {"key": feed_key(people.member)}).status_code == 404


def test_a_new_persons_key_is_unique(db):
    keys = {feed_key(make_person()) for _ in range(5)}

    assert len(keys) == 5
    assert all(len(key) >= 32 for key in keys)


@pytest.mark.parametrize("where", ["post title", "post body", "comment"])
def test_a_control_character_is_refused_so_the_feeds_stay_valid(people, as_member, where):
    post = make_post(people.convenor, people.open_community)
    make_comment(people.convenor, post)
    if where == "comment":
        response = as_member.post(comments_url(post), {"body": "Bell \x07 here"}, follow=True)
    else:
        title, body = ("Bell \x07 title", "Fine") if where == "post title" else ("Fine", "B\x01dy")
        response = as_member.post(
            new_post_url(people.open_community), {"title": title, "body": body}
        )
    reader = Client(raise_request_exception=False)

    assert "contains control characters" in response.text
    for url in feed_urls(post).values():
        assert read_feed(reader, url, key=feed_key(people.member)).entries

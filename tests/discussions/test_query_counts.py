"""The post list, post page and feeds cost the same number of queries for 2 items as for 40."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convene.discussions import services
from convene.discussions.models import Post
from tests.conftest import client_for
from tests.discussions.builders import (
    community_feed_urls,
    feed_key,
    feed_urls,
    make_comment,
    make_post,
    read_feed,
)
from tests.factories import make_person

CEILING = 25


def _queries(fetch: Callable[[], object]) -> int:
    fetch()  # once to settle one-off work (a first feed key, a session)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert getattr(response, "status_code", None) == 200
    return len(queries)


def _voices(people, count: int) -> list:
    voices = [make_person(f"Voice {n}") for n in range(count)]
    for voice in voices:
        people.open_community.memberships.create(user=voice)
    return voices


def _add_posts(people, count: int, voices) -> None:
    for n in range(count):
        author = voices[n % len(voices)]
        post = make_post(author, people.open_community, tags=(f"topic {n % 7}", "shared"))
        make_comment(people.member, post)
        services.encourage(actor=people.member, kind="encourage", post=post)
        if n % 5 == 0:
            services.set_pinned(actor=people.convenor, post=post, pinned=True)
        if n % 9 == 0:
            services.delete_post(actor=author, post=post)


def _add_thread(people, post: Post, count: int, voices) -> None:
    for n in range(count):
        author = voices[n % len(voices)]
        if n % 2:
            parent = post.comments.filter(parent=None, deleted_at=None).last()
            comment = make_comment(author, post, parent=parent)
        else:
            comment = make_comment(author, post)
        for kind in ["encourage", "insightful", "thank_you"][: n % 3 + 1]:
            services.encourage(actor=voices[(n + 1) % len(voices)], kind=kind, comment=comment)
        if n % 11 == 3:
            services.delete_comment(actor=author, comment=comment)
        if n % 13 == 4:
            services.edit_comment(actor=author, comment=comment, body="Edited")


def test_post_list_costs_the_same_for_2_posts_as_for_40(people):
    voices = _voices(people, 6)
    member = client_for(people.member)
    url = reverse("discussions:post_list", args=["open-circle"])
    _add_posts(people, 2, voices)
    few = _queries(lambda: member.get(url))

    _add_posts(people, 38, voices)
    many = _queries(lambda: member.get(url))

    assert member.get(url).context["page"].paginator.count == 40
    assert (few, many) == (few, few)
    assert few <= CEILING


def test_post_page_costs_the_same_for_2_comments_as_for_40(people):
    voices = _voices(people, 6)
    member = client_for(people.member)
    post = make_post(people.convenor, people.open_community, tags=("one", "two"))
    for voice in voices[:3]:
        services.encourage(actor=voice, kind="insightful", post=post)
    _add_thread(people, post, 2, voices)
    few = _queries(lambda: member.get(post.get_absolute_url()))

    _add_thread(people, post, 38, voices)
    many = _queries(lambda: member.get(post.get_absolute_url()))

    assert post.comments.count() == 40 and post.comments.exclude(parent=None).count() == 20
    assert (few, many) == (few, few)
    assert few <= CEILING


def _add_feed_items(people, post: Post, *, posts: int, comments: int, voices) -> None:
    """More posts in the community, and more comments on `post`."""
    for n in range(posts):
        make_post(voices[n % len(voices)], people.open_community, tags=("shared",))
    for n in range(comments):
        comment = make_comment(voices[n % len(voices)], post)
        services.encourage(actor=people.member, kind="encourage", comment=comment)


@pytest.mark.parametrize("feed", ["posts", "comments", "post_comments"])
@pytest.mark.parametrize("signed_in", [True, False], ids=["session", "key"])
def test_each_feed_costs_the_same_for_2_items_as_for_40(people, feed, signed_in):
    voices = _voices(people, 6)
    reader = client_for(people.member) if signed_in else Client()
    params = {} if signed_in else {"key": feed_key(people.member)}
    post = make_post(people.convenor, people.open_community)
    url = {
        **community_feed_urls(people.open_community),
        "post_comments": feed_urls(post)["post_comments"],
    }[feed]
    _add_feed_items(people, post, posts=1, comments=2, voices=voices)
    few = _queries(lambda: reader.get(url, params))
    assert len(read_feed(reader, url, **params).entries) == 2

    _add_feed_items(people, post, posts=38, comments=38, voices=voices)
    many = _queries(lambda: reader.get(url, params))
    assert len(read_feed(reader, url, **params).entries) == 40

    assert (few, many) == (few, few)
    assert few <= CEILING

"""Builders for discussion tests: posts and comments written through the services, feeds fetched."""

from __future__ import annotations

import itertools
from typing import Any
from xml.etree import ElementTree

import feedparser
from django.test import Client
from django.urls import reverse

from convene.communities.models import Community
from convene.discussions import services
from convene.discussions.models import Comment, FeedToken, Post
from convene.people.models import User

ATOM = "{http://www.w3.org/2005/Atom}"
_numbers = itertools.count(1)


def make_post(
    author: User,
    community: Community,
    *,
    title: str = "",
    body: str = "",
    tags: tuple[str, ...] = (),
) -> Post:
    number = next(_numbers)
    return services.create_post(
        actor=author,
        community=community,
        title=title or f"How do you run a hybrid team meeting? ({number})",
        body=body or f"We keep losing the people on the call. Story {number}.",
        tags=tags,
    )


def make_comment(
    author: User, post: Post, *, body: str = "", parent: Comment | None = None
) -> Comment:
    number = next(_numbers)
    return services.add_comment(
        actor=author,
        post=post,
        body=body or f"What helped us was a rota. ({number})",
        parent=parent,
    )


def post_url(post: Post, suffix: str = "") -> str:
    return post.get_absolute_url() + suffix


def new_post_url(community: Community) -> str:
    return reverse("discussions:post_create", args=[community.slug])


def comments_url(post: Post) -> str:
    return reverse("discussions:comment_create", args=[post.community.slug, post.pk])


def reaction_url(post: Post) -> str:
    return reverse("discussions:reaction_toggle", args=[post.community.slug, post.pk])


def action_url(post: Post, action: str) -> str:
    return reverse("discussions:post_action", args=[post.community.slug, post.pk, action])


def feed_urls(post: Post) -> dict[str, str]:
    """The three feeds a post is in or has: community posts, community comments, its comments."""
    slug = post.community.slug
    return {
        "posts": reverse("discussions:community_posts_feed", args=[slug]),
        "comments": reverse("discussions:community_comments_feed", args=[slug]),
        "post_comments": reverse("discussions:post_comments_feed", args=[slug, post.pk]),
    }


def community_feed_urls(community: Community) -> dict[str, str]:
    slug = community.slug
    return {
        "posts": reverse("discussions:community_posts_feed", args=[slug]),
        "comments": reverse("discussions:community_comments_feed", args=[slug]),
    }


def feed_key(user: User) -> str:
    return FeedToken.objects.get_or_create(user=user)[0].key


def read_feed(client: Client, url: str, **params: str) -> Any:
    """Fetch a feed, insist it is Atom and well formed, and parse it with feedparser."""
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def raw_feed_contents(content: bytes) -> list[str]:
    """The decoded HTML of each entry's <content>, exactly as a feed reader would receive it."""
    root = ElementTree.fromstring(content)
    return [element.text or "" for element in root.iter(f"{ATOM}content")]

"""Builders for discussion API tests: posts and comments written through the services, and calls."""

from __future__ import annotations

import itertools
from typing import Any

from django.test import Client

from convene.communities.models import Community
from convene.discussions import services
from convene.discussions.models import Comment, Post
from convene.people.models import User
from tests.api.conftest import api_as  # noqa: F401 (API clients signed in with a token)

_numbers = itertools.count(1)


def make_post(
    author: User, community: Community, *, title: str = "", tags: tuple[str, ...] = ()
) -> Post:
    number = next(_numbers)
    return services.create_post(
        actor=author,
        community=community,
        title=title or f"How do you run a hybrid team meeting? ({number})",
        body=f"We keep losing the people on the call. Story {number}.",
        tags=tags,
    )


def make_comment(author: User, post: Post, *, parent: Comment | None = None) -> Comment:
    number = next(_numbers)
    return services.add_comment(
        actor=author, post=post, body=f"What helped us was a rota. ({number})", parent=parent
    )


def posts_path(community: Community) -> str:
    return f"/api/v1/communities/{community.slug}/posts"


def post_path(post: Post, suffix: str = "") -> str:
    return f"/api/v1/communities/{post.community.slug}/posts/{post.pk}{suffix}"


def comment_path(comment: Comment, suffix: str = "") -> str:
    return post_path(comment.post, f"/comments/{comment.pk}{suffix}")


def send(client: Client, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """Call the API with a JSON body, the way scripts do."""
    call = getattr(client, method.lower())
    if body is None:
        return call(path)
    return call(path, body, content_type="application/json")

"""Atom feeds (RFC 4287) of a community's posts, its comments, and one post's comments.

Feed readers cannot sign in, so a request may carry the reader's secret feed
key as `?key=…`; it unlocks exactly what its owner may read, and nothing once
renewed. A signed-in browser needs no key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed

from convene.communities.models import Community
from convene.discussions.access import get_post_for_user, get_readable_community
from convene.discussions.models import Comment, FeedToken, Post
from convene.people.models import User

FEED_LENGTH = 40


def shown_title(post: Post) -> str:
    return "a deleted post" if post.is_deleted else post.title


def feed_key_for(user: User) -> str:
    return FeedToken.objects.get_or_create(user=user)[0].key


def reader(request: HttpRequest) -> User | AnonymousUser:
    """The person a feed request reads as: the signed-in one, or the owner of a valid key."""
    if request.user.is_authenticated:
        return request.user
    key = request.GET.get("key", "")[:40].replace("\x00", "")
    token = FeedToken.objects.select_related("user").filter(key=key, user__is_active=True).first()
    return token.user if key and token else AnonymousUser()


class AtomWithContent(Atom1Feed):
    """Atom with each entry's sanitised HTML as <content type="html">."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


def entry_id(kind: str, pk: int) -> str:
    """A stable tag: URI (RFC 4151), unchanged by edits, moves or renamed communities."""
    host = urlsplit(settings.SITE_URL).hostname or "convene.invalid"
    return f"tag:{host},2026:{kind}:{pk}"


class ConversationFeed(Feed):
    feed_type = AtomWithContent

    def item_link(self, item: Post | Comment) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Post | Comment) -> str:
        return entry_id("post" if isinstance(item, Post) else "comment", item.pk)

    item_guid_is_permalink = False

    def item_pubdate(self, item: Post | Comment) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Post | Comment) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Post | Comment) -> str:
        return item.author.full_name

    def item_description(self, item: Post | Comment) -> str:
        return None  # type: ignore[return-value]  # no <summary>: the HTML goes in <content>

    def item_extra_kwargs(self, item: Post | Comment) -> dict[str, Any]:
        return {"content_html": item.body_html}


class CommunityPostsFeed(ConversationFeed):
    def feed_guid(self, community: Community) -> str:
        return entry_id("community-posts", community.pk)

    def get_object(self, request: HttpRequest, slug: str) -> Community:
        return get_readable_community(reader(request), slug)

    def title(self, community: Community) -> str:
        return f"{community.name}: posts"

    def link(self, community: Community) -> str:
        return community.get_absolute_url()

    def subtitle(self, community: Community) -> str:
        return f"New posts in {community.name}"

    def items(self, community: Community) -> list[Post]:
        posts = community.posts.filter(deleted_at__isnull=True).select_related(
            "author", "community"
        )
        return list(posts.order_by("-created_at", "-id")[:FEED_LENGTH])

    def item_title(self, item: Post) -> str:
        return item.title


class CommunityCommentsFeed(ConversationFeed):
    def feed_guid(self, community: Community) -> str:
        return entry_id("community-comments", community.pk)

    def get_object(self, request: HttpRequest, slug: str) -> Community:
        return get_readable_community(reader(request), slug)

    def title(self, community: Community) -> str:
        return f"{community.name}: comments"

    def link(self, community: Community) -> str:
        return community.get_absolute_url()

    def subtitle(self, community: Community) -> str:
        return f"New comments in {community.name}"

    def items(self, community: Community) -> list[Comment]:
        comments = Comment.objects.filter(
            post__community=community, deleted_at__isnull=True, post__deleted_at__isnull=True
        ).select_related("author", "post__community")
        return list(comments.order_by("-created_at", "-id")[:FEED_LENGTH])

    def item_title(self, item: Comment) -> str:
        return f"{item.author.full_name} on “{shown_title(item.post)}”"


class PostCommentsFeed(ConversationFeed):
    def feed_guid(self, post: Post) -> str:
        return entry_id("post-comments", post.pk)

    def get_object(self, request: HttpRequest, slug: str, post_id: int) -> Post:
        return get_post_for_user(reader(request), slug, post_id)

    def title(self, post: Post) -> str:
        return f"Comments on “{shown_title(post)}”"

    def link(self, post: Post) -> str:
        return post.get_absolute_url()

    def subtitle(self, post: Post) -> str:
        return f"In {post.community.name}"

    def items(self, post: Post) -> list[Comment]:
        comments = post.comments.filter(deleted_at__isnull=True).select_related(
            "author", "post__community"
        )
        return list(comments.order_by("-created_at", "-id")[:FEED_LENGTH])

    def item_title(self, item: Comment) -> str:
        return f"{item.author.full_name} on “{shown_title(item.post)}”"

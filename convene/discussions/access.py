"""The one way views, feeds and the API fetch posts and comments for a person."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from convene.communities.models import Community
from convene.discussions.models import Comment, Post, readable_communities
from convene.people.models import User


def get_readable_community(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose conversation the person may read, or 404."""
    return get_object_or_404(readable_communities(user).select_related("sponsor"), slug=slug)


def get_post_for_user(user: User | AnonymousUser, slug: str, post_id: int) -> Post:
    posts = Post.objects.visible_to(user).select_related("community", "author", "deleted_by")
    return get_object_or_404(posts, community__slug=slug, pk=post_id)


def get_comment_for_user(user: User | AnonymousUser, post: Post, comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.visible_to(user).select_related("author", "post__community"),
        post=post,
        pk=comment_id,
    )

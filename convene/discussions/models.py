from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community
from convene.lib.markdown import render_with_mentions
from convene.people.models import User

TITLE_LIMIT = 200
POST_LIMIT = 20_000
COMMENT_LIMIT = 10_000


def readable_communities(user: User | AnonymousUser) -> models.QuerySet[Community]:
    """Communities whose conversations a person may read: open ones, and their own private ones."""
    return Community.objects.readable_by(user)


class Tag(models.Model):
    """A topic label on posts, shared across the organisation."""

    name = models.CharField(max_length=40, unique=True)
    slug = models.SlugField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RendersBody(models.Model):
    """Keeps `body_html` rendered from the Markdown `body`, whichever fields a save names."""

    body: str
    body_html: str

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_with_mentions(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)


class PostQuerySet(models.QuerySet["Post"]):
    def visible_to(self, user: User | AnonymousUser) -> PostQuerySet:
        return self.filter(community__in=readable_communities(user))

    def for_list(self) -> PostQuerySet:
        return (
            self.select_related("author", "community")
            .prefetch_related("tags")
            .annotate(comment_count=Count("comments", filter=Q(comments__deleted_at__isnull=True)))
            .order_by("-is_pinned", "-created_at", "-id")
        )


class Post(RendersBody):
    """A post in a community's conversation: an issue brought, a question, a story."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(max_length=TITLE_LIMIT)
    body = models.TextField(max_length=POST_LIMIT)
    body_html = models.TextField(editable=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False, help_text="Locked posts take no new comments.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PostQuerySet.as_manager()

    # Set by PostQuerySet.for_list().
    comment_count: int

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "-created_at"], name="post_community_recent")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:post_detail", args=[self.community.slug, self.pk])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible_to(self, user: User | AnonymousUser) -> CommentQuerySet:
        return self.filter(post__community__in=readable_communities(user))


class Comment(RendersBody):
    """A reply to a post, or to a comment on it (one level deep)."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(max_length=COMMENT_LIMIT)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="comment_not_own_parent",
                violation_error_message="A comment cannot reply to itself.",
            )
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.post}"

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Revision(models.Model):
    """The text of a post or comment as it was before an edit."""

    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(max_length=TITLE_LIMIT, blank=True)
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True)
                | Q(post__isnull=True, comment__isnull=False),
                name="revision_of_post_or_comment",
                violation_error_message="A revision belongs to a post or to a comment.",
            )
        ]

    def __str__(self) -> str:
        return f"Revision of {self.post or self.comment}"


class Reaction(models.Model):
    """Encouragement given to a post or comment."""

    class Kind(models.TextChoices):
        ENCOURAGE = "encourage", "Encourage"
        INSIGHTFUL = "insightful", "Insightful"
        THANK_YOU = "thank_you", "Thank you"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True)
                | Q(post__isnull=True, comment__isnull=False),
                name="reaction_on_post_or_comment",
                violation_error_message="Encouragement goes to a post or to a comment.",
            ),
            models.UniqueConstraint(
                fields=["user", "post", "kind"],
                condition=Q(post__isnull=False),
                name="reaction_once_per_post",
                violation_error_message="You have already given that encouragement.",
            ),
            models.UniqueConstraint(
                fields=["user", "comment", "kind"],
                condition=Q(comment__isnull=False),
                name="reaction_once_per_comment",
                violation_error_message="You have already given that encouragement.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"


class Follow(models.Model):
    """A person who wants to hear about new comments on a post."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"],
                name="follow_once",
                violation_error_message="You already follow this post.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.post}"


def new_feed_key() -> str:
    return secrets.token_urlsafe(24)


class FeedToken(models.Model):
    """A person's secret key for feed readers, which cannot sign in; renewal revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token"
    )
    key = models.CharField(max_length=40, unique=True, default=new_feed_key)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user"]

    def __str__(self) -> str:
        return f"Feed token of {self.user}"


def prefetch_thread() -> list[Prefetch[Any]]:
    """What a post page needs for its comments and reactions, in a fixed number of queries."""
    reactions = Reaction.objects.select_related("user")
    return [
        Prefetch("reactions", queryset=reactions),
        Prefetch(
            "comments",
            queryset=Comment.objects.select_related("author").prefetch_related(
                Prefetch("reactions", queryset=reactions)
            ),
        ),
    ]

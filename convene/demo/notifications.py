"""Notifications the demo's people would have had about the conversations."""

from __future__ import annotations

from convene.demo.builders import Demo
from convene.discussions.models import Comment
from convene.notifications.models import Notification

UNREAD = 4  # the newest few stay unread, so the badge in the navigation shows


def build_notifications(demo: Demo) -> str:
    """Tell each post's author about the comments on it, as the services would have."""
    comments = Comment.objects.filter(deleted_at__isnull=True).select_related(
        "author", "post__author", "post__community"
    )
    notices = [
        _reply_notice(comment)
        for comment in comments.order_by("created_at", "id")
        if comment.author_id != comment.post.author_id
    ]
    _mark_older_read(notices)
    Notification.objects.bulk_create(notices)
    return f"{len(notices)} notifications"


def _reply_notice(comment: Comment) -> Notification:
    post = comment.post
    return Notification(
        recipient=post.author,
        community=post.community,
        actor=comment.author,
        kind=Notification.Kind.REPLY,
        message=f"{comment.author} commented on “{post.title}”",
        url=comment.get_absolute_url(),
        key=f"comment:{comment.pk}:reply:{post.author_id}",
        created_at=comment.created_at,
        emailed_at=comment.created_at,
    )


def _mark_older_read(notices: list[Notification]) -> None:
    seen: dict[int, int] = {}
    for notice in reversed(notices):
        seen[notice.recipient_id] = seen.get(notice.recipient_id, 0) + 1
        if seen[notice.recipient_id] > UNREAD:
            notice.read_at = notice.created_at

"""The unread count in the navigation, on every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from convene.notifications.models import Notification


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """Count lazily, so fragments that never show the navigation cost no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}
    return {
        "unread_notification_count": SimpleLazyObject(
            lambda: Notification.objects.for_user(user).unread().count()
        )
    }

"""The one way views and the API fetch a notification for the person asking.

Someone else's notification is indistinguishable from one that does not exist.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from convene.notifications.models import Notification
from convene.people.models import User


def get_notification_for_user(user: User | AnonymousUser, notification_id: int) -> Notification:
    return get_object_or_404(Notification.objects.for_user(user), pk=notification_id)

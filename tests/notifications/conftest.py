"""Builders for notification tests: a notification about an event, as another app would send."""

from __future__ import annotations

import itertools

from convene.notifications import services
from convene.notifications.models import Notification
from convene.people.models import User
from tests.api.conftest import api_as  # noqa: F401 (API clients signed in with a token)

_events = itertools.count(1)


def notify_about(
    recipient: User, actor: User | None = None, *, message: str = "", key: str = ""
) -> Notification | None:
    number = next(_events)
    return services.notify(
        recipient=recipient,
        actor=actor,
        kind=Notification.Kind.MENTION,
        message=message or f"Someone mentioned you in post {number}",
        url=f"/communities/open-circle/#post-{number}",
        key=key or f"comment:{number}:mention:{recipient.pk}",
    )

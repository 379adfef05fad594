"""Background work of communities: telling members about their charter.

The task may run more than once for the same event and notify each member
once: every notification is keyed by the version and the event.
"""

from __future__ import annotations

from django.tasks import task


@task
def tell_members_about_charter(version_id: int, actor_id: int, event: str, message: str) -> None:
    from convene.communities import services

    services.tell_members_about_charter(version_id, actor_id, event, message)

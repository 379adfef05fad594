"""Background work of gatherings: telling members about a new or cancelled gathering.

Each task may run more than once for the same gathering and tells each person
once: every notification is keyed by the gathering and the event.
"""

from __future__ import annotations

from django.tasks import task


@task
def announce_gathering(gathering_id: str) -> None:
    from convene.gatherings import services

    services.announce_gathering(gathering_id)


@task
def announce_cancellation(gathering_id: str) -> None:
    from convene.gatherings import services

    services.announce_cancellation(gathering_id)

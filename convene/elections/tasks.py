"""Background work of elections: telling members that nominations opened or results are out.

The task may run more than once for the same event and notify each member once: every
notification is keyed by the election and the event.
"""

from __future__ import annotations

from django.tasks import task


@task
def tell_members_about_election(
    election_id: str, actor_id: int | None, event: str, message: str
) -> None:
    from convene.elections import services

    services.tell_members_about_election(election_id, actor_id, event, message)

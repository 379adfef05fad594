"""Background work of peer groups: forming a round, and telling members their groups.

Both tasks may run more than once for the same round and do the work once:
forming acts only on a round still forming, and each announcement is a
notification keyed by the group and the person.
"""

from __future__ import annotations

from django.tasks import task


@task
def form_round(round_id: str) -> None:
    from convene.peergroups import services

    services.form_round(round_id)


@task
def announce_round(round_id: str) -> None:
    from convene.peergroups import services

    services.announce_round(round_id)

"""An administrator changing an envelope while approvals take from it never unbalances it.

``total = remaining + what allocations hold`` must survive any interleaving. These
need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import F, Sum

from convene.communities.models import Community
from convene.projects.models import Project
from convene.resources import parameters
from convene.resources.models import Allocation, Envelope, Kind, Period
from convene.resources.services import ResourceError
from tests.conftest import on_postgres
from tests.factories import make_community, make_person

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]


def _setting(total: str = "1000"):
    admin = make_person("Ada Admin", is_administrator=True)
    community = make_community(convenor=make_person())
    period = Period.objects.create(
        name="Q2", starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 6, 30)
    )
    project = Project.objects.create(
        community=community,
        title="Mentoring pairs",
        problem="p",
        intended_outcomes="o",
        status=Project.Status.ACTIVE,
        created_by=admin,
    )
    envelope = Envelope.objects.create(
        period=period, community=community, kind=Kind.FUNDING, total=Decimal(total)
    )
    return admin, period, community, project, envelope


def approve(envelope_id: int, project: Project, amount: Decimal) -> bool:
    """Take from the envelope as an approval does: lock the row, then a conditional update."""
    with transaction.atomic():
        Envelope.objects.select_for_update().get(pk=envelope_id)
        taken = Envelope.objects.filter(pk=envelope_id, remaining__gte=amount).update(
            remaining=F("remaining") - amount
        )
        if taken:
            Allocation.objects.create(
                envelope_id=envelope_id, project=project, amount=amount, unspent=amount
            )
    return bool(taken)


def balance(envelope: Envelope) -> tuple[Decimal, Decimal, Decimal]:
    envelope.refresh_from_db()
    held = envelope.allocations.aggregate(held=Sum("amount"))["held"] or Decimal("0")
    return envelope.total, envelope.remaining, held


def in_thread(work, *args) -> threading.Thread:
    def run() -> None:
        try:
            connection.ensure_connection()
            work(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_totals_changed_during_forty_approvals_keep_every_envelope_balanced():
    admin, period, community, project, envelope = _setting("1000")
    barrier = threading.Barrier(11)
    taken: list[bool] = []
    refused: list[str] = []

    def approvals() -> None:
        barrier.wait(timeout=10)
        for _ in range(4):
            taken.append(approve(envelope.pk, project, Decimal("50")))

    def administrator() -> None:
        barrier.wait(timeout=10)
        for total in ("1500", "400", "1200", "300", "2000", "900", "1000"):
            try:
                parameters.set_envelope(
                    actor=admin,
                    period=period,
                    community=community,
                    kind=Kind.FUNDING,
                    total=Decimal(total),
                )
            except ResourceError as error:
                refused.append(str(error))

    threads = [in_thread(approvals) for _ in range(10)] + [in_thread(administrator)]
    for thread in threads:
        thread.join(timeout=60)

    total, remaining, held = balance(envelope)
    assert len(taken) == 40
    assert held == Decimal("50") * sum(taken)
    assert total == remaining + held, (total, remaining, held)
    assert remaining >= 0
    assert all("already hold" in reason for reason in refused), refused


def read_without_lock(period: Period, community: Community, kind: str) -> Envelope | None:
    return Envelope.objects.filter(period=period, community=community, kind=kind).first()


def write_stale_figures(stale: Envelope, total: Decimal) -> None:
    """The unprotected way: absolute figures from what was read, not a move by the difference."""
    held = stale.total - stale.remaining
    Envelope.objects.filter(pk=stale.pk).update(total=total, remaining=total - held)


@pytest.mark.parametrize("protected", [True, False], ids=["locked", "negative-control"])
def test_an_approval_between_reading_and_writing_a_total_is_counted_once(monkeypatch, protected):
    """Force the race: an approval runs after the administrator reads the envelope."""
    admin, period, community, project, envelope = _setting("1000")
    move_total = parameters._move_total if protected else write_stale_figures
    if not protected:
        monkeypatch.setattr(parameters, "_locked_envelope", read_without_lock)

    def approval_in_between(read: Envelope, total: Decimal) -> None:
        racing = in_thread(approve, envelope.pk, project, Decimal("300"))
        racing.join(timeout=1)  # With the row locked, it waits for this change to commit.
        move_total(read, total)

    monkeypatch.setattr(parameters, "_move_total", approval_in_between)
    parameters.set_envelope(
        actor=admin, period=period, community=community, kind=Kind.FUNDING, total=Decimal("1200")
    )
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join(timeout=10)

    total, remaining, held = balance(envelope)
    assert held == Decimal("300")
    if protected:
        assert (total, remaining) == (Decimal("1200"), Decimal("900"))
    else:
        # The approval's 300 is given away twice: still held by the project and back in remaining.
        assert total != remaining + held
        assert (total, remaining) == (Decimal("1200"), Decimal("1200"))

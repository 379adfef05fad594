"""Close-outs run at the same moment release each unspent amount once.

These need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from convene.projects.models import Project
from convene.resources.models import Allocation, Envelope, Kind, LedgerEntry, Period
from convene.resources.services import release_unspent
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


def test_twenty_simultaneous_close_outs_release_each_allocation_once():
    convenor = make_person()
    community = make_community(convenor=convenor)
    period = Period.objects.create(
        name="Q2", starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 6, 30)
    )
    project = Project.objects.create(
        community=community,
        title="Mentoring pairs",
        problem="p",
        intended_outcomes="o",
        status=Project.Status.COMPLETED,
        created_by=convenor,
    )
    envelopes = []
    for kind in Kind.values:
        envelope = Envelope.objects.create(
            period=period, community=community, kind=kind, total=Decimal("100")
        )
        Envelope.objects.filter(pk=envelope.pk).update(remaining=Decimal("40"))
        Allocation.objects.create(
            envelope=envelope,
            project=project,
            amount=Decimal("60"),
            spent=Decimal("10"),
            unspent=Decimal("50"),
        )
        envelopes.append(envelope)

    barrier = threading.Barrier(20)
    outcomes: list[object] = [None] * 20

    def run(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            outcomes[index] = release_unspent(actor=convenor, project=project)
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not any(isinstance(outcome, Exception) for outcome in outcomes), outcomes
    released = [outcome for outcome in outcomes if isinstance(outcome, Decimal)]
    assert sum(released, Decimal("0")) == Decimal("150")
    assert LedgerEntry.objects.filter(entry=LedgerEntry.Entry.RELEASE).count() == 3
    for envelope in envelopes:
        envelope.refresh_from_db()
        assert envelope.remaining == Decimal("90")
        allocation = envelope.allocations.get()
        assert envelope.total == envelope.remaining + allocation.spent
        assert allocation.amount == allocation.spent + allocation.released + allocation.unspent

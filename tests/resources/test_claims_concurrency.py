"""Claims and hours logged at the same moment never spend an allocation below nothing.

These need real concurrent transactions, so they run on PostgreSQL only. Each round
sends more claims at one allocation than it can pay; the invariants are checked
after every round, and a negative control shows the same checks catch the
overspending that a naive read-then-write spend lets through.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from convene.projects.models import ProjectRole
from convene.resources import ledger
from convene.resources.models import Allocation, ExpertOffer, Kind, LedgerEntry
from convene.resources.services import ResourceError
from tests.conftest import on_postgres
from tests.factories import make_community, make_person
from tests.resources.fixtures_requests import make_period, make_project, set_envelope
from tests.resources.test_ledger_world import allocate

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 20
ROUNDS = 5
AMOUNT = Decimal("100")
# Each round asks for more than the allocation holds, in amounts that do not divide it.
ASKS = [Decimal("7"), Decimal("9.50"), Decimal("13"), Decimal("6.25"), Decimal("11")]


@dataclass
class Outcome:
    granted: Decimal
    accepted: int
    refused: int
    problems: list[str]


def spend_at_once(spend: Callable[[int], object]) -> tuple[list[object], int]:
    """Run `spend` in THREADS threads released together, each on its own connection."""
    barrier = threading.Barrier(THREADS)
    outcomes: list[object] = [None] * THREADS

    def run(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            outcomes[index] = spend(index)
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, sum(thread.is_alive() for thread in threads)


def check(allocation: Allocation, outcomes: list[object], hung: int) -> Outcome:
    """The invariants a round must keep, as a list of what broke."""
    allocation.refresh_from_db()
    entries = LedgerEntry.objects.filter(allocation=allocation, entry=LedgerEntry.Entry.SPEND)
    recorded = entries.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    accepted = [o for o in outcomes if isinstance(o, LedgerEntry)]
    refused = [o for o in outcomes if isinstance(o, ResourceError)]
    problems = [
        f"{o!r} is not a refusal a person can read"
        for o in outcomes
        if not isinstance(o, LedgerEntry | ResourceError)
    ]
    if hung:
        problems.append(f"{hung} threads never finished")
    if allocation.unspent < 0:
        problems.append(f"unspent is {allocation.unspent}")
    if allocation.spent + allocation.released + allocation.unspent != allocation.amount:
        problems.append("spent + released + unspent is not the amount")
    if recorded > allocation.amount:
        problems.append(f"the ledger records {recorded} spent of {allocation.amount}")
    if recorded != allocation.spent:
        problems.append(f"the ledger records {recorded} but the allocation {allocation.spent}")
    if entries.count() != len(accepted):
        problems.append("a claim was accepted without its ledger entry, or the reverse")
    return Outcome(recorded, len(accepted), len(refused), problems)


@pytest.fixture
def world():
    convenor = make_person()
    lead = make_person()
    worker = make_person()
    expert = make_person()
    team = [make_person() for _ in range(THREADS)]
    community = make_community(convenor=convenor, members=[lead, worker, *team])
    period = make_period()
    project = make_project(community, lead, convenor)
    for person in team:
        ProjectRole.objects.create(project=project, person=person, name="Helper")
    envelopes = {kind: set_envelope(period, community, kind, "100000") for kind in Kind.values}
    offer = ExpertOffer.objects.create(
        expert=expert, topic="Coaching", hours=Decimal("1000"), remaining=Decimal("1000")
    )
    return {
        "project": project,
        "lead": lead,
        "worker": worker,
        "team": team,
        "envelopes": envelopes,
        "offer": offer,
    }


def claims_round(world, ask: Decimal) -> tuple[Allocation, Callable[[int], object]]:
    allocation = allocate(world["project"], world["envelopes"][Kind.FUNDING], str(AMOUNT))

    def spend(index: int) -> object:
        return ledger.claim(
            actor=world["team"][index],
            allocation=allocation,
            description=f"Claim {index}",
            amount=ask,
        )

    return allocation, spend


def hours_round(world, ask: Decimal) -> tuple[Allocation, Callable[[int], object]]:
    allocation = allocate(
        world["project"], world["envelopes"][Kind.TIME], str(AMOUNT), person=world["worker"]
    )

    def spend(index: int) -> object:
        actor = world["worker"] if index % 2 else world["lead"]
        return ledger.log_hours(
            actor=actor, allocation=allocation, hours=ask, worked_on=timezone.localdate()
        )

    return allocation, spend


def run_rounds(world, make_round) -> list[Outcome]:
    results = []
    for ask in ASKS[:ROUNDS]:
        allocation, spend = make_round(world, ask)
        outcomes, hung = spend_at_once(spend)
        result = check(allocation, outcomes, hung)
        print(
            f"ask {ask}: {result.accepted} accepted, {result.refused} refused, "
            f"{result.granted} spent of {AMOUNT}, problems: {result.problems or 'none'}"
        )
        results.append(result)
    return results


@pytest.mark.parametrize("make_round", [claims_round, hours_round], ids=["claims", "hours"])
def test_simultaneous_spending_never_takes_an_allocation_below_nothing(world, make_round):
    results = run_rounds(world, make_round)
    for ask, result in zip(ASKS, results, strict=True):
        assert result.problems == []
        # Every claim that fitted was paid: what is left is less than one more claim.
        assert AMOUNT - result.granted < ask
        assert result.accepted + result.refused == THREADS


def unlocked(allocation: Allocation) -> Allocation:
    return Allocation.objects.select_related(
        "envelope", "project__community", "line__person", "line__offer__expert"
    ).get(pk=allocation.pk)


def test_without_the_lock_the_conditional_update_alone_still_never_overspends(world, monkeypatch):
    # SQLite takes no row locks; the conditional update is what keeps it safe.
    monkeypatch.setattr(ledger, "_locked", unlocked)
    for result in run_rounds(world, claims_round):
        assert result.problems == []


def test_the_checks_catch_overspending_when_the_protection_is_taken_away(world, monkeypatch):
    def read_then_write(allocation: Allocation, amount: Decimal) -> None:
        # The naive spend: trust the balance read earlier. The pause widens the
        # window between the read and the write that real traffic also has.
        time.sleep(0.05)
        Allocation.objects.filter(pk=allocation.pk).update(
            unspent=allocation.unspent - amount, spent=allocation.spent + amount
        )

    monkeypatch.setattr(ledger, "_locked", unlocked)
    monkeypatch.setattr(ledger, "_spend", read_then_write)
    results = run_rounds(world, claims_round)
    assert all(result.problems for result in results)
    assert any(result.granted > AMOUNT for result in results)

"""Approvals at the same moment never commit more than the envelope holds.

These need real concurrent transactions, so they run on PostgreSQL only. Each
round submits fifty requests against one envelope that can afford only some of
them, and fifty threads, each on its own connection, approve them at once.
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from convene.projects.models import Project, ProjectRole
from convene.resources import approvals
from convene.resources.models import (
    Allocation,
    Envelope,
    Kind,
    LedgerEntry,
    Period,
    RequestLine,
    ResourceRequest,
)
from convene.resources.services import ResourceError
from tests.conftest import on_postgres
from tests.factories import make_community, make_person
from tests.resources.fixtures_requests import make_period

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]

REQUESTS = 50
ROUNDS = 10
EACH = Decimal("10")
LEFT_OVER = Decimal("5")


def build_round(number: int, period: Period, convenor) -> tuple[Envelope, list[ResourceRequest]]:
    """An envelope affording some of fifty submitted requests of one approved project."""
    lead = make_person(f"Lead {number}")
    community = make_community(f"Circle {number}", convenor=convenor, members=[lead])
    affordable = 7 + (number * 9) % 37
    envelope = Envelope.objects.create(
        period=period, community=community, kind=Kind.FUNDING, total=EACH * affordable + LEFT_OVER
    )
    project = Project.objects.create(
        community=community,
        title=f"Project {number}",
        problem="p",
        intended_outcomes="o",
        status=Project.Status.ACTIVE,
        created_by=lead,
    )
    ProjectRole.objects.create(project=project, name="Lead", person=lead, is_lead=True)
    requests = []
    for index in range(REQUESTS):
        request = ResourceRequest.objects.create(
            project=project,
            period=period,
            summary=f"Request {index}",
            status=ResourceRequest.Status.SUBMITTED,
            needs_convenor=True,
            requested_by=lead,
            submitted_at=timezone.now(),
        )
        RequestLine.objects.create(
            request=request, kind=Kind.FUNDING, amount=EACH, purpose=f"Item {index}"
        )
        requests.append(request)
    return envelope, requests


def approve_all_at_once(convenor, requests: list[ResourceRequest]) -> list[object]:
    barrier = threading.Barrier(len(requests))
    outcomes: list[object] = [None] * len(requests)

    def run(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            outcomes[index] = approvals.decide(
                actor=convenor, request=requests[index], step="convenor", decision="approved"
            )
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def ledger_problems(envelope: Envelope, outcomes: list[object]) -> list[str]:
    """What is wrong with the envelope after a round; nothing when it balances."""
    envelope.refresh_from_db()
    affordable = int((envelope.total - LEFT_OVER) / EACH)
    approved = ResourceRequest.objects.filter(
        project__community=envelope.community_id, status=ResourceRequest.Status.APPROVED
    ).count()
    committed = LedgerEntry.objects.filter(
        allocation__envelope=envelope, entry=LedgerEntry.Entry.COMMITMENT
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    allocated = Allocation.objects.filter(envelope=envelope).aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal("0")
    problems = []
    if envelope.remaining < 0:
        problems.append(f"the envelope went below nothing: {envelope.remaining}")
    if approved != affordable:
        problems.append(f"{approved} approved, but the envelope affords {affordable}")
    if not envelope.total - envelope.remaining == committed == allocated:
        problems.append(
            f"the ledger does not balance: {envelope.total} - {envelope.remaining} != "
            f"{committed} committed != {allocated} allocated"
        )
    if envelope.remaining != LEFT_OVER:
        problems.append(f"{envelope.remaining} left instead of {LEFT_OVER}")
    return problems


def run_round(number: int, period: Period, convenor) -> tuple[list[str], list[object]]:
    envelope, requests = build_round(number, period, convenor)
    outcomes = approve_all_at_once(convenor, requests)
    return ledger_problems(envelope, outcomes), outcomes


@pytest.fixture
def period() -> Period:
    return make_period()


def test_fifty_simultaneous_approvals_commit_exactly_what_the_envelope_affords(period):
    convenor = make_person("Connor Convenor")
    started = time.monotonic()
    approvals = 0
    for number in range(ROUNDS):
        problems, outcomes = run_round(number, period, convenor)
        unexpected = [o for o in outcomes if not isinstance(o, ResourceRequest | ResourceError)]
        assert not unexpected, unexpected
        refusals = [o for o in outcomes if isinstance(o, ResourceError)]
        assert all("short" in str(refusal) for refusal in refusals), refusals
        assert not problems, f"round {number}: {problems}"
        approvals += REQUESTS - len(refusals)
    elapsed = time.monotonic() - started
    print(
        f"\n{ROUNDS} rounds, {ROUNDS * REQUESTS} approvals tried, {approvals} committed, "
        f"{elapsed:.1f}s"
    )


def unsafe_lock_envelopes(request, kinds):
    return {
        envelope.kind: envelope
        for envelope in Envelope.objects.filter(
            period=request.period_id, community=request.project.community_id, kind__in=kinds
        )
    }


def unsafe_take(model, pk, amount):
    remaining = model.objects.values_list("remaining", flat=True).get(pk=pk)
    if remaining < amount:
        return False
    time.sleep(0.005)  # widens the window between the read and the write, as a busy server would
    model.objects.filter(pk=pk).update(remaining=remaining - amount)
    return True


def test_without_the_lock_and_the_conditional_update_the_check_catches_overspending(
    period, monkeypatch
):
    """The negative control: read-then-write approvals overspend, and the checks above see it."""
    monkeypatch.setattr(approvals, "lock_envelopes", unsafe_lock_envelopes)
    monkeypatch.setattr(approvals, "take", unsafe_take)
    convenor = make_person("Connor Convenor")
    caught: list[str] = []
    # A round in which every unprotected approval happens to fail overspends nothing, so
    # look for the overspending round rather than stopping at the first problem.
    for number in range(5):
        caught, _ = run_round(number, period, convenor)
        if any("the ledger does not balance" in problem for problem in caught):
            break
    print(f"\nwithout the protection: {caught}")
    assert any("approved, but the envelope affords" in problem for problem in caught), caught
    assert any("the ledger does not balance" in problem for problem in caught), caught

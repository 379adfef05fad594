"""Unspent allocations return to the community's envelope when a project ends."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from convene.projects.models import Project
from convene.projects.services import close_project
from convene.resources.models import (
    Allocation,
    Envelope,
    Kind,
    LedgerEntry,
    Period,
    ResourceRequest,
)
from convene.resources.services import ResourceError, release_unspent

pytestmark = pytest.mark.django_db


def _allocated(people, *, amount: str, spent: str, status: str) -> tuple[Project, Allocation]:
    period = Period.objects.create(
        name="Q1", starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 3, 31)
    )
    envelope = Envelope.objects.create(
        period=period,
        community=people.open_community,
        kind=Kind.FUNDING,
        total=Decimal("1000"),
    )
    Envelope.objects.filter(pk=envelope.pk).update(remaining=Decimal("1000") - Decimal(amount))
    project = Project.objects.create(
        community=people.open_community,
        title="Shared coaching",
        problem="p",
        intended_outcomes="o",
        status=status,
        created_by=people.member,
    )
    allocation = Allocation.objects.create(
        envelope=envelope,
        project=project,
        amount=Decimal(amount),
        spent=Decimal(spent),
        unspent=Decimal(amount) - Decimal(spent),
    )
    return project, allocation


def test_unspent_funding_returns_to_the_envelope_with_a_release_entry(people):
    project, allocation = _allocated(
        people, amount="400", spent="150", status=Project.Status.COMPLETED
    )

    released = release_unspent(actor=people.convenor, project=project)

    allocation.refresh_from_db()
    envelope = allocation.envelope
    envelope.refresh_from_db()
    assert released == Decimal("250")
    assert (allocation.unspent, allocation.released) == (Decimal("0"), Decimal("250"))
    assert envelope.remaining == Decimal("850")
    entry = LedgerEntry.objects.get()
    assert (entry.entry, entry.amount) == (LedgerEntry.Entry.RELEASE, Decimal("250"))
    # envelope total = remaining + what allocations still hold (spent)
    assert envelope.total == envelope.remaining + allocation.amount - allocation.released


def test_releasing_twice_releases_nothing_more(people):
    project, _ = _allocated(people, amount="400", spent="0", status=Project.Status.CLOSED)
    release_unspent(actor=people.convenor, project=project)

    assert release_unspent(actor=people.convenor, project=project) == Decimal("0")
    assert LedgerEntry.objects.count() == 1


def test_a_running_project_keeps_its_allocation(people):
    project, allocation = _allocated(people, amount="400", spent="0", status=Project.Status.ACTIVE)

    with pytest.raises(ResourceError, match="only when a project ends"):
        release_unspent(actor=people.convenor, project=project)

    allocation.refresh_from_db()
    assert allocation.unspent == Decimal("400")
    assert LedgerEntry.objects.count() == 0


def test_closing_a_project_returns_its_unspent_funding_and_withdraws_open_requests(people):
    project, allocation = _allocated(
        people, amount="400", spent="100", status=Project.Status.ACTIVE
    )
    pending = ResourceRequest.objects.create(
        project=project,
        period=allocation.envelope.period,
        summary="More printing",
        status=ResourceRequest.Status.SUBMITTED,
        requested_by=people.member,
    )

    close_project(actor=people.convenor, project=project, reason="The pilot answered the question.")

    allocation.refresh_from_db()
    pending.refresh_from_db()
    assert (allocation.spent, allocation.released, allocation.unspent) == (
        Decimal("100"),
        Decimal("300"),
        Decimal("0"),
    )
    assert Envelope.objects.get().remaining == Decimal("900")
    assert pending.status == ResourceRequest.Status.WITHDRAWN

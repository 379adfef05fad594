"""The demo's project resources: balanced books, a request waiting for each kind of person."""

from __future__ import annotations

from decimal import Decimal

from django.core.management import call_command
from django.db.models import Sum

from convene.resources.models import (
    Allocation,
    AllocationRound,
    Envelope,
    ExpertOffer,
    LedgerEntry,
    Period,
    RequestLine,
    ResourceRequest,
)


def _seeded(db) -> None:
    call_command("seed_demo", password="pw", verbosity=0)


def test_every_envelope_holds_exactly_what_its_allocations_keep(db):
    _seeded(db)
    for envelope in Envelope.objects.all():
        held = sum((a.amount - a.released for a in envelope.allocations.all()), Decimal("0"))
        assert envelope.total - envelope.remaining == held, envelope
    for allocation in Allocation.objects.all():
        entries = allocation.entries.values("entry").annotate(sum=Sum("amount"))
        by_entry = {row["entry"]: row["sum"] for row in entries}
        assert by_entry[LedgerEntry.Entry.COMMITMENT] == allocation.amount
        assert by_entry.get(LedgerEntry.Entry.SPEND, Decimal("0")) == allocation.spent
        assert by_entry.get(LedgerEntry.Entry.RELEASE, Decimal("0")) == allocation.released


def test_the_current_period_is_open_for_requests_today(db):
    _seeded(db)
    current = Period.objects.current().get()
    assert current.caps.count() == 3 and current.approval_rules.exists()
    assert Envelope.objects.filter(period=current).count() == 15


def test_expert_hours_promised_come_off_the_offers(db):
    _seeded(db)
    for offer in ExpertOffer.objects.all():
        promised = Allocation.objects.filter(line__offer=offer).aggregate(s=Sum("amount"))["s"]
        assert offer.hours - offer.remaining == (promised or Decimal("0"))


def test_the_sponsor_persona_has_a_request_to_decide_and_consents_are_recorded(db):
    _seeded(db)
    waiting = ResourceRequest.objects.filter(
        status=ResourceRequest.Status.SUBMITTED,
        project__community__sponsor__email="sponsor@northgate.example",
    )
    assert waiting.filter(needs_sponsor=True).exists()
    sam_time = RequestLine.objects.get(person__email="member@northgate.example")
    assert sam_time.consent == RequestLine.Consent.GIVEN
    assert sam_time.person is not None
    assert sam_time.consent_by == sam_time.person.line_manager


def test_the_open_round_has_reached_its_entrys_minimum(db):
    _seeded(db)
    entry = AllocationRound.objects.get(status=AllocationRound.Status.OPEN).entries.get()
    assert entry.pledged == entry.pledges.aggregate(s=Sum("amount"))["s"]
    assert entry.minimum <= entry.pledged <= entry.target

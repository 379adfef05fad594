"""Claiming spending against a funding allocation: who may, how much, and the receipt."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from convene.audit.models import AuditEvent
from convene.projects.models import Project
from convene.resources import ledger
from convene.resources.models import Allocation, LedgerEntry
from convene.resources.services import ResourceError
from tests.resources.test_ledger_world import (
    JPEG,
    PDF,
    PNG,
    LedgerWorld,
    build_ledger_world,
    receipt,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(people) -> LedgerWorld:
    return build_ledger_world(people)


def refused(world: LedgerWorld, message: str, **claim) -> None:
    before = LedgerEntry.objects.count()
    arguments = {
        "actor": world.helper,
        "allocation": world.funding,
        "description": "Flip charts",
        "amount": "40",
        **claim,
    }
    with pytest.raises(ResourceError, match=message):
        ledger.claim(**arguments)
    assert LedgerEntry.objects.count() == before
    allocation = Allocation.objects.get(pk=world.funding.pk)
    assert (allocation.spent, allocation.unspent) == (Decimal("0"), Decimal("200"))


def test_a_team_member_claims_spending_and_the_allocation_balances(world):
    entry = ledger.claim(
        actor=world.helper, allocation=world.funding, description="Flip charts", amount="40.50"
    )
    allocation = Allocation.objects.get(pk=world.funding.pk)
    assert (allocation.spent, allocation.unspent) == (Decimal("40.50"), Decimal("159.50"))
    assert allocation.amount == allocation.spent + allocation.released + allocation.unspent
    assert entry.entry == LedgerEntry.Entry.SPEND
    assert (entry.amount, entry.description, entry.actor) == (
        Decimal("40.50"),
        "Flip charts",
        world.helper,
    )
    assert not entry.receipt
    assert AuditEvent.objects.filter(action="resources.claimed").exists()


def test_a_claim_for_the_whole_of_what_is_left_is_accepted(world):
    ledger.claim(actor=world.lead, allocation=world.funding, description="All", amount="200")
    assert Allocation.objects.get(pk=world.funding.pk).unspent == Decimal("0")


@pytest.mark.parametrize("amount", ["0", "-5", "0.00", "abc", "NaN", "Infinity", "1.234"])
def test_zero_negative_and_malformed_amounts_are_refused(world, amount):
    refused(world, r"more than nothing|as a number|two decimal places", amount=amount)


@pytest.mark.parametrize("amount", ["1e20", "12345678901234"])
def test_an_amount_beyond_any_ledger_says_the_largest_allowed(world, amount):
    refused(world, "The amount can be at most £9,999,999,999.99.", amount=amount)


def test_a_claim_above_what_is_left_says_by_how_much(world):
    refused(
        world,
        r"^This claim is £40\.00 more than the £200\.00 left of the allocation\.$",
        amount="240",
    )


def test_a_claim_above_what_is_left_after_earlier_claims_gives_the_current_figures(world):
    ledger.claim(actor=world.lead, allocation=world.funding, description="Room", amount="150")
    with pytest.raises(ResourceError, match=r"£10\.00 more than the £50\.00 left"):
        ledger.claim(actor=world.lead, allocation=world.funding, description="Food", amount="60")


def test_someone_outside_the_team_cannot_claim(world):
    refused(world, "Only members of the project's team", actor=world.worker)


@pytest.mark.parametrize("status", [Project.Status.COMPLETED, Project.Status.CLOSED])
def test_a_claim_on_an_ended_project_is_refused(world, status):
    Project.objects.filter(pk=world.project.pk).update(status=status)
    refused(world, "nothing more can be spent")


def test_a_claim_on_a_proposed_project_is_refused(world):
    Project.objects.filter(pk=world.project.pk).update(status=Project.Status.PROPOSED)
    refused(world, "once it is approved")


def test_a_claim_against_time_is_refused(world):
    refused(world, "Claims are made against funding", allocation=world.time)


def test_an_empty_description_is_refused(world):
    refused(world, "Give the description", description="   ")


@pytest.mark.parametrize(
    ("name", "content"),
    [("receipt.pdf", PDF), ("photo.PNG", PNG), ("scan.jpeg", JPEG), ("scan.jpg", JPEG)],
)
def test_pdf_png_and_jpeg_receipts_are_kept(world, name, content):
    entry = ledger.claim(
        actor=world.helper,
        allocation=world.funding,
        description="Printing",
        amount="12",
        receipt=receipt(name, content),
    )
    stored_name = entry.receipt.name or ""
    assert stored_name.startswith("receipts/")
    assert name.lower() not in stored_name
    with entry.receipt.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "must be a PDF, PNG or JPEG"),
        ("fake.pdf", b"<html><script>alert(1)</script>", "must be a PDF, PNG or JPEG"),
        ("image.png", PDF, "This receipt is a PDF; name it .pdf"),
        ("page.pdf.exe", PDF, "name it .pdf"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_receipts_of_the_wrong_type_are_refused_by_their_content(world, name, content, message):
    refused(world, message, receipt=SimpleUploadedFile(name, content))


def test_a_receipt_over_five_megabytes_is_refused(world):
    too_big = PDF + b"\x00" * (5 * 1024 * 1024 - len(PDF) + 1)
    refused(world, "at most 5 MB", receipt=SimpleUploadedFile("big.pdf", too_big))


def test_a_receipt_of_exactly_five_megabytes_is_kept(world):
    just = PDF + b"\x00" * (5 * 1024 * 1024 - len(PDF))
    entry = ledger.claim(
        actor=world.helper,
        allocation=world.funding,
        description="Big scan",
        amount="1",
        receipt=SimpleUploadedFile("big.pdf", just),
    )
    assert entry.receipt.size == 5 * 1024 * 1024


def test_a_receipt_is_private_to_the_project_and_has_no_public_address(world, people):
    entry = ledger.claim(
        actor=world.helper,
        allocation=world.funding,
        description="Printing",
        amount="12",
        receipt=receipt(),
    )
    assert ledger.get_receipt_for_user(people.convenor, entry.pk) == entry
    with pytest.raises(Http404):
        ledger.get_receipt_for_user(people.outsider, entry.pk)
    assert ledger.receipt_url(entry) == f"/resources/ledger/{entry.pk}/receipt/"

"""Balances per project and per community, and the ledger as CSV."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from convene.lib.spreadsheets import safe_cell
from convene.projects.models import Project
from convene.resources import ledger
from convene.resources.models import Allocation, Kind, Period, describe
from convene.resources.services import release_unspent
from tests.resources.test_ledger_world import LedgerWorld, build_ledger_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people) -> LedgerWorld:
    return build_ledger_world(people)


def by_kind(balances):
    return {balance.kind: balance for balance in balances}


def spend(world: LedgerWorld) -> None:
    ledger.claim(actor=world.lead, allocation=world.funding, description="Room", amount="75.25")
    ledger.log_hours(
        actor=world.worker, allocation=world.time, hours="4", worked_on=timezone.localdate()
    )


def test_a_projects_balances_add_up_per_kind(world):
    spend(world)
    balances = by_kind(ledger.project_balances(world.project))
    funding = balances[Kind.FUNDING]
    assert (funding.allocated, funding.spent, funding.released, funding.unspent) == (
        Decimal("200"),
        Decimal("75.25"),
        Decimal("0"),
        Decimal("124.75"),
    )
    assert funding.texts == {
        "allocated": "£200.00",
        "spent": "£75.25",
        "released": "£0.00",
        "unspent": "£124.75",
    }
    assert balances[Kind.TIME].texts["unspent"] == "26 hours"
    assert balances[Kind.EXPERTISE].unspent == Decimal("8")


def test_after_the_project_ends_what_was_left_shows_as_released(world):
    spend(world)
    Project.objects.filter(pk=world.project.pk).update(status=Project.Status.COMPLETED)
    world.project.refresh_from_db()
    release_unspent(actor=world.lead, project=world.project)
    funding = by_kind(ledger.project_balances(world.project))[Kind.FUNDING]
    assert (funding.spent, funding.released, funding.unspent) == (
        Decimal("75.25"),
        Decimal("124.75"),
        Decimal("0"),
    )


def test_a_project_with_no_allocations_shows_nothing_of_each_kind(people, world):
    other = Project.objects.create(
        community=world.community,
        title="Bare",
        problem="p",
        intended_outcomes="o",
        created_by=people.member,
    )
    assert all(b.allocated == 0 and b.unspent == 0 for b in ledger.project_balances(other))


def test_a_communitys_balances_show_total_committed_spent_and_remaining(world):
    spend(world)
    balances = by_kind(ledger.community_balances(world.community, world.period))
    funding = balances[Kind.FUNDING]
    assert (funding.total, funding.committed, funding.spent, funding.remaining) == (
        Decimal("1000"),
        Decimal("200"),
        Decimal("75.25"),
        Decimal("800"),
    )
    assert funding.texts["remaining"] == describe(Kind.FUNDING, Decimal("800")) == "£800.00"
    time = balances[Kind.TIME]
    assert (time.committed, time.spent, time.remaining) == (
        Decimal("30"),
        Decimal("4"),
        Decimal("70"),
    )


def test_a_period_without_an_envelope_shows_none(world):
    empty = Period.objects.create(
        name="Q1 2020", starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 3, 31)
    )
    balances = ledger.community_balances(world.community, empty)
    assert [b.has_envelope for b in balances] == [False, False, False]
    assert all(b.total == b.remaining == b.spent == 0 for b in balances)


@pytest.mark.parametrize("count", [1, 12])
def test_balances_cost_a_fixed_number_of_queries(world, count, django_assert_num_queries):
    for _ in range(count):
        ledger.claim(actor=world.lead, allocation=world.funding, description="Tea", amount="1")
    with django_assert_num_queries(1):
        ledger.project_balances(world.project)
    with django_assert_num_queries(2):
        ledger.community_balances(world.community, world.period)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Flip charts", "Flip charts"),
        ("", ""),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_is_quoted(value, shown):
    assert safe_cell(value) == shown


def test_csv_rows_carry_every_column_and_guard_against_formulas(world):
    ledger.claim(actor=world.lead, allocation=world.funding, description="=1+2 cells", amount="10")
    ledger.log_hours(
        actor=world.lead,
        allocation=world.time,
        hours="2.5",
        worked_on=datetime.date(2026, 11, 2),
        note="@risk",
    )
    header, *rows = list(ledger.csv_rows(ledger.project_ledger(world.project).reverse()))
    assert header == [
        "Date",
        "Project",
        "Kind",
        "Entry",
        "Amount",
        "Description",
        "Person",
        "Worked on",
        "Recorded by",
    ]
    today = timezone.localdate().isoformat()
    assert rows == [
        [today, "Buddy scheme", "Funding", "Spend", "10.00", "'=1+2 cells", "", "", "Maya Member"],
        [
            today,
            "Buddy scheme",
            "Released time (hours)",
            "Spend",
            "2.50",
            "'@risk",
            "Wren Worker",
            "2026-11-02",
            "Maya Member",
        ],
    ]
    assert Allocation.objects.get(pk=world.time.pk).unspent == Decimal("27.5")

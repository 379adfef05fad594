"""Allocation rounds: opening, entering, pledging and closing, with every refusal.

The world built here is shared by the other test_rounds_* modules.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from convene.audit.models import AuditEvent
from convene.communities.models import Community, Membership
from convene.notifications.models import Notification
from convene.people.models import User
from convene.projects import services as projects
from convene.projects.models import Project
from convene.resources import rounds
from convene.resources.models import (
    Allocation,
    AllocationRound,
    Envelope,
    Kind,
    LedgerEntry,
    Period,
    Pledge,
    RoundBudget,
    RoundEntry,
)
from convene.resources.services import ResourceError
from tests.factories import make_community, make_person

D = Decimal


@dataclass
class World:
    community: Community
    convenor: User
    lead: User
    members: list[User]
    sponsor: User
    admin: User
    outsider: User
    period: Period
    envelope: Envelope
    project: Project

    @property
    def everyone(self) -> list[User]:
        return [self.convenor, self.lead, *self.members]

    def refresh(self) -> None:
        self.envelope.refresh_from_db()


def build_world(
    *, share: int = 20, total: str = "10000", private: bool = False, extra_members: int = 2
) -> World:
    today = timezone.localdate()
    period = Period.objects.create(
        name="Q4 2026",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
        round_share=share,
    )
    convenor = make_person("Cora Convenor")
    lead = make_person("Lena Lead")
    members = [make_person(f"Member {n}") for n in range(extra_members)]
    sponsor = make_person("Sam Sponsor", is_executive=True, level="executive")
    community = make_community(
        "Makers", private=private, convenor=convenor, members=[lead, *members], sponsor=sponsor
    )
    envelope = Envelope.objects.create(
        period=period, community=community, kind=Kind.FUNDING, total=D(total)
    )
    return World(
        community=community,
        convenor=convenor,
        lead=lead,
        members=members,
        sponsor=sponsor,
        admin=make_person("Ada Admin", is_administrator=True),
        outsider=make_person("Olu Outsider"),
        period=period,
        envelope=envelope,
        project=make_project(community, lead, convenor),
    )


def make_project(
    community: Community, lead: User, decider: User, title: str = "Repair café"
) -> Project:
    project = projects.draft_project(
        actor=lead,
        community=community,
        title=title,
        problem="Field kit is thrown away when it could be mended.",
        intended_outcomes="A monthly café where people mend kit together.",
    )
    projects.propose_project(actor=lead, project=project)
    return projects.approve_project(actor=decider, project=project)


def open_one(world: World, pot: str = "1000", days: int = 10, **fields: object) -> AllocationRound:
    return rounds.open_round(
        actor=fields.pop("actor", world.convenor),  # type: ignore[arg-type]
        community=world.community,
        title=str(fields.pop("title", "Small ideas")),
        pot=pot,
        closes_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def enter(
    world: World, round_: AllocationRound, minimum: str = "200", target: str = "400"
) -> RoundEntry:
    return rounds.add_entry(
        actor=world.lead, round=round_, project=world.project, minimum=minimum, target=target
    )


def snapshot() -> tuple[object, ...]:
    """Everything a refused action must leave as it was."""
    return (
        list(AllocationRound.objects.values_list("pk", "status")),
        list(RoundEntry.objects.values_list("pk", "pledged", "minimum", "target")),
        list(RoundBudget.objects.values_list("pk", "remaining")),
        list(Pledge.objects.values_list("pk", "amount")),
        list(Envelope.objects.values_list("pk", "remaining")),
        Allocation.objects.count(),
        LedgerEntry.objects.count(),
    )


def refused(match: str, action, *args, **kwargs) -> None:
    before = snapshot()
    with pytest.raises(ResourceError, match=match):
        action(*args, **kwargs)
    assert snapshot() == before


@pytest.fixture
def world(db) -> World:
    return build_world()


# -- Opening --------------------------------------------------------------------------------


def test_a_convenor_opens_a_round_giving_each_member_an_equal_budget(world):
    round_ = open_one(world, pot="1000")
    budgets = list(round_.budgets.values_list("member", "amount", "remaining"))
    assert sorted(b[0] for b in budgets) == sorted(p.pk for p in world.everyone)
    assert {(b[1], b[2]) for b in budgets} == {(D("250.00"), D("250.00"))}
    assert round_.status == AllocationRound.Status.OPEN
    told = Notification.objects.filter(kind=Notification.Kind.RESOURCE)
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        p.pk for p in [world.lead, *world.members]
    )
    assert told.get(recipient=world.lead).url == f"/resources/rounds/{round_.pk}/"
    assert AuditEvent.objects.filter(action="resources.round_opened").count() == 1


def test_budgets_are_rounded_down_to_the_penny(world):
    round_ = open_one(world, pot="1000.01")
    # Four members: £250.0025 each, rounded down.
    assert set(round_.budgets.values_list("amount", flat=True)) == {D("250.00")}
    world.members[0].memberships.update(left_at=timezone.now())
    round_.status = AllocationRound.Status.CLOSED
    round_.save()
    second = open_one(world, pot="1000")
    assert second.budgets.count() == 3
    assert set(second.budgets.values_list("amount", flat=True)) == {D("333.33")}


def test_an_administrator_may_open_a_round(world):
    assert open_one(world, actor=world.admin).opened_by == world.admin


def test_a_member_who_does_not_convene_may_not_open_a_round(world):
    refused(
        "Only the convenors of Makers or an administrator open a round",
        open_one,
        world,
        actor=world.lead,
    )


def test_a_period_with_no_share_for_rounds_allows_none(world):
    Period.objects.filter(pk=world.period.pk).update(round_share=0)
    refused("This period's parameters allow no allocation rounds", open_one, world)


def test_a_pot_above_the_periods_share_is_refused_with_the_figures(world):
    refused(
        r"at most 20% of the funding envelope of £10,000.00, which is £2,000.00; "
        r"this pot is £500.00 over",
        open_one,
        world,
        pot="2500",
    )


def test_a_pot_above_what_the_envelope_has_left_is_refused_with_the_figures(world):
    Envelope.objects.filter(pk=world.envelope.pk).update(remaining=D("600"))
    refused(
        r"The funding envelope has £600.00 left; this pot is £400.00 more than that",
        open_one,
        world,
        pot="1000",
    )


@pytest.mark.parametrize(
    ("pot", "message"),
    [
        ("0", "The pot must be more than nothing"),
        ("-5", "The pot must be more than nothing"),
        ("lots", "Give the pot as a number of pounds"),
        ("1.005", "two decimal places"),
        ("0.03", "cannot give each of the 4 members a penny"),
    ],
)
def test_a_pot_that_is_not_a_sensible_amount_is_refused(world, pot, message):
    refused(message, open_one, world, pot=pot)


def test_a_community_has_one_open_round_at_a_time(world):
    open_one(world)
    refused("Makers already has an open round; close it before opening another", open_one, world)
    assert AllocationRound.objects.count() == 1


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "must close on a day after today"),
        (-3, "must close on a day after today"),
        (31, "must close within Q4 2026"),
    ],
)
def test_the_closing_day_is_after_today_and_within_the_period(world, days, message):
    refused(message, open_one, world, days=days)


def test_a_community_without_a_funding_envelope_cannot_open_a_round(world):
    Envelope.objects.all().delete()
    refused("Makers has no funding envelope for Q4 2026", open_one, world)


def test_no_current_period_means_no_round(world):
    Period.objects.filter(pk=world.period.pk).update(
        starts_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    refused("There is no current period", open_one, world)


# -- Entries --------------------------------------------------------------------------------


def test_a_lead_enters_a_project_with_a_minimum_and_a_target(world):
    entry = enter(world, open_one(world))
    assert (entry.minimum, entry.target, entry.pledged) == (D("200"), D("400"), D("0"))


def test_only_a_lead_enters_a_project(world):
    round_ = open_one(world)
    refused(
        "Only the project's leads can enter it",
        rounds.add_entry,
        actor=world.convenor,
        round=round_,
        project=world.project,
        minimum="1",
        target="2",
    )


def test_a_project_of_another_community_cannot_enter(world):
    round_ = open_one(world)
    elsewhere = make_community("Elsewhere", convenor=world.convenor, members=[world.lead])
    other = make_project(elsewhere, world.lead, world.convenor, "Elsewhere idea")
    refused(
        "Only projects of Makers can enter its round",
        rounds.add_entry,
        actor=world.lead,
        round=round_,
        project=other,
        minimum="1",
        target="2",
    )


def test_a_draft_or_ended_project_cannot_enter(world):
    round_ = open_one(world)
    draft = projects.draft_project(
        actor=world.lead,
        community=world.community,
        title="Idea",
        problem="p",
        intended_outcomes="o",
    )
    refused(
        "is draft; a project enters a round once it is proposed",
        rounds.add_entry,
        actor=world.lead,
        round=round_,
        project=draft,
        minimum="1",
        target="2",
    )


@pytest.mark.parametrize(
    ("minimum", "target", "message"),
    [
        ("0", "100", "The minimum must be more than nothing"),
        ("-1", "100", "The minimum must be more than nothing"),
        ("100", "50", r"The target \(£50.00\) must be at least the minimum \(£100.00\)"),
        ("100", "1000.01", r"cannot be more than the round's pot of £1,000.00"),
        ("100", "x", "Give the target as a number"),
    ],
)
def test_an_entry_needs_a_sensible_minimum_and_target(world, minimum, target, message):
    round_ = open_one(world)
    refused(message, enter, world, round_, minimum=minimum, target=target)


def test_a_project_enters_a_round_once(world):
    round_ = open_one(world)
    enter(world, round_)
    refused("“Repair café” is already in this round", enter, world, round_)


def test_a_closed_round_takes_no_entries(world):
    round_ = open_one(world)
    rounds.close_round(actor=world.convenor, round=round_)
    refused("This round is closed", enter, world, round_)


def test_an_entry_leaves_the_round_only_while_nothing_is_pledged(world):
    round_ = open_one(world)
    entry = enter(world, round_)
    rounds.pledge(actor=world.members[0], entry=entry, amount="10")
    refused(
        r"Members have pledged £10.00 to “Repair café”, so it stays",
        rounds.remove_entry,
        actor=world.lead,
        entry=entry,
    )
    rounds.pledge(actor=world.members[0], entry=entry, amount="0")
    refused("Only the project's leads", rounds.remove_entry, actor=world.convenor, entry=entry)
    rounds.remove_entry(actor=world.lead, entry=entry)
    assert not RoundEntry.objects.exists()


# -- Pledging -------------------------------------------------------------------------------


@pytest.fixture
def entry(world) -> RoundEntry:
    return enter(world, open_one(world))


def budget_of(person: User) -> RoundBudget:
    return RoundBudget.objects.get(member=person)


def test_pledges_move_money_from_the_budget_to_the_entry_and_back(world, entry):
    member = world.members[0]
    rounds.pledge(actor=member, entry=entry, amount="100")
    rounds.pledge(actor=member, entry=entry, amount="150.50")
    entry.refresh_from_db()
    assert entry.pledged == D("150.50")
    assert budget_of(member).remaining == D("99.50")
    assert Pledge.objects.get().amount == D("150.50")
    rounds.pledge(actor=member, entry=entry, amount="40")
    entry.refresh_from_db()
    assert (entry.pledged, budget_of(member).remaining) == (D("40"), D("210"))
    assert rounds.pledge(actor=member, entry=entry, amount="0") is None
    entry.refresh_from_db()
    assert (entry.pledged, budget_of(member).remaining) == (D("0"), D("250"))
    assert not Pledge.objects.exists()


def test_a_lead_may_pledge_to_their_own_project(world, entry):
    kept = rounds.pledge(actor=world.lead, entry=entry, amount="50")
    assert kept is not None and kept.amount == D("50")


def test_a_pledge_beyond_the_budget_says_what_is_left(world, entry):
    member = world.members[0]
    rounds.pledge(actor=member, entry=entry, amount="237.50")
    refused(r"You have £12.50 left to give", rounds.pledge, actor=member, entry=entry, amount="251")


def test_funding_stops_at_the_target_and_says_how_much_is_still_needed(world, entry):
    rounds.pledge(actor=world.members[0], entry=entry, amount="250")
    rounds.pledge(actor=world.members[1], entry=entry, amount="100")
    refused(
        r"Funding for “Repair café” stops at its target of £400.00; it needs only £50.00 more",
        rounds.pledge,
        actor=world.convenor,
        entry=entry,
        amount="60",
    )
    rounds.pledge(actor=world.convenor, entry=entry, amount="50")
    refused(
        r"“Repair café” has reached its target of £400.00; funding stops there",
        rounds.pledge,
        actor=world.lead,
        entry=entry,
        amount="1",
    )


def test_only_members_with_a_budget_pledge(world, entry):
    latecomer = make_person("Late Comer")
    Membership.objects.create(community=world.community, user=latecomer)
    for person in (latecomer, world.outsider, world.sponsor):
        refused(
            "Only members given a budget when the round opened",
            rounds.pledge,
            actor=person,
            entry=entry,
            amount="5",
        )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "cannot be below nothing"),
        ("ten", "as a number of pounds"),
        ("NaN", "as a number of pounds"),
    ],
)
def test_a_pledge_must_be_an_amount(world, entry, amount, message):
    refused(message, rounds.pledge, actor=world.members[0], entry=entry, amount=amount)


def test_no_pledges_once_the_closing_day_comes(world, entry):
    closing = timezone.localdate() + datetime.timedelta(days=10)
    with time_machine.travel(datetime.datetime.combine(closing, datetime.time(9)), tick=False):
        refused(
            "stopped taking pledges", rounds.pledge, actor=world.members[0], entry=entry, amount="5"
        )


def test_no_pledges_once_the_round_is_closed(world, entry):
    rounds.close_round(actor=world.convenor, round=entry.round)
    refused("This round is closed", rounds.pledge, actor=world.members[0], entry=entry, amount="5")


# -- Closing --------------------------------------------------------------------------------


def second_entry(world: World, round_: AllocationRound, title: str, minimum: str, target: str):
    project = make_project(world.community, world.lead, world.convenor, title)
    return rounds.add_entry(
        actor=world.lead, round=round_, project=project, minimum=minimum, target=target
    )


def test_closing_funds_each_entry_that_reached_its_minimum(world, entry):
    low = second_entry(world, entry.round, "Quiet garden", "300", "500")
    rounds.pledge(actor=world.members[0], entry=entry, amount="200")
    rounds.pledge(actor=world.members[1], entry=entry, amount="50")
    rounds.pledge(actor=world.convenor, entry=low, amount="100")
    outcome = rounds.close_round(actor=world.convenor, round=entry.round)
    allocation = Allocation.objects.get()
    assert (allocation.round_entry, allocation.project, allocation.amount, allocation.unspent) == (
        entry,
        world.project,
        D("250"),
        D("250"),
    )
    ledger = LedgerEntry.objects.get()
    assert (ledger.entry, ledger.amount, ledger.actor) == ("commitment", D("250"), world.convenor)
    world.refresh()
    assert world.envelope.remaining == D("9750")
    assert [e.pk for e in outcome.funded] == [entry.pk]
    assert "did not reach its minimum of £300.00" in outcome.summary()
    closed = AllocationRound.objects.get()
    assert closed.status == "closed" and closed.closed_at is not None
    told = Notification.objects.filter(key__startswith="round-result:")
    assert set(told.values_list("message", flat=True)) == {
        "“Repair café” is given £250.00 from “Small ideas”.",
        "“Quiet garden” is not funded from “Small ideas”: pledges of £100.00 did not reach "
        "its minimum of £300.00.",
    }
    assert Notification.objects.filter(key__startswith="round-closed:").count() == 3


def test_when_the_envelope_runs_short_the_largest_pledges_are_funded_first(world, entry):
    small = second_entry(world, entry.round, "Quiet garden", "50", "100")
    rounds.pledge(actor=world.members[0], entry=entry, amount="250")
    rounds.pledge(actor=world.members[1], entry=small, amount="100")
    # Requests took most of the envelope while the round was open.
    Envelope.objects.filter(pk=world.envelope.pk).update(remaining=D("260"))
    outcome = rounds.close_round(actor=world.admin, round=entry.round)
    assert [e.project.title for e in outcome.funded] == ["Repair café"]
    assert outcome.unfunded[0][0] == small
    assert (
        "“Quiet garden”: the funding envelope had only £10.00 left, less than the £100.00 "
        "pledged" in outcome.summary()
    )
    world.refresh()
    assert world.envelope.remaining == D("10")
    assert Allocation.objects.get().amount == D("250")


def test_only_a_convenor_or_administrator_closes_a_round(world, entry):
    for person in (world.lead, world.sponsor, world.outsider):
        refused(
            "Only the convenors of Makers or an administrator close a round",
            rounds.close_round,
            actor=person,
            round=entry.round,
        )


def test_a_round_closes_once(world, entry):
    rounds.close_round(actor=world.convenor, round=entry.round)
    refused("already closed", rounds.close_round, actor=world.convenor, round=entry.round)


def test_the_daily_command_closes_rounds_whose_closing_day_has_come(world, entry):
    rounds.pledge(actor=world.members[0], entry=entry, amount="220")
    call_command("close_rounds")
    assert AllocationRound.objects.get().status == "open"
    closing = timezone.localdate() + datetime.timedelta(days=10)
    with time_machine.travel(datetime.datetime.combine(closing, datetime.time(3)), tick=False):
        call_command("close_rounds")
        call_command("close_rounds")
    assert AllocationRound.objects.get().status == "closed"
    ledger = LedgerEntry.objects.get()
    assert (ledger.amount, ledger.actor) == (D("220"), world.convenor)
    assert AuditEvent.objects.get(action="resources.round_closed").actor is None


def test_members_who_are_no_longer_active_get_no_budget(world):
    User.objects.filter(pk=world.members[1].pk).update(is_active=False)
    round_ = open_one(world, pot="900")
    assert round_.budgets.count() == 3
    assert not round_.budgets.filter(member=world.members[1]).exists()


def test_a_project_that_ended_before_the_close_is_not_funded(world, entry):
    rounds.pledge(actor=world.members[0], entry=entry, amount="250")
    Project.objects.filter(pk=world.project.pk).update(status=Project.Status.WITHDRAWN)
    outcome = rounds.close_round(actor=world.convenor, round=entry.round)
    assert outcome.funded == []
    assert "“Repair café”: the project is withdrawn." in outcome.summary()
    assert not Allocation.objects.exists()
    world.refresh()
    assert world.envelope.remaining == D("10000")


def test_an_entry_cannot_leave_a_closed_round(world, entry):
    rounds.close_round(actor=world.convenor, round=entry.round)
    refused("This round is closed", rounds.remove_entry, actor=world.lead, entry=entry)


def test_envelope_and_allocations_still_balance_after_a_close(world, entry):
    rounds.pledge(actor=world.members[0], entry=entry, amount="250")
    rounds.pledge(actor=world.members[1], entry=entry, amount="150")
    rounds.close_round(actor=world.convenor, round=entry.round)
    world.refresh()
    held = sum(a.amount for a in world.envelope.allocations.all())
    assert world.envelope.total == world.envelope.remaining + held
    assert held == D("400")


def test_an_ended_project_takes_no_more_pledges_but_gives_them_back(world, entry):
    rounds.pledge(actor=world.members[0], entry=entry, amount="50")
    Project.objects.filter(pk=world.project.pk).update(status=Project.Status.WITHDRAWN)
    refused(
        "“Repair café” is withdrawn, so it takes no more pledges; you may still take yours back",
        rounds.pledge,
        actor=world.members[0],
        entry=entry,
        amount="60",
    )
    rounds.pledge(actor=world.members[0], entry=entry, amount="0")
    assert budget_of(world.members[0]).remaining == D("250")

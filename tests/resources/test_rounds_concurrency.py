"""Members pledging at once never take an entry past its target or a budget below nothing.

These need real concurrent transactions, so they run on PostgreSQL only. The
negative control runs the same stampede with the row locks and conditional
updates replaced by a plain read-then-write, and shows the checks catch it.
"""

from __future__ import annotations

import datetime
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from functools import partial

import pytest
from django.db import connection, models
from django.db.models import Sum
from django.utils import timezone

from convene.communities.models import Membership
from convene.resources import rounds
from convene.resources.models import Allocation, AllocationRound, Pledge, RoundBudget, RoundEntry
from convene.resources.services import ResourceError
from tests.conftest import on_postgres
from tests.factories import make_person
from tests.resources.test_rounds import World, build_world, make_project

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]

D = Decimal
# Ten members pledging three times each open 30 connections at once: well inside the
# server's limit of 100 even while another test's closed connections are still ending.
MEMBERS = 10
ROUNDS = 5


def crowd() -> World:
    world = build_world(total="100000", extra_members=0)
    for n in range(MEMBERS - 2):
        Membership.objects.create(community=world.community, user=make_person(f"Pledger {n}"))
    return world


def open_round(world: World, number: int) -> tuple[AllocationRound, list[RoundEntry]]:
    # Ten members with £100 each; the two entries' targets take half of it.
    round_ = rounds.open_round(
        actor=world.convenor,
        community=world.community,
        title=f"Round {number}",
        pot="1000",
        closes_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    entries = [
        rounds.add_entry(
            actor=world.lead,
            round=round_,
            project=make_project(world.community, world.lead, world.convenor, f"Idea {number}-{n}"),
            minimum="100",
            target=target,
        )
        for n, target in enumerate(("300", "200"))
    ]
    return round_, entries


def stampede(round_: AllocationRound, entries: list[RoundEntry], seed: int) -> Counter[str]:
    """Every member pledges to both entries at once, and changes one pledge meanwhile."""
    chooser = random.Random(seed)
    jobs = [
        (budget.member, entry, D(chooser.randrange(10, 90)))
        for budget in round_.budgets.select_related("member")
        for entry in [*entries, entries[0]]
    ]
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = ["not run"] * len(jobs)

    def run(index: int) -> None:
        member, entry, amount = jobs[index]
        try:
            connection.ensure_connection()
            barrier.wait(timeout=20)
            rounds.pledge(actor=member, entry=entry, amount=amount)
            outcomes[index] = "pledged"
        except ResourceError:
            outcomes[index] = "refused"
        except Exception as error:
            outcomes[index] = f"error: {type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return Counter(outcomes)


def problems(round_: AllocationRound) -> list[str]:
    """Every way the round's money fails to add up; empty when it is whole."""
    found = []
    for entry in RoundEntry.objects.filter(round=round_):
        given = entry.pledges.aggregate(total=Sum("amount"))["total"] or D("0")
        if entry.pledged > entry.target:
            found.append(f"entry {entry.pk} pledged {entry.pledged} above target {entry.target}")
        if given != entry.pledged:
            found.append(f"entry {entry.pk} records {entry.pledged} but pledges sum to {given}")
        if given > entry.target:
            found.append(f"entry {entry.pk} pledges sum to {given}, above target {entry.target}")
    for budget in RoundBudget.objects.filter(round=round_):
        spent = Pledge.objects.filter(entry__round=round_, member=budget.member_id).aggregate(
            total=Sum("amount")
        )["total"] or D("0")
        if budget.remaining < 0 or spent > budget.amount:
            found.append(f"budget {budget.pk} overspent: {spent} of {budget.amount}")
        if budget.amount - budget.remaining != spent:
            found.append(f"budget {budget.pk} shows {budget.remaining} left but {spent} is pledged")
    return found


def run_rounds(world: World) -> tuple[list[str], list[Counter[str]]]:
    found: list[str] = []
    tallies = []
    for number in range(ROUNDS):
        round_, entries = open_round(world, number)
        tallies.append(stampede(round_, entries, seed=number))
        found += problems(round_)
        rounds.close_round(actor=world.convenor, round=round_)
    return found, tallies


def test_members_pledging_at_once_keep_every_entry_and_budget_whole():
    found, tallies = run_rounds(crowd())
    print(f"\nPledges per round ({3 * MEMBERS} at once each):", [dict(t) for t in tallies])
    assert found == []
    for tally in tallies:
        assert set(tally) <= {"pledged", "refused"}, tally
        # The crowd asks for more than the targets take, so some are refused every time.
        assert tally["refused"] > 0 and tally["pledged"] > 0
    # Each entry that reached its minimum was funded with exactly what was pledged.
    for allocation in Allocation.objects.select_related("round_entry"):
        assert allocation.round_entry is not None
        assert allocation.amount == allocation.round_entry.pledged


def test_without_the_locks_and_conditional_updates_the_stampede_breaks_the_books(monkeypatch):
    def unlocked(queryset, missing=""):
        found = queryset.first()
        if found is None:
            raise ResourceError(missing or "gone")
        return found

    def read_then_write(obj: models.Model, name: str, delta: Decimal, ceiling: str) -> bool:
        value = getattr(obj, name) + delta
        time.sleep(0.005)  # Widen the window between the read and the write, as load would.
        type(obj)._default_manager.filter(pk=obj.pk).update(**{name: value})
        return True

    monkeypatch.setattr(rounds, "_locked", unlocked)
    monkeypatch.setattr(rounds, "shift", read_then_write)
    found, _ = run_rounds(crowd())
    print(f"\nWithout the protection: {len(found)} problems, e.g. {found[:3]}")
    assert found, "the checks should have caught lost updates"


def at_once(calls: list[Callable[[], object]]) -> list[str]:
    """Run each call in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = ["not run"] * len(calls)

    def run(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=20)
            calls[index]()
            outcomes[index] = "done"
        except ResourceError:
            outcomes[index] = "refused"
        except Exception as error:
            outcomes[index] = f"error: {type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_a_close_racing_with_pledges_funds_exactly_what_was_pledged_when_it_closed():
    world = crowd()
    for number in range(3):
        round_, entries = open_round(world, number)
        budgets = list(round_.budgets.select_related("member"))
        calls: list[Callable[[], object]] = [
            partial(rounds.pledge, actor=budget.member, entry=entry, amount="30")
            for budget in budgets
            for entry in entries
        ]
        calls.insert(
            len(calls) // 2, partial(rounds.close_round, actor=world.convenor, round=round_)
        )
        outcomes = at_once(calls)
        assert set(outcomes) <= {"done", "refused"}, outcomes
        assert problems(round_) == []
        for entry in RoundEntry.objects.filter(round=round_):
            allocation = Allocation.objects.filter(round_entry=entry).first()
            if entry.pledged >= entry.minimum:
                assert allocation is not None and allocation.amount == entry.pledged
            else:
                assert allocation is None


def test_convenors_opening_rounds_at_once_open_only_one():
    world = crowd()
    opens: list[Callable[[], object]] = [
        partial(
            rounds.open_round,
            actor=world.convenor,
            community=world.community,
            title=f"Round {n}",
            pot="240",
            closes_on=timezone.localdate() + datetime.timedelta(days=5),
        )
        for n in range(10)
    ]
    outcomes = at_once(opens)
    assert Counter(outcomes) == {"done": 1, "refused": 9}
    assert AllocationRound.objects.filter(status="open").count() == 1
    assert RoundBudget.objects.count() == MEMBERS

"""Logging released time and expert hours: whose hours, by whom, how many and on which day."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from convene.projects.models import Project
from convene.resources import ledger
from convene.resources.models import Allocation, LedgerEntry
from convene.resources.services import ResourceError
from tests.resources.test_ledger_world import LedgerWorld, build_ledger_world

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world(people) -> LedgerWorld:
    return build_ledger_world(people)


def log(world: LedgerWorld, **changes) -> LedgerEntry:
    arguments = {
        "actor": world.worker,
        "allocation": world.time,
        "hours": "3.5",
        "worked_on": TODAY,
        "note": "Ran the first session",
        **changes,
    }
    return ledger.log_hours(**arguments)


def refused(world: LedgerWorld, message: str, **changes) -> None:
    allocation = changes.get("allocation", world.time)
    before = Allocation.objects.get(pk=allocation.pk).unspent
    with pytest.raises(ResourceError, match=message):
        log(world, **changes)
    assert not LedgerEntry.objects.exists()
    assert Allocation.objects.get(pk=allocation.pk).unspent == before


def test_a_released_member_logs_their_own_hours(world):
    entry = log(world)
    allocation = Allocation.objects.get(pk=world.time.pk)
    assert (allocation.spent, allocation.unspent) == (Decimal("3.5"), Decimal("26.5"))
    assert (entry.person, entry.actor, entry.worked_on) == (world.worker, world.worker, TODAY)
    assert entry.description == "Ran the first session"
    assert entry.entry == LedgerEntry.Entry.SPEND


def test_a_lead_logs_hours_on_the_members_behalf_and_they_stay_the_members(world):
    entry = log(world, actor=world.lead, worked_on=TODAY - datetime.timedelta(days=3))
    assert (entry.person, entry.actor) == (world.worker, world.lead)


def test_the_expert_logs_expert_hours_and_a_lead_may_too(world):
    mine = log(world, actor=world.expert, allocation=world.expertise, hours="2")
    theirs = log(world, actor=world.lead, allocation=world.expertise, hours="1")
    assert mine.person == theirs.person == world.expert
    assert Allocation.objects.get(pk=world.expertise.pk).unspent == Decimal("5")


def test_a_team_member_who_is_not_a_lead_cannot_log_someone_elses_hours(world):
    refused(
        world, r"These are Wren Worker's hours: only they or a project lead", actor=world.helper
    )


def test_nobody_else_logs_an_experts_hours(world):
    refused(world, r"These are Esme Expert's hours", actor=world.worker, allocation=world.expertise)


@pytest.mark.parametrize("hours", ["0", "-2", "abc", "0.001"])
def test_zero_negative_and_malformed_hours_are_refused(world, hours):
    refused(world, r"more than nothing|as a number|two decimal places", hours=hours)


def test_more_hours_than_are_left_are_refused_with_the_figures(world):
    refused(world, r"^This logging is 2 hours more than the 30 hours left", hours="32")


def test_a_day_in_the_future_is_refused(world):
    refused(world, "cannot be in the future", worked_on=TODAY + datetime.timedelta(days=1))


def test_a_missing_day_is_refused(world):
    refused(world, "on which day", worked_on=None)


def test_hours_on_an_ended_project_are_refused(world):
    Project.objects.filter(pk=world.project.pk).update(status=Project.Status.COMPLETED)
    refused(world, "nothing more can be spent")


def test_hours_are_not_logged_against_funding(world):
    refused(world, "claim funding instead", allocation=world.funding)


def test_a_note_too_long_is_refused(world):
    refused(world, "Keep the note to 300 characters", note="x" * 301)


def test_what_each_person_may_log_is_only_their_own_unless_they_lead(world):
    assert ledger.loggable(world.worker, world.project) == [world.time]
    assert ledger.loggable(world.expert, world.project) == [world.expertise]
    assert ledger.loggable(world.helper, world.project) == []
    assert ledger.loggable(world.lead, world.project) == [world.time, world.expertise]

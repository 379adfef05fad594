"""The demo's published round of triads, and the member persona's group within it."""

from __future__ import annotations

import datetime

import time_machine
from django.core.management import call_command

from convene.peergroups.models import GroupMember, PeerGroup, Round
from convene.people.models import User
from tests.conftest import client_for
from tests.demo.test_seed_demo import wipe


def groups() -> list[list[str]]:
    places = GroupMember.objects.order_by("group__number", "user__handle")
    rows: dict[int, list[str]] = {}
    for number, handle in places.values_list("group__number", "user__handle"):
        rows.setdefault(number, []).append(handle)
    return list(rows.values())


def test_the_member_persona_finds_a_lively_triad(db):
    call_command("seed_demo", password="pw", verbosity=0)
    sam = User.objects.get(email="member@northgate.example")
    [group] = PeerGroup.objects.of_member(sam)
    assert group.round.status == Round.Status.PUBLISHED
    assert 3 <= group.memberships.count() <= 4
    assert group.messages.count() == 4
    assert group.proposals.get().is_confirmed
    # The demo's meeting lies ahead of its own day, not necessarily of today.
    with time_machine.travel(datetime.datetime(2026, 11, 2, 12, tzinfo=datetime.UTC)):
        page = client_for(sam).get(group.get_absolute_url()).content.decode()
    assert "Autumn peer coaching triads" in page and "Confirmed" in page


def test_two_runs_form_the_same_groups(db):
    call_command("seed_demo", password="pw", verbosity=0)
    first = groups()
    wipe()
    call_command("seed_demo", password="pw", verbosity=0)
    assert groups() == first and len(first) == 7

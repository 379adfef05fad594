"""The demo's stretch goals: Sam has two, one shared, with check-ins; the same every run."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from convene.goals.models import CheckIn, StretchGoal
from convene.people.models import User
from tests.demo.test_seed_demo import wipe


def goal_facts() -> list[tuple[Any, ...]]:
    goals = StretchGoal.objects.order_by("owner__email", "title")
    rows = goals.values_list(
        "owner__email", "title", "visibility", "status", "target_date", "created_at"
    )
    check_ins = CheckIn.objects.order_by("goal__title", "month")
    return [*rows, *check_ins.values_list("goal__title", "month", "rating", "note")]


@pytest.fixture
def demo(db) -> None:
    call_command("seed_demo", password="pw", verbosity=0)


def test_sam_has_two_goals_one_shared_with_check_ins(demo):
    sam = User.objects.get(email="member@northgate.example")
    goals = StretchGoal.objects.filter(owner=sam)
    assert sorted(goals.values_list("visibility", flat=True)) == ["peer_group", "private"]
    assert all(goal.is_active for goal in goals)
    assert CheckIn.objects.filter(goal__owner=sam).count() >= 3
    assert all(goal.success_html.startswith("<p>") for goal in goals)


def test_other_demo_people_have_goals_of_every_kind(demo):
    others = StretchGoal.objects.exclude(owner__email="member@northgate.example")
    assert others.values("owner").distinct().count() >= 4
    assert set(others.values_list("status", flat=True)) == {"active", "achieved", "set_aside"}
    assert set(others.values_list("visibility", flat=True)) == {"peer_group", "private"}


def test_the_demo_goals_are_the_same_on_every_run(db):
    call_command("seed_demo", password="pw", verbosity=0)
    first = goal_facts()
    wipe()
    call_command("seed_demo", password="pw", verbosity=0)
    assert goal_facts() == first

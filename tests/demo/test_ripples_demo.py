"""The demo's ripple maps: Leading Through Change's first year and the programme's map."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from convene.demo import builders
from convene.demo.ripples import build_ripples
from convene.people.models import User
from convene.ripples.models import Effect, RippleMap
from convene.ripples.summaries import ripple_counts


@pytest.fixture
def demo(db) -> builders.Demo:
    demo = builders.Demo(password_hash=make_password("pw"))
    for build in (builders.build_structure, builders.build_people, builders.build_communities):
        build(demo)
    return demo


def facts() -> list[tuple[object, ...]]:
    effects = Effect.objects.order_by("map__title", "created_at")
    return list(
        effects.values_list(
            "map__title", "text", "level", "capitals", "storyteller__email", "witness__email"
        )
    )


def test_change_map_has_twenty_effects_over_four_levels(demo):
    summary = build_ripples(demo)
    change = RippleMap.objects.get(community__name="Leading Through Change")
    effects = change.effects.all()
    assert effects.count() == 20 and "20 effects" in summary
    assert set(effects.values_list("level", flat=True)) == {1, 2, 3, 4}
    assert effects.filter(valence="negative").count() == 2
    assert effects.filter(confirmation="confirmed").count() >= 3
    assert all(effect.level >= effect.parent.level for effect in effects if effect.parent)
    assert RippleMap.objects.filter(community=None).count() == 1


def test_sam_is_asked_to_confirm_one_effect(demo):
    build_ripples(demo)
    sam = User.objects.get(email="member@northgate.example")
    pending = Effect.objects.filter(witness=sam, confirmation="pending")
    assert pending.count() == 1
    assert RippleMap.objects.visible_to(sam).count() == 2


def test_every_capital_appears_and_counts_add_up(demo):
    build_ripples(demo)
    sam = User.objects.get(email="member@northgate.example")
    counts = ripple_counts(sam, None)
    assert counts.total == 25
    assert all(counts.by_capital.values())


def test_demo_is_the_same_every_run(demo):
    build_ripples(demo)
    first = facts()
    RippleMap.objects.all().delete()
    build_ripples(demo)
    assert facts() == first

"""A live mapping session: participants add from their phones, the map-maker places."""

from __future__ import annotations

import pytest

from convene.ripples import services
from convene.ripples.services import EffectDetails, RippleError
from tests.ripples.helpers import add, make_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def ripple_map(people):
    return make_map(people.convenor, people.open_community)


def test_participants_cannot_add_before_the_session_opens(people, ripple_map):
    with pytest.raises(RippleError, match="live session is closed"):
        add(people.member, ripple_map)
    assert ripple_map.effects.count() == 0


def test_participants_add_unplaced_effects_while_the_session_is_open(people, ripple_map):
    services.open_session(actor=people.convenor, ripple_map=ripple_map)
    effect = add(people.member, ripple_map, "I chaired my first cross-site call")
    assert not effect.placed and effect.added_by == people.member


def test_participant_changes_own_unplaced_effect_while_live(people, ripple_map):
    services.open_session(actor=people.convenor, ripple_map=ripple_map)
    effect = add(people.member, ripple_map, "Draft words")
    details = EffectDetails(text="Clearer words")
    services.edit_effect(actor=people.member, effect=effect, details=details, only=["text"])
    effect.refresh_from_db()
    assert effect.text == "Clearer words"


def test_closing_the_session_freezes_participants(people, ripple_map):
    services.open_session(actor=people.convenor, ripple_map=ripple_map)
    effect = add(people.member, ripple_map, "Draft words")
    services.close_session(actor=people.convenor, ripple_map=ripple_map)
    with pytest.raises(RippleError, match="live session is closed"):
        add(people.member, ripple_map)
    with pytest.raises(RippleError, match="Only the map-maker can change"):
        services.delete_effect(actor=people.member, effect=effect)


def test_only_those_who_run_the_map_open_and_close_sessions(people, ripple_map):
    with pytest.raises(RippleError, match="facilitator, map-maker and convenors"):
        services.open_session(actor=people.member, ripple_map=ripple_map)
    services.open_session(actor=people.convenor, ripple_map=ripple_map)
    with pytest.raises(RippleError, match="already open"):
        services.open_session(actor=people.convenor, ripple_map=ripple_map)
    with pytest.raises(RippleError, match="facilitator, map-maker and convenors"):
        services.close_session(actor=people.member, ripple_map=ripple_map)


def test_map_maker_places_a_participants_effect(people, ripple_map):
    services.open_session(actor=people.convenor, ripple_map=ripple_map)
    root = add(people.convenor, ripple_map, "Confidence to speak up", level=1)
    effect = add(people.member, ripple_map, "My team now runs its own huddles")
    services.place_effect(actor=people.convenor, effect=effect, parent=root, level=2)
    effect.refresh_from_db()
    assert effect.placed and effect.parent == root and effect.level == 2


def test_participant_cannot_place_effects(people, ripple_map):
    services.open_session(actor=people.convenor, ripple_map=ripple_map)
    effect = add(people.member, ripple_map)
    with pytest.raises(RippleError, match="facilitator, map-maker and convenors"):
        services.place_effect(actor=people.member, effect=effect, parent=None, level=1)


def test_effect_cannot_grow_from_an_unplaced_one(people, ripple_map):
    services.open_session(actor=people.convenor, ripple_map=ripple_map)
    waiting = add(people.member, ripple_map)
    with pytest.raises(RippleError, match="not been placed"):
        add(people.convenor, ripple_map, parent=waiting)


def test_someone_outside_the_community_watches_but_does_not_add(people):
    shared = make_map(people.convenor, people.open_community, "Shared", visibility="organisation")
    services.open_session(actor=people.convenor, ripple_map=shared)
    assert not services.may_add(people.outsider, shared, runs_it=False)
    with pytest.raises(RippleError, match="Only the community's members add effects"):
        add(people.outsider, shared)
    assert services.may_add(people.member, shared, runs_it=False)

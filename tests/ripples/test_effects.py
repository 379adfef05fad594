"""Adding, placing, editing, merging and deleting effects, and refusing bad input."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from convene.audit.models import AuditEvent
from convene.ripples import services
from convene.ripples.models import Effect
from convene.ripples.services import EffectDetails, RippleError
from tests.ripples.helpers import add, chain, make_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def ripple_map(people):
    return make_map(people.convenor, people.open_community)


def edit(actor, effect, **fields):
    only = list(fields)
    details = EffectDetails(text=fields.pop("text", effect.text), **fields)
    return services.edit_effect(actor=actor, effect=effect, details=details, only=only)


def test_map_maker_adds_a_placed_effect_with_every_field(people, ripple_map):
    effect = add(
        people.convenor,
        ripple_map,
        "Two depots now share spare drivers",
        level=2,
        capitals=["social", "human", "social"],
        valence="negative",
        intended=False,
        storyteller=people.member,
        pseudonym="a depot manager",
        happened_on=datetime.date(2026, 2, 1),
        evidence="Rota for February",
        evidence_url="https://intranet.northgate.example/rota",
        witness=people.member,
    )
    effect.refresh_from_db()
    assert effect.placed
    assert effect.capitals == "human,social"
    assert effect.capital_names == ["Human", "Social"]
    assert effect.told_by == "a depot manager"
    assert effect.confirmation == Effect.Confirmation.PENDING
    assert AuditEvent.objects.filter(action="ripples.effect_added").count() == 1


def test_storyteller_is_named_when_no_pseudonym_is_chosen(people, ripple_map):
    effect = add(people.convenor, ripple_map, storyteller=people.member)
    assert effect.told_by == people.member.full_name


def test_parent_from_another_map_is_refused(people, ripple_map):
    other = make_map(people.convenor, people.open_community, "Another")
    stranger = add(people.convenor, other)
    with pytest.raises(RippleError, match="same map"):
        add(people.convenor, ripple_map, parent=stranger)
    assert ripple_map.effects.count() == 0


def test_a_cycle_in_the_tree_is_refused(people, ripple_map):
    first, _, third = chain(people.convenor, ripple_map, 3)
    with pytest.raises(RippleError, match="grew from it"):
        edit(people.convenor, first, parent=third)
    first.refresh_from_db()
    assert first.parent is None


def test_an_effect_cannot_grow_from_itself(people, ripple_map):
    effect = add(people.convenor, ripple_map)
    with pytest.raises(RippleError, match="itself"):
        edit(people.convenor, effect, parent=effect)


def test_unknown_capital_is_refused(people, ripple_map):
    with pytest.raises(RippleError, match="“spiritual” is not a community capital"):
        add(people.convenor, ripple_map, capitals=["social", "spiritual"])
    assert ripple_map.effects.count() == 0


@pytest.mark.parametrize("level", [0, 5, -1, True, "2"])
def test_level_out_of_range_is_refused(people, ripple_map, level):
    with pytest.raises(RippleError, match="ripple level of 1, 2, 3 or 4"):
        add(people.convenor, ripple_map, level=level)


def test_an_effect_cannot_sit_closer_in_than_what_it_grew_from(people, ripple_map):
    parent = add(people.convenor, ripple_map, level=3)
    with pytest.raises(RippleError, match="at that level or further out"):
        add(people.convenor, ripple_map, parent=parent, level=2)


def test_moving_an_effect_outside_its_children_is_refused(people, ripple_map):
    parent, _child = chain(people.convenor, ripple_map, 2)
    with pytest.raises(RippleError, match="closer in"):
        edit(people.convenor, parent, level=3)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("text", "", "effect cannot be empty"),
        ("text", "with a NUL \x00 in it", "control characters"),
        ("text", "x" * 501, "at most 500"),
        ("evidence", "x" * 2001, "at most 2,000"),
        ("pseudonym", "y" * 81, "at most 80"),
        ("evidence_url", "javascript:alert(1)", "web address"),
        ("valence", "mixed", "positive or negative"),
        ("happened_on", datetime.date.today() + datetime.timedelta(days=2), "has happened"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(people, ripple_map, field, value, words):
    fields = {"text": "Fine words", field: value}
    with pytest.raises(RippleError, match=words):
        services.add_effect(
            actor=people.convenor, ripple_map=ripple_map, details=EffectDetails(**fields)
        )
    assert ripple_map.effects.count() == 0


def test_storyteller_and_witness_must_see_the_map(people):
    private_map = make_map(people.convenor, people.private_community)
    with pytest.raises(RippleError, match="witness must be someone who can see"):
        add(people.convenor, private_map, witness=people.outsider)
    with pytest.raises(RippleError, match="storyteller must be someone who can see"):
        add(people.convenor, private_map, storyteller=people.outsider)


def test_merging_folds_one_telling_into_another(people, ripple_map):
    target = add(people.convenor, ripple_map, "Cross-site rota", capitals=["social"])
    source = add(
        people.convenor, ripple_map, "Shared drivers", capitals=["built"], pseudonym="a driver"
    )
    grandchild = add(people.convenor, ripple_map, "Fewer cancelled runs", parent=source, level=2)
    services.merge_effects(actor=people.convenor, source=source, target=target)
    target.refresh_from_db()
    grandchild.refresh_from_db()
    assert not Effect.objects.filter(pk=source.pk).exists()
    assert grandchild.parent == target
    assert target.capitals == "social,built"
    assert "Also told by a driver: Shared drivers" in target.evidence


def test_merging_into_an_effect_that_grew_from_it_is_refused(people, ripple_map):
    parent, child = chain(people.convenor, ripple_map, 2)
    with pytest.raises(RippleError, match="grew from it"):
        services.merge_effects(actor=people.convenor, source=parent, target=child)
    assert Effect.objects.filter(pk=parent.pk).exists()


def test_deleting_moves_what_grew_from_it_up_a_level(people, ripple_map):
    first, second, third = chain(people.convenor, ripple_map, 3)
    services.delete_effect(actor=people.convenor, effect=second)
    third.refresh_from_db()
    assert third.parent == first


def test_participant_cannot_change_a_placed_effect(people, ripple_map):
    effect = add(people.convenor, ripple_map)
    services.open_session(actor=people.convenor, ripple_map=ripple_map)
    with pytest.raises(RippleError, match="Only the map-maker can change"):
        edit(people.member, effect, text="Rewritten")
    with pytest.raises(RippleError, match="Only the map-maker can change"):
        services.delete_effect(actor=people.member, effect=effect)


def test_map_maker_edits_any_effect_at_any_time(people, ripple_map):
    effect = add(people.convenor, ripple_map)
    edit(people.convenor, effect, text="Better words", capitals=["political"])
    effect.refresh_from_db()
    assert (effect.text, effect.capitals) == ("Better words", "political")
    assert effect.updated_at <= timezone.now()

"""A named witness confirms an effect, or says they cannot, and is told when asked."""

from __future__ import annotations

import pytest

from convene.communities.models import Membership
from convene.notifications.models import Notification
from convene.ripples import services
from convene.ripples.models import Effect
from convene.ripples.services import RippleError
from tests.factories import make_person
from tests.ripples.helpers import add, make_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def ripple_map(people):
    return make_map(people.convenor, people.open_community)


def test_witness_is_told_when_named_on_a_placed_effect(
    people, ripple_map, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        effect = add(people.convenor, ripple_map, witness=people.member)
    notice = Notification.objects.get(recipient=people.member)
    assert notice.url == effect.get_absolute_url()
    assert "confirm" in notice.message


def test_witness_of_a_waiting_effect_is_told_only_once_it_is_placed(
    people, ripple_map, django_capture_on_commit_callbacks
):
    witness = make_person("Wren Witness")
    Membership.objects.create(community=people.open_community, user=witness)
    services.open_session(actor=people.convenor, ripple_map=ripple_map)
    with django_capture_on_commit_callbacks(execute=True):
        effect = add(people.member, ripple_map, witness=witness)
    assert not Notification.objects.filter(recipient=witness).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.place_effect(actor=people.convenor, effect=effect, parent=None, level=1)
    assert Notification.objects.filter(recipient=witness).count() == 1


def test_witness_confirms_with_a_note(people, ripple_map):
    effect = add(people.convenor, ripple_map, witness=people.member)
    services.confirm_effect(
        actor=people.member, effect=effect, confirmed=True, note="I saw the rota"
    )
    effect.refresh_from_db()
    assert effect.confirmation == Effect.Confirmation.CONFIRMED
    assert effect.confirmation_note == "I saw the rota" and effect.confirmed_at


def test_witness_may_say_they_cannot_confirm(people, ripple_map):
    effect = add(people.convenor, ripple_map, witness=people.member)
    services.confirm_effect(actor=people.member, effect=effect, confirmed=False, note="Not there")
    effect.refresh_from_db()
    assert effect.confirmation == Effect.Confirmation.NOT_CONFIRMED


def test_only_the_named_witness_confirms(people, ripple_map):
    effect = add(people.convenor, ripple_map, witness=people.member)
    with pytest.raises(RippleError, match="Only the witness"):
        services.confirm_effect(actor=people.convenor, effect=effect, confirmed=True)
    effect.refresh_from_db()
    assert effect.confirmation == Effect.Confirmation.PENDING


def test_changing_the_witness_asks_again(people, ripple_map):
    effect = add(people.convenor, ripple_map, witness=people.member)
    services.confirm_effect(actor=people.member, effect=effect, confirmed=True)
    details = services.EffectDetails(text=effect.text, witness=people.admin)
    # An administrator outside the community does not see its members-only map.
    with pytest.raises(RippleError, match="witness must be someone who can see"):
        services.edit_effect(
            actor=people.convenor, effect=effect, details=details, only=["witness"]
        )
    details = services.EffectDetails(text=effect.text, witness=people.convenor)
    services.edit_effect(actor=people.convenor, effect=effect, details=details, only=["witness"])
    effect.refresh_from_db()
    assert effect.confirmation == Effect.Confirmation.PENDING and effect.confirmed_at is None

"""Moving and swapping people in a formed round, and publishing it to its members."""

from __future__ import annotations

import pytest
from django.utils import timezone

from convene.notifications.models import Notification
from convene.peergroups import services
from convene.peergroups.diversity import group_diversity
from convene.peergroups.models import GroupMember, Round
from convene.peergroups.profiles import profiles_of, with_profiles
from convene.peergroups.services import PeerGroupError
from convene.people.models import User
from tests.peergroups.conftest import group_of, groups_of_four_and_three


def recomputed(group) -> float:
    people = with_profiles(User.objects.filter(peer_group_places__group=group))
    profiles = profiles_of(people, timezone.localdate())
    return group_diversity(list(profiles.values()), group.round.weights)


def test_moving_a_person_pins_them_and_rescored_groups_match_their_members(people, circle, form):
    round = form(people.convenor, [circle])
    large, small = groups_of_four_and_three(round)
    mover = large.memberships.all()[0].user
    services.move_person(actor=people.convenor, round=round, person=mover, to_number=small.number)
    for changed in (large, small, round):
        changed.refresh_from_db()
    assert GroupMember.objects.get(round=round, user=mover).pinned
    assert large.score == pytest.approx(recomputed(large))
    assert small.score == pytest.approx(recomputed(small))
    assert round.score == pytest.approx(sum(g.score for g in round.groups.all()))


def test_a_move_that_breaks_the_size_bounds_is_refused_and_changes_nothing(people, circle, form):
    round = form(people.convenor, [circle])
    large, small = groups_of_four_and_three(round)
    before = list(GroupMember.objects.order_by("pk").values_list("user", "group"))
    with pytest.raises(PeerGroupError, match=f"Group {large.number} already has 4 people"):
        person = small.memberships.all()[0].user
        services.move_person(
            actor=people.convenor, round=round, person=person, to_number=large.number
        )
    other_small = next(g for g in round.groups.exclude(pk=small.pk) if g.memberships.count() == 3)
    with pytest.raises(PeerGroupError, match=f"would leave group {small.number} with fewer than 3"):
        person = small.memberships.all()[0].user
        services.move_person(
            actor=people.convenor, round=round, person=person, to_number=other_small.number
        )
    assert list(GroupMember.objects.order_by("pk").values_list("user", "group")) == before


def test_moving_to_a_missing_group_or_the_same_group_is_explained(people, circle, form):
    round = form(people.convenor, [circle])
    place = round.placements.select_related("group", "user").first()
    with pytest.raises(PeerGroupError, match=r"There is no group 9; groups run from 1 to 4\."):
        services.move_person(actor=people.convenor, round=round, person=place.user, to_number=9)
    with pytest.raises(PeerGroupError, match="is already in group"):
        services.move_person(
            actor=people.convenor, round=round, person=place.user, to_number=place.group.number
        )


def test_swapping_two_people_exchanges_their_groups(people, circle, form):
    round = form(people.convenor, [circle])
    first = round.placements.filter(group__number=1)[0].user
    second = round.placements.filter(group__number=2)[0].user
    services.swap_people(actor=people.convenor, round=round, first=first, second=second)
    assert (group_of(round, first).number, group_of(round, second).number) == (2, 1)
    assert round.placements.filter(pinned=True).count() == 2
    neighbour = round.placements.filter(group__number=2).exclude(user=first)[0].user
    with pytest.raises(PeerGroupError, match="already in the same group"):
        services.swap_people(actor=people.convenor, round=round, first=first, second=neighbour)


def test_someone_outside_the_round_cannot_be_moved(people, circle, form):
    round = form(people.convenor, [circle])
    with pytest.raises(PeerGroupError, match="Olu Outsider is not in this round"):
        services.move_person(
            actor=people.convenor, round=round, person=people.outsider, to_number=1
        )


def test_publishing_tells_each_member_but_the_publisher_their_group_once(people, published):
    notes = Notification.objects.filter(kind=Notification.Kind.PEER_GROUP)
    assert notes.count() == 13
    assert not notes.filter(recipient=people.convenor).exists()
    mine = notes.get(recipient=people.member)
    group = group_of(published, people.member)
    assert mine.url == group.get_absolute_url()
    assert mine.message.startswith(f"Spring triads: you are in group {group.number}, with ")
    services.announce_round(str(published.pk))
    assert notes.count() == 13


def test_a_published_round_cannot_be_adjusted_or_published_again(people, published):
    with pytest.raises(PeerGroupError, match="only while the round is ready to review"):
        services.swap_people(
            actor=people.convenor, round=published, first=people.member, second=people.convenor
        )
    with pytest.raises(PeerGroupError, match="this one is published"):
        services.publish_round(actor=people.convenor, round=published)
    assert Round.objects.get().published_by == people.convenor

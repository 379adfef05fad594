"""Who starts ripple maps, and who sees them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from convene.ripples.models import Effect, RippleMap
from convene.ripples.services import RippleError
from tests.factories import make_community, make_person
from tests.ripples.helpers import chain, make_map

pytestmark = pytest.mark.django_db


def visible(user) -> set[str]:
    return set(RippleMap.objects.visible_to(user).values_list("title", flat=True))


def test_convenor_starts_a_map_and_runs_it_by_default(people):
    ripple_map = make_map(people.convenor, people.open_community)
    assert ripple_map.facilitator == ripple_map.map_maker == people.convenor
    assert ripple_map.is_run_by(people.convenor)
    assert not ripple_map.is_run_by(people.member)


def test_member_cannot_start_a_community_map(people):
    with pytest.raises(RippleError, match="convenors"):
        make_map(people.member, people.open_community)
    assert not RippleMap.objects.exists()


def test_only_administrators_start_programme_maps(people):
    with pytest.raises(RippleError, match="administrators"):
        make_map(people.convenor, None)
    programme = make_map(people.admin, None)
    assert programme.community is None and programme.is_run_by(people.admin)


def test_community_map_is_for_members_until_shared_with_the_organisation(people):
    make_map(people.convenor, people.open_community, "Members only")
    make_map(people.convenor, people.open_community, "Shared", visibility="organisation")
    assert visible(people.member) == {"Members only", "Shared"}
    assert visible(people.outsider) == {"Shared"}


def test_private_communitys_maps_never_leave_it(people):
    make_map(people.convenor, people.private_community, "Quiet", visibility="organisation")
    assert visible(people.member) == {"Quiet"}
    assert visible(people.outsider) == set()
    assert visible(people.admin) == set()
    assert visible(people.sponsor) == set()


def test_programme_map_is_for_community_members_and_administrators(people):
    make_map(people.admin, None, "Programme")
    assert visible(people.member) == {"Programme"}
    assert visible(people.admin) == {"Programme"}
    assert visible(people.outsider) == set()


def test_programme_map_shared_with_the_organisation_reaches_everyone(people):
    make_map(people.admin, None, "Programme", visibility="organisation")
    assert visible(people.outsider) == {"Programme"}


def test_facilitator_must_be_able_to_see_the_map(people):
    with pytest.raises(RippleError, match="facilitator must be someone who can see"):
        make_map(people.convenor, people.private_community, facilitator=people.outsider)
    assert not RippleMap.objects.exists()


def test_named_map_maker_runs_the_map(people):
    ripple_map = make_map(people.convenor, people.open_community, map_maker=people.member)
    assert ripple_map.is_run_by(people.member)


def test_unknown_visibility_is_refused(people):
    with pytest.raises(RippleError, match="not a choice of who sees"):
        make_map(people.convenor, people.open_community, visibility="public")


@pytest.mark.parametrize("title", ["", "   ", "x" * 161, "bad\x00title"])
def test_bad_titles_are_refused(people, title):
    with pytest.raises(RippleError, match="title"):
        make_map(people.convenor, people.open_community, title)
    assert not RippleMap.objects.exists()


def test_former_member_loses_sight_of_the_map(people):
    leaver = make_person("Lee Leaver")
    community = make_community("Leavers", private=True, convenor=people.convenor, members=[leaver])
    make_map(people.convenor, community, "Ours")
    assert visible(leaver) == {"Ours"}
    community.memberships.filter(user=leaver).update(left_at=timezone.now())
    assert visible(leaver) == set()


def test_deleting_a_map_takes_its_whole_tree(people):
    ripple_map = make_map(people.convenor, people.open_community)
    chain(people.convenor, ripple_map, 3)
    ripple_map.delete()
    assert not Effect.objects.exists()

"""ripple_counts: effects by level, capital and valence over the maps a viewer may see."""

from __future__ import annotations

import datetime

import pytest

from convene.ripples import services
from convene.ripples.summaries import ripple_counts
from tests.ripples.helpers import add, make_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def maps(people):
    quiet = make_map(people.convenor, people.private_community, "Quiet")
    open_map = make_map(people.convenor, people.open_community, "Open", visibility="organisation")
    programme = make_map(people.admin, None, "Programme")
    add(people.convenor, quiet, capitals=["social", "human"], happened_on=datetime.date(2026, 1, 5))
    add(people.convenor, quiet, level=3, valence="negative", capitals=["political"])
    add(
        people.convenor,
        open_map,
        level=2,
        capitals=["social"],
        happened_on=datetime.date(2025, 6, 1),
    )
    add(people.admin, programme, level=4, capitals=["financial"])
    services.open_session(actor=people.convenor, ripple_map=quiet)
    add(people.member, quiet, "Not placed yet", capitals=["built"])
    return quiet, open_map, programme


def test_member_counts_every_placed_effect_they_may_see(people, maps):
    counts = ripple_counts(people.member, None)
    assert counts.total == 4
    assert counts.by_level == {1: 1, 2: 1, 3: 1, 4: 1}
    assert counts.by_capital["social"] == 2 and counts.by_capital["built"] == 0
    assert (counts.positive, counts.negative) == (3, 1)


def test_outsider_counts_only_what_is_shared_with_the_organisation(people, maps):
    assert ripple_counts(people.outsider, None).total == 1


def test_counts_narrow_to_communities(people, maps):
    counts = ripple_counts(people.member, [people.private_community])
    assert counts.total == 2 and counts.by_capital["political"] == 1
    assert ripple_counts(people.outsider, [people.private_community]).total == 0


def test_counts_narrow_to_dates_falling_back_on_the_session(people, maps):
    since = datetime.date(2026, 1, 1)
    counts = ripple_counts(people.member, None, since=since)
    assert counts.total == 3  # the open map's effect happened in 2025
    counts = ripple_counts(people.member, None, until=datetime.date(2025, 12, 31))
    assert counts.total == 1


def test_counts_cost_one_query_however_many_maps(people, maps, django_assert_num_queries):
    for number in range(10):
        add(people.convenor, make_map(people.convenor, people.open_community, f"M{number}"))
    with django_assert_num_queries(1):
        ripple_counts(people.member, [people.open_community, people.private_community])

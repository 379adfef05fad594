"""Convene suggests the member who has facilitated least, breaking ties in a way one can check."""

from __future__ import annotations

import pytest
from django.utils import timezone

from convene.communities.models import Membership
from convene.gatherings.models import Gathering
from convene.gatherings.services import suggest_facilitator
from tests.factories import make_community, make_person
from tests.gatherings.conftest import DAY, make_gathering

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle():
    convenor = make_person("Zara Convenor")
    alex, bea, cai = make_person("Alex Ames"), make_person("Bea Brown"), make_person("Cai Cole")
    community = make_community("Rotation", convenor=convenor, members=[alex, bea, cai])
    return community, convenor, alex, bea, cai


def test_someone_who_has_never_facilitated_comes_first_and_ties_go_by_name(circle):
    community, _, alex, bea, _ = circle
    make_gathering(community, starts_in=-30 * DAY, facilitator=alex)
    suggestion = suggest_facilitator(community)
    assert suggestion is not None and suggestion.person == bea
    assert suggestion.times == 0
    assert "has not facilitated a gathering here yet" in suggestion.reason
    assert "comes first by name" in suggestion.reason


def test_among_those_who_facilitated_equally_it_is_longest_since_last_time(circle):
    community, convenor, alex, bea, cai = circle
    make_gathering(community, starts_in=-10 * DAY, facilitator=alex)
    make_gathering(community, starts_in=-90 * DAY, facilitator=bea)
    make_gathering(community, starts_in=-40 * DAY, facilitator=cai)
    make_gathering(community, starts_in=-20 * DAY, facilitator=convenor)
    make_gathering(community, starts_in=-5 * DAY, facilitator=convenor)
    suggestion = suggest_facilitator(community)
    assert suggestion is not None and suggestion.person == bea
    assert "longest since Bea last facilitated" in suggestion.reason


def test_cancelled_gatherings_and_the_one_being_edited_do_not_count(circle):
    community, convenor, alex, bea, cai = circle
    for days, person in ((30, convenor), (20, bea), (10, cai)):
        make_gathering(community, starts_in=-days * DAY, facilitator=person)
    make_gathering(community, facilitator=alex, status=Gathering.Status.CANCELLED)
    editing = make_gathering(community, facilitator=alex)
    assert suggest_facilitator(community).person == convenor  # type: ignore[union-attr]
    suggestion = suggest_facilitator(community, exclude=editing)
    assert suggestion is not None and suggestion.person == alex


def test_former_members_are_not_suggested(circle):
    community, convenor, alex, bea, cai = circle
    Membership.objects.filter(user__in=[alex, bea]).update(left_at=timezone.now())
    make_gathering(community, starts_in=-10 * DAY, facilitator=convenor)
    suggestion = suggest_facilitator(community)
    assert suggestion is not None and suggestion.person == cai


def test_when_no_one_has_facilitated_the_reason_says_so(circle):
    community, *_ = circle
    suggestion = suggest_facilitator(community)
    assert suggestion is not None and suggestion.person.full_name == "Alex Ames"
    assert suggestion.reason == (
        "Alex has not facilitated a gathering here yet, nor have others, "
        "and Alex comes first by name."
    )


def test_last_facilitated_counts_only_gatherings_that_have_started(circle):
    community, convenor, alex, bea, cai = circle
    for person in (convenor, bea, cai, convenor, bea, cai):
        make_gathering(community, starts_in=-10 * DAY, facilitator=person)
    ahead = make_gathering(community, starts_in=20 * DAY, facilitator=alex)
    suggestion = suggest_facilitator(community)
    assert suggestion is not None and suggestion.person == alex and suggestion.last is None
    assert f"{ahead.starts_at:%-d %B %Y}" not in suggestion.reason
    assert suggestion.reason == "Alex has facilitated 1 gathering here, the fewest of any member."


def test_deactivated_people_are_not_suggested(circle):
    community, _, alex, bea, _ = circle
    alex.is_active = False
    alex.save(update_fields=["is_active"])
    suggestion = suggest_facilitator(community)
    assert suggestion is not None and suggestion.person == bea

"""The demo's value-creation stories: fifteen across the communities, Sam's unfinished one."""

from __future__ import annotations

import pytest

from convene.communities.models import Community
from convene.demo import data
from convene.demo.stories import build_stories
from convene.people.models import User
from convene.stories.models import Cycle, Step, Story
from convene.stories.summaries import value_matrix
from tests.demo.seeding import demo_before

SAM = "member@northgate.example"


@pytest.fixture
def summary(db) -> str:
    return build_stories(demo_before(build_stories))


def test_the_demo_tells_fifteen_stories_by_several_members_in_every_community(summary):
    assert summary.startswith("15 value-creation stories")
    assert Story.objects.values("author").distinct().count() >= 8
    assert Story.objects.values("community").distinct().count() == 5
    assert set(Step.objects.values_list("cycle", flat=True)) == set(Cycle.values)


def test_sam_has_an_unfinished_story_with_the_ending_he_hopes_for(summary):
    unfinished = Story.objects.get(author__email=SAM, is_finished=False, aspirational_ending__gt="")
    assert unfinished.aspirational_ending and unfinished.remind_on is not None
    assert Story.objects.filter(author__email=SAM).count() == 3


def test_steps_link_to_the_demos_gatherings_posts_projects_and_contributions(summary):
    for kind in ("gathering", "post", "project", "contribution"):
        assert Step.objects.filter(**{f"{kind}__isnull": False}).exists(), kind


def test_stories_are_dated_back_and_shared_ones_fill_sams_matrix(summary):
    assert not Story.objects.filter(created_at__date__gt=data.ANCHOR_DATE).exists()
    sam = User.objects.get(email=SAM)
    names = ["Leading Through Change", "Data-Informed Leadership"]
    matrix = value_matrix(sam, Community.objects.joined_by(sam).filter(name__in=names))
    assert len(matrix.rows) == 2 and all(row.total > 0 for row in matrix.rows)

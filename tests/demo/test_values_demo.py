"""The demo's values: five of them and a year of stories about living them, the same every run."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from convene.communities.models import Community, Membership
from convene.demo import data
from convene.demo.builders import Demo
from convene.demo.values import build_values
from convene.people.models import User
from convene.values.models import Value, ValueStory
from convene.values.summaries import value_counts
from tests.demo.seeding import demo_before


def demo_from_database() -> Demo:
    """The Demo the builders before this one made, read back from the database."""
    return Demo(
        password_hash="unused",
        people={person.email: person for person in User.objects.all()},
        communities={community.name: community for community in Community.objects.all()},
    )


def story_facts() -> list[tuple[Any, ...]]:
    stories = ValueStory.objects.order_by("title")
    rows = stories.values_list(
        "title", "author__email", "about_person__email", "community__name", "happened_on"
    )
    return [*Value.objects.values_list("name", "order"), *rows]


@pytest.fixture
def demo(db) -> Demo:
    built = demo_before(build_values)
    build_values(built)
    return built


def test_five_values_and_about_25_stories_over_the_last_year(demo):
    assert Value.objects.active().count() == 5
    stories = ValueStory.objects.all()
    assert 20 <= stories.count() <= 30
    oldest = data.ANCHOR_DATE - datetime.timedelta(days=366)
    assert all(oldest <= story.happened_on <= data.ANCHOR_DATE for story in stories)
    assert stories.values("author").distinct().count() >= 6
    assert all(story.values.exists() and story.body_html.startswith("<p>") for story in stories)


def test_stories_come_from_communities_and_beyond_them(demo):
    counts = value_counts(User.objects.get(email="executive@northgate.example"))
    assert len(counts) == 5 and all(row.total >= 3 for row in counts)
    assert all(row.beyond and row.inside for row in counts)
    assert ValueStory.objects.filter(community__isnull=True).count() >= 3
    assert ValueStory.objects.values("community").distinct().count() == 6  # five and none


def test_private_communities_stories_stay_with_their_members(demo):
    private = ValueStory.objects.filter(community__visibility="private")
    assert private.exists()
    assert set(private.values_list("audience", flat=True)) == {"community"}
    for story in private:
        members = Membership.objects.current().filter(community=story.community)
        assert members.filter(user=story.author).exists()
        if story.about_person:
            assert members.filter(user=story.about_person).exists()


def test_sam_can_read_stories_and_one_story_is_hidden(demo):
    sam = User.objects.get(email="member@northgate.example")
    assert ValueStory.objects.visible_to(sam).count() >= 15
    hidden = ValueStory.objects.get(hidden_at__isnull=False)
    assert hidden.about_person == User.objects.get(email="executive@northgate.example")
    assert not ValueStory.objects.visible_to(sam).filter(pk=hidden.pk).exists()


def test_the_demo_values_are_the_same_on_every_run(demo):
    first = story_facts()
    ValueStory.objects.all().delete()
    Value.objects.all().delete()
    build_values(demo_from_database())
    assert story_facts() == first

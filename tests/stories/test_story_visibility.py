"""Who reads a story: its author always; others only as far as the author shares it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from convene.stories.models import Story
from tests.factories import make_person
from tests.stories.conftest import make_story

PRIVATE, COMMUNITY, ORGANISATION = Story.Visibility.values


def readers(people, story: Story) -> set[str]:
    everyone = {
        "author": people.member,
        "fellow": people.fellow,
        "convenor": people.convenor,
        "sponsor": people.sponsor,
        "admin": people.admin,
        "outsider": people.outsider,
    }
    return {
        name
        for name, person in everyone.items()
        if Story.objects.visible_to(person).filter(pk=story.pk).exists()
    }


@pytest.fixture
def cast(people):
    people.fellow = make_person("Fay Fellow")
    people.open_community.memberships.create(user=people.fellow)
    return people


def test_a_private_story_is_read_by_its_author_alone(cast):
    story = make_story(cast.member, community=cast.open_community)
    assert readers(cast, story) == {"author"}


def test_a_community_story_is_read_by_the_communitys_current_members(cast):
    story = make_story(cast.member, community=cast.open_community, visibility=COMMUNITY)
    assert readers(cast, story) == {"author", "fellow", "convenor"}


def test_an_organisation_story_is_read_by_everyone_signed_in(cast):
    story = make_story(cast.member, community=cast.open_community, visibility=ORGANISATION)
    assert readers(cast, story) == {"author", "fellow", "convenor", "sponsor", "admin", "outsider"}


def test_leaving_the_community_closes_its_shared_stories(cast):
    story = make_story(cast.member, community=cast.open_community, visibility=COMMUNITY)
    cast.open_community.memberships.filter(user=cast.fellow).update(left_at=timezone.now())
    assert "fellow" not in readers(cast, story)


def test_a_deactivated_person_reads_nothing(cast):
    story = make_story(cast.member, visibility=ORGANISATION, community=cast.open_community)
    cast.outsider.is_active = False
    cast.outsider.save()
    assert "outsider" not in readers(cast, story)


def test_an_anonymous_story_names_its_community_to_readers_and_its_author_to_the_author(cast):
    story = make_story(
        cast.member, community=cast.open_community, visibility=ORGANISATION, by_name=False
    )
    assert story.byline_for(cast.member) == cast.member.full_name
    assert story.byline_for(cast.outsider) == "A member of Open Circle"


def test_an_anonymous_story_hides_a_private_community_from_those_who_cannot_know_it(cast):
    story = make_story(
        cast.member, community=cast.private_community, visibility=ORGANISATION, by_name=False
    )
    assert story.byline_for(cast.outsider) == "A member of a community"
    assert story.byline_for(cast.convenor) == "A member of Quiet Room"


def test_a_story_quoted_by_name_shows_the_authors_name(cast):
    story = make_story(cast.member, community=cast.open_community, visibility=ORGANISATION)
    assert story.byline_for(cast.outsider) == cast.member.full_name

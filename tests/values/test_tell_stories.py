"""Telling, changing, deleting and hiding stories of people living the values."""

from __future__ import annotations

import datetime

import pytest

from convene.notifications.models import Notification
from convene.values import services
from convene.values.models import ValueStory
from convene.values.services import ValuesError
from tests.factories import make_community, make_person
from tests.values.builders import days_ago, make_value, tell


def test_a_member_tells_a_story_about_a_colleague_who_is_told(
    people, courage, care, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = tell(
            people.member,
            courage,
            care,
            title="Spoke up for the night shift",
            community=people.open_community,
            beyond_community=False,
            about_person=people.convenor,
        )
    assert set(story.values.all()) == {courage, care}
    assert not story.beyond_community
    notification = Notification.objects.get(recipient=people.convenor)
    assert "Spoke up for the night shift" in notification.message
    assert notification.url == story.get_absolute_url()
    assert notification.actor == people.member


def test_a_story_about_yourself_tells_no_one(people, courage, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(people.member, courage, about_person=people.member)
    assert not Notification.objects.exists()


def test_a_story_tied_to_no_community_counts_as_beyond_communities(people, courage):
    story = tell(people.member, courage, beyond_community=False)
    assert story.beyond_community and story.community is None


def test_a_private_communitys_story_is_kept_to_its_members(people, courage):
    story = tell(people.member, courage, community=people.private_community)
    assert story.audience == ValueStory.Audience.COMMUNITY


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "title cannot be empty"),
        ({"title": "x" * 161}, "at most 160"),
        ({"body": "y" * 5001}, "at most 5,000"),
        ({"body": "Nul\x00"}, "control characters"),
        ({"about_team": "z" * 121}, "at most 120"),
        ({"happened_on": days_ago(-1)}, "have happened"),
        ({"happened_on": datetime.date(2001, 1, 1)}, "last five years"),
        ({"audience": "everyone"}, "not an audience"),
        ({"audience": "community"}, "Name the community"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(people, courage, fields, message):
    with pytest.raises(ValuesError, match=message):
        tell(people.member, courage, **fields)
    assert not ValueStory.objects.exists()


def test_a_story_needs_a_value(people):
    with pytest.raises(ValuesError, match="at least one"):
        services.tell_story(
            actor=people.member, values=[], title="T", body="B", happened_on=days_ago(1)
        )
    assert not ValueStory.objects.exists()


def test_a_retired_value_is_refused_for_new_stories(people, courage):
    retired = make_value("Thrift", active=False)
    with pytest.raises(ValuesError, match="“Thrift” is retired"):
        tell(people.member, courage, retired)
    assert not ValueStory.objects.exists()


def test_a_community_the_author_cannot_read_is_refused(people, courage):
    with pytest.raises(ValuesError, match="community whose conversations you can read"):
        tell(people.outsider, courage, community=people.private_community)
    assert not ValueStory.objects.exists()


def test_a_story_kept_to_members_cannot_be_about_someone_outside(people, courage):
    with pytest.raises(ValuesError, match="not a member of Open Circle"):
        tell(
            people.member,
            courage,
            community=people.open_community,
            audience="community",
            about_person=people.outsider,
        )
    assert not ValueStory.objects.exists()


def test_the_author_edits_and_may_keep_a_value_retired_since(people, courage, care):
    story = tell(people.member, courage)
    services.set_offered(actor=people.admin, value=courage, offered=False)
    services.edit_story(
        actor=people.member,
        story=story,
        title="New title",
        body="New words",
        happened_on=days_ago(5),
        values=[courage, care],
    )
    story.refresh_from_db()
    assert story.title == "New title" and set(story.values.all()) == {courage, care}


def test_naming_a_new_person_on_edit_tells_them(
    people, courage, django_capture_on_commit_callbacks
):
    story = tell(people.member, courage)
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_story(
            actor=people.member,
            story=story,
            title=story.title,
            body=story.body,
            happened_on=story.happened_on,
            values=[courage],
            about_person=people.executive,
        )
    assert Notification.objects.get().recipient == people.executive


def test_only_the_author_edits_or_deletes(people, courage):
    story = tell(people.member, courage, about_person=people.convenor)
    with pytest.raises(ValuesError, match="Only the story's author can delete"):
        services.delete_story(actor=people.convenor, story=story)
    with pytest.raises(ValuesError, match="Only the story's author can change"):
        services.edit_story(
            actor=people.convenor,
            story=story,
            title="Mine now",
            body="x",
            happened_on=days_ago(1),
            values=[courage],
        )
    services.delete_story(actor=people.member, story=story)
    assert not ValueStory.objects.exists()


def test_only_the_person_a_story_is_about_hides_it(people, courage):
    story = tell(people.member, courage, about_person=people.convenor)
    with pytest.raises(ValuesError, match="Only the person a story is about"):
        services.set_hidden(actor=people.member, story=story, hidden=True)
    services.set_hidden(actor=people.convenor, story=story, hidden=True)
    assert ValueStory.objects.get().is_hidden
    services.set_hidden(actor=people.convenor, story=story, hidden=False)
    assert not ValueStory.objects.get().is_hidden


def test_a_former_colleague_cannot_be_named(people, courage):
    gone = make_person("Gone Away", is_active=False)
    with pytest.raises(ValuesError, match="no longer uses Convene"):
        tell(people.member, courage, about_person=gone)


def test_a_story_named_for_a_community_left_since_stays_on_edit(people, courage):
    community = make_community("Passing Through", private=True, members=[people.outsider])
    story = tell(people.outsider, courage, community=community)
    community.memberships.update(left_at=story.created_at)
    services.edit_story(
        actor=people.outsider,
        story=story,
        title="Still mine",
        body=story.body,
        happened_on=story.happened_on,
        values=[courage],
        community=community,
    )
    assert ValueStory.objects.get().title == "Still mine"

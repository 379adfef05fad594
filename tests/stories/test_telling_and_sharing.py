"""Telling a story, sharing it with consent, and refusing bad input without writing anything."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from convene.gatherings.models import Intention
from convene.stories import services
from convene.stories.models import STEP_LIMIT, TITLE_LIMIT, Story
from convene.stories.services import Sharing, StepDraft, StoryError
from tests.factories import make_community
from tests.gatherings.conftest import DAY, make_gathering
from tests.stories.conftest import make_story

NOVEMBER = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)


def tell(people, **changes: object) -> Story:
    fields: dict = {
        "actor": people.member,
        "title": "A tip that stuck",
        "steps": [StepDraft("immediate", "Someone had solved it before.")],
        **changes,
    }
    return services.tell_story(**fields)


def test_a_new_story_is_private_and_unquotable_by_default(people):
    story = tell(people)
    assert story.visibility == "private" and not story.consent_to_quote and not story.quote_by_name
    assert story.steps.get().text_html == "<p>Someone had solved it before.</p>\n"


@pytest.mark.parametrize("visibility", ["community", "organisation"])
def test_sharing_needs_consent_to_quoting(people, visibility):
    with pytest.raises(StoryError, match="quoted in reports"):
        tell(
            people,
            community=people.open_community,
            sharing=Sharing(visibility=visibility, consent_to_quote=False),
        )
    assert not Story.objects.exists()


def test_sharing_with_a_community_needs_one(people):
    with pytest.raises(StoryError, match="Choose the community"):
        tell(people, sharing=Sharing(visibility="community", consent_to_quote=True))


def test_a_story_belongs_only_to_a_community_of_its_author(people):
    elsewhere = make_community("Elsewhere")
    with pytest.raises(StoryError, match="community you belong to"):
        tell(people, community=elsewhere)
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"steps": []}, "at least one step"),
        ({"steps": [StepDraft("eventual", "Hmm")]}, "not a cycle"),
        ({"steps": [StepDraft("applied", "   ")]}, "cannot be empty"),
        ({"steps": [StepDraft("applied", "x" * (STEP_LIMIT + 1))]}, "too long"),
        ({"steps": [StepDraft("applied", "Null\x00byte")]}, "cannot be stored"),
        ({"title": ""}, "cannot be empty"),
        ({"title": "t" * (TITLE_LIMIT + 1)}, "too long"),
        ({"title": "Tab\x07bell"}, "cannot be stored"),
        ({"sharing": Sharing(visibility="everyone")}, "Choose who may read"),
        ({"steps": [StepDraft("applied", "A"), StepDraft("applied", "B", "post:0")]}, "find"),
        ({"aspirational_ending": "x" * 2001}, "too long"),
        ({"remind_on": datetime.date(2020, 1, 1)}, "after today"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(people, changes, message):
    with pytest.raises(StoryError, match=message):
        tell(people, **changes)
    assert not Story.objects.exists()


@time_machine.travel(NOVEMBER, tick=False)
def test_an_aspirational_ending_is_followed_up_in_three_months_by_default(people):
    story = tell(people, aspirational_ending="The team runs its own retrospectives.")
    assert story.remind_on == datetime.date(2027, 2, 28)


@time_machine.travel(NOVEMBER, tick=False)
def test_the_author_chooses_another_reminder_day(people):
    story = tell(people, aspirational_ending="Less overtime.", remind_on=datetime.date(2027, 1, 5))
    assert story.remind_on == datetime.date(2027, 1, 5)


def test_editing_a_story_changes_its_sharing_and_community(people):
    story = tell(people)
    services.edit_story(
        actor=people.member,
        story=story,
        title="A tip that stuck, and spread",
        community=people.open_community,
        sharing=Sharing("community", consent_to_quote=True, quote_by_name=False),
    )
    story.refresh_from_db()
    assert (story.title, story.visibility, story.community) == (
        "A tip that stuck, and spread",
        "community",
        people.open_community,
    )


def test_deleting_a_story_removes_its_steps(people):
    story = make_story(people.member)
    services.delete_story(actor=people.member, story=story)
    assert not Story.objects.exists()


def intention_of(people, outcome: str = "") -> Intention:
    gathering = make_gathering(people.open_community, starts_in=-7 * DAY, title="Troika")
    return Intention.objects.create(
        gathering=gathering,
        user=people.member,
        text="Ask my team what gets in their way.",
        follow_up_on=datetime.date(2026, 12, 1),
        outcome=outcome,
        outcome_recorded_at=gathering.ends_at if outcome else None,
    )


def test_an_intention_with_nothing_yet_happened_starts_a_story_of_potential_value(people):
    intention = intention_of(people)
    story = services.start_story_from_intention(actor=people.member, intention=intention)
    step = story.steps.get()
    assert (step.cycle, step.text, step.gathering) == (
        "potential",
        intention.text,
        intention.gathering,
    )
    assert story.title == "After Troika" and story.community == people.open_community
    assert story.visibility == "private" and story.intention == intention


def test_an_intention_with_an_outcome_starts_a_story_of_applied_value(people):
    intention = intention_of(people, outcome="They named the rota; we changed it.")
    story = services.start_story_from_intention(actor=people.member, intention=intention)
    step = story.steps.get()
    assert step.cycle == "applied" and "we changed it" in step.text


def test_one_story_per_intention_and_only_from_your_own(people):
    intention = intention_of(people)
    with pytest.raises(StoryError, match="your own"):
        services.start_story_from_intention(actor=people.convenor, intention=intention)
    services.start_story_from_intention(actor=people.member, intention=intention)
    with pytest.raises(StoryError, match="already started"):
        services.start_story_from_intention(actor=people.member, intention=intention)
    assert Story.objects.count() == 1

"""Steps: in order, tagged with a cycle, linked to what they came from, finishing a story."""

from __future__ import annotations

import pytest

from convene.audit.models import AuditEvent
from convene.stories import services
from convene.stories.models import Step, Story
from convene.stories.services import StepDraft, StoryError
from tests.stories.conftest import make_story


def texts(story: Story) -> list[str]:
    return list(story.steps.order_by("position").values_list("text", flat=True))


def test_steps_are_added_in_order_and_audited(people):
    story = make_story(people.member)
    services.add_step(actor=people.member, story=story, draft=StepDraft("potential", "A contact."))
    services.add_step(actor=people.member, story=story, draft=StepDraft("applied", "I rang her."))
    assert texts(story)[1:] == ["A contact.", "I rang her."]
    assert list(story.steps.values_list("position", flat=True)) == [1, 2, 3]
    assert (
        AuditEvent.objects.filter(action="story.step_added", subject_id=str(story.pk)).count() == 2
    )


def test_a_step_moves_to_another_place_and_the_rest_close_up(people):
    story = make_story(people.member)
    second = services.add_step(actor=people.member, story=story, draft=StepDraft("potential", "B"))
    services.add_step(actor=people.member, story=story, draft=StepDraft("applied", "C"))
    services.move_step(actor=people.member, step=second, position=1)
    assert texts(story)[0] == "B"
    assert list(story.steps.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


def test_a_step_cannot_move_outside_the_story(people):
    story = make_story(people.member)
    step = story.steps.get()
    with pytest.raises(StoryError, match="from 1 to 1"):
        services.move_step(actor=people.member, step=step, position=2)


def test_removing_a_step_renumbers_the_rest_but_the_last_step_stays(people):
    story = make_story(people.member)
    first = story.steps.get()
    services.add_step(actor=people.member, story=story, draft=StepDraft("potential", "B"))
    services.remove_step(actor=people.member, step=first)
    assert list(story.steps.values_list("text", "position")) == [("B", 1)]
    with pytest.raises(StoryError, match="at least one step"):
        services.remove_step(actor=people.member, step=story.steps.get())


def test_only_the_author_changes_a_story(people):
    story = make_story(people.member)
    with pytest.raises(StoryError, match="Only the story's author"):
        services.add_step(actor=people.convenor, story=story, draft=StepDraft("applied", "Mine"))
    assert story.steps.count() == 1


@pytest.mark.parametrize("kind", ["gathering", "post", "project", "contribution"])
def test_a_step_links_to_what_the_author_can_see(people, sources, kind):
    story = make_story(people.member)
    draft = StepDraft("potential", "It began here.", sources.links()[kind])
    step = services.add_step(actor=people.member, story=story, draft=draft)
    assert getattr(step, kind) == getattr(sources, kind)
    assert step.link_kind == kind


@pytest.mark.parametrize("kind", ["gathering", "post", "project", "contribution"])
def test_a_step_cannot_link_to_what_the_author_cannot_see(people, sources, kind):
    story = make_story(people.outsider)
    draft = StepDraft("potential", "It began here.", sources.links()[kind])
    with pytest.raises(StoryError, match="could not find"):
        services.add_step(actor=people.outsider, story=story, draft=draft)
    assert story.steps.count() == 1


@pytest.mark.parametrize(
    "link", ["gathering:not-a-uuid", "post:99999999999999999999", "post:-1", "badge:1", "post:"]
)
def test_a_link_that_names_nothing_is_refused(people, link):
    story = make_story(people.member)
    with pytest.raises(StoryError):
        services.add_step(actor=people.member, story=story, draft=StepDraft("applied", "x", link))


@pytest.mark.parametrize("kind", ["gathering", "post", "project", "contribution"])
def test_readers_who_cannot_see_the_source_get_the_step_without_it(people, sources, kind):
    story = make_story(people.member, community=people.private_community, visibility="organisation")
    draft = StepDraft("potential", "It began here.", sources.links()[kind])
    added = services.add_step(actor=people.member, story=story, draft=draft)
    as_member = Step.objects.with_links_for(people.member).get(pk=added.pk)
    as_outsider = Step.objects.with_links_for(people.outsider).get(pk=added.pk)
    assert as_member.visible_link() is not None
    assert as_member.visible_link()[1].startswith("Quiet")  # type: ignore[index]
    assert as_outsider.visible_link() is None


def test_a_realised_step_finishes_the_story_and_drops_its_reminder(people):
    story = make_story(people.member, aspirational_ending="The rota is fairer.")
    assert not story.is_finished and story.remind_on is not None
    services.add_step(actor=people.member, story=story, draft=StepDraft("realised", "Fairer."))
    story.refresh_from_db()
    assert story.is_finished and story.remind_on is None
    assert story.aspirational_ending == "The rota is fairer."


def test_removing_the_finishing_step_opens_the_story_again(people):
    story = make_story(people.member)
    step = services.add_step(actor=people.member, story=story, draft=StepDraft("reframing", "R"))
    services.remove_step(actor=people.member, step=step)
    story.refresh_from_db()
    assert not story.is_finished

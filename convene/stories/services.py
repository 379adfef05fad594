"""Telling value-creation stories: start one, add and order its steps, share it, finish it.

Only a story's author changes it. Each step may name what it came from, but
only something the author can see; sharing beyond the author needs their
consent to the story being quoted in reports. Unfinished stories remind their
author on the day they chose, once.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from convene.agenda.models import Contribution
from convene.audit.models import record
from convene.communities.models import Community
from convene.discussions.models import Post
from convene.gatherings.models import Gathering, Intention
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User
from convene.projects.models import Project
from convene.stories.models import (
    ENDING_LIMIT,
    FINISHING_CYCLES,
    STEP_COUNT_LIMIT,
    STEP_LIMIT,
    TITLE_LIMIT,
    Cycle,
    LinkKind,
    Step,
    Story,
    three_months_after,
)

# Characters no one types on purpose, and NUL, which PostgreSQL cannot store.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# A reminder further off than this is forgotten before it arrives.
LONGEST_REMINDER = datetime.timedelta(days=2 * 366)


class StoryError(Exception):
    """A change to a value-creation story that its rules do not allow."""


@dataclass(frozen=True)
class StepDraft:
    """A step as its author wrote it: the cycle, the words and what it came from, if anything.

    `link` is "<kind>:<id>", such as "gathering:6f1c…" or "post:42", or empty.
    """

    cycle: str
    text: str
    link: str = ""


@dataclass(frozen=True)
class Sharing:
    """Who may read a story and how it may be quoted."""

    visibility: str = Story.Visibility.PRIVATE
    consent_to_quote: bool = False
    quote_by_name: bool = False


# -- Stories -----------------------------------------------------------------------


@transaction.atomic
def tell_story(
    *,
    actor: User,
    title: str,
    steps: list[StepDraft],
    community: Community | None = None,
    sharing: Sharing = Sharing(),
    aspirational_ending: str = "",
    remind_on: datetime.date | None = None,
) -> Story:
    """Start a story of your own with its first steps; private unless you share it."""
    if not steps:
        raise StoryError("A story needs at least one step: say what happened first.")
    story = Story(author=actor, title=_line(title, "title", TITLE_LIMIT))
    _set_community(actor, story, community)
    _set_sharing(story, sharing)
    story.save()
    for draft in _limited(steps):
        _create_step(actor, story, draft)
    _settle_ending(story, aspirational_ending, remind_on)
    record(actor, "story.told", story, visibility=story.visibility, steps=len(steps))
    return story


@transaction.atomic
def edit_story(
    *,
    actor: User,
    story: Story,
    title: str,
    community: Community | None,
    sharing: Sharing,
    aspirational_ending: str = "",
    remind_on: datetime.date | None = None,
) -> Story:
    """Change a story's title, community, sharing, hoped-for ending or reminder."""
    story = _locked_own(actor, story, "change")
    story.title = _line(title, "title", TITLE_LIMIT)
    _set_community(actor, story, community)
    _set_sharing(story, sharing)
    story.save(
        update_fields=["title", "community", "visibility", "consent_to_quote", "quote_by_name"]
    )
    _settle_ending(story, aspirational_ending, remind_on)
    record(actor, "story.edited", story, visibility=story.visibility)
    return story


@transaction.atomic
def delete_story(*, actor: User, story: Story) -> None:
    """Delete one of your stories with all its steps."""
    story = _locked_own(actor, story, "delete")
    record(actor, "story.deleted", story, steps=story.steps.count())
    story.delete()


@transaction.atomic
def start_story_from_intention(*, actor: User, intention: Intention) -> Story:
    """Start a private story from your own "What will I apply?" after a gathering.

    The intention becomes the first step, linked to the gathering: applied value
    if you have said what happened, potential value if not yet.
    """
    if intention.user_id != actor.pk:
        raise StoryError("You can only start a story from your own intentions.")
    if Story.objects.filter(intention=intention).exists():
        raise StoryError("You have already started a story from this intention.")
    gathering = intention.gathering
    if intention.outcome:
        draft = StepDraft(
            Cycle.APPLIED,
            f"I said I would try this: {intention.text}\n\nWhat happened: {intention.outcome}",
            f"{LinkKind.GATHERING}:{gathering.pk}",
        )
    else:
        draft = StepDraft(Cycle.POTENTIAL, intention.text, f"{LinkKind.GATHERING}:{gathering.pk}")
    belongs = Community.objects.joined_by(actor).filter(pk=gathering.community_id).exists()
    story = tell_story(
        actor=actor,
        title=_line(f"After {gathering.title}", "title", TITLE_LIMIT),
        steps=[draft],
        community=gathering.community if belongs else None,
    )
    story.intention = intention
    story.save(update_fields=["intention"])
    return story


# -- Steps -------------------------------------------------------------------------


@transaction.atomic
def add_step(*, actor: User, story: Story, draft: StepDraft) -> Step:
    """Add the next step to your story; a realised or reframing step finishes it."""
    story = _locked_own(actor, story, "add to")
    if story.steps.count() >= STEP_COUNT_LIMIT:
        raise StoryError(f"A story has at most {STEP_COUNT_LIMIT} steps.")
    step = _create_step(actor, story, draft)
    _settle_ending(story, story.aspirational_ending, story.remind_on)
    record(actor, "story.step_added", story, step=step.pk, cycle=step.cycle)
    return step


@transaction.atomic
def edit_step(*, actor: User, step: Step, draft: StepDraft) -> Step:
    """Change a step's cycle, words or what it came from."""
    story = _locked_own(actor, step.story, "change")
    step.cycle = _cycle(draft.cycle)
    step.text = _text(draft.text, "step", STEP_LIMIT)
    _set_link(actor, step, draft.link)
    step.updated_at = timezone.now()
    step.save()
    _settle_ending(story, story.aspirational_ending, story.remind_on)
    record(actor, "story.step_edited", story, step=step.pk, cycle=step.cycle)
    return step


@transaction.atomic
def remove_step(*, actor: User, step: Step) -> None:
    """Remove a step from your story; its one remaining step stays."""
    story = _locked_own(actor, step.story, "change")
    if story.steps.count() <= 1:
        raise StoryError("A story keeps at least one step. Delete the story instead.")
    record(actor, "story.step_removed", story, step=step.pk)
    step.delete()
    _renumber(list(story.steps.order_by("position", "id")))
    _settle_ending(story, story.aspirational_ending, story.remind_on)


@transaction.atomic
def move_step(*, actor: User, step: Step, position: int) -> Step:
    """Move a step to another place in your story (1 is first)."""
    story = _locked_own(actor, step.story, "change")
    others = list(story.steps.exclude(pk=step.pk).order_by("position", "id"))
    if not 1 <= position <= len(others) + 1:
        raise StoryError(f"Choose a place from 1 to {len(others) + 1}.")
    others.insert(position - 1, step)
    _renumber(others)
    record(actor, "story.step_moved", story, step=step.pk, position=position)
    step.position = position
    return step


# -- Reminders ---------------------------------------------------------------------


def remind_unfinished_stories(*, today: datetime.date) -> int:
    """Remind the authors of unfinished stories whose day has come, once per date chosen."""
    due = Story.objects.filter(
        is_finished=False, remind_on__lte=today, reminded_at__isnull=True, author__is_active=True
    )
    return sum(_remind(story_id) for story_id in due.values_list("pk", flat=True))


@transaction.atomic
def _remind(story_id: uuid.UUID) -> int:
    story = (
        Story.objects.select_for_update()
        .filter(pk=story_id, is_finished=False, reminded_at__isnull=True)
        .select_related("author")
        .first()
    )
    if story is None or story.remind_on is None:
        return 0
    notify(
        recipient=story.author,
        actor=None,
        kind=Notification.Kind.STORY,
        message=f"You asked to be reminded of your story “{story.title}”. What has happened "
        "since? Add the next step.",
        url=f"{story.get_absolute_url()}#add-step",
        key=f"story-reminder:{story.pk}:{story.remind_on.isoformat()}",
    )
    story.reminded_at = timezone.now()
    story.save(update_fields=["reminded_at"])
    return 1


# -- Rules -------------------------------------------------------------------------


def _locked_own(actor: User, story: Story, verb: str) -> Story:
    if story.author_id != actor.pk:
        raise StoryError(f"Only the story's author can {verb} it.")
    locked = Story.objects.select_for_update().get(pk=story.pk)
    locked.updated_at = timezone.now()
    locked.save(update_fields=["updated_at"])
    return locked


def _limited(steps: list[StepDraft]) -> list[StepDraft]:
    if len(steps) > STEP_COUNT_LIMIT:
        raise StoryError(f"A story has at most {STEP_COUNT_LIMIT} steps.")
    return steps


def _create_step(actor: User, story: Story, draft: StepDraft) -> Step:
    last = story.steps.order_by("-position").values_list("position", flat=True).first()
    step = Step(
        story=story,
        position=(last or 0) + 1,
        cycle=_cycle(draft.cycle),
        text=_text(draft.text, "step", STEP_LIMIT),
    )
    _set_link(actor, step, draft.link)
    step.save()
    return step


def _renumber(steps: list[Step]) -> None:
    for position, step in enumerate(steps, start=1):
        step.position = position
    Step.objects.bulk_update(steps, ["position"])


def _settle_ending(story: Story, ending: str, remind_on: datetime.date | None) -> None:
    """Finish the story if a step reached realised or reframing value; otherwise keep the
    hoped-for ending and its reminder, three months ahead unless another day is chosen."""
    story.is_finished = story.steps.filter(cycle__in=FINISHING_CYCLES).exists()
    ending = _text(ending, "hoped-for ending", ENDING_LIMIT, required=False)
    if story.is_finished:
        story.remind_on = None
    else:
        if ending and remind_on is None:
            remind_on = three_months_after(timezone.localdate())
        if remind_on != story.remind_on:
            story.remind_on = _reminder_date(remind_on)
            story.reminded_at = None
    story.aspirational_ending = ending
    story.save(update_fields=["is_finished", "aspirational_ending", "remind_on", "reminded_at"])


def _reminder_date(day: datetime.date | None) -> datetime.date | None:
    today = timezone.localdate()
    if day is not None and not today < day <= today + LONGEST_REMINDER:
        raise StoryError("Choose a reminder date after today and within two years.")
    return day


def _set_community(actor: User, story: Story, community: Community | None) -> None:
    if community is None or community.pk == story.community_id:
        story.community = community
        return
    if not Community.objects.joined_by(actor).filter(pk=community.pk).exists():
        raise StoryError("Choose a community you belong to.")
    story.community = community


def _set_sharing(story: Story, sharing: Sharing) -> None:
    if sharing.visibility not in Story.Visibility.values:
        raise StoryError("Choose who may read the story: only you, its community or everyone.")
    if sharing.visibility == Story.Visibility.COMMUNITY and story.community is None:
        raise StoryError("Choose the community to share the story with.")
    if sharing.visibility != Story.Visibility.PRIVATE and not sharing.consent_to_quote:
        raise StoryError(
            "To share the story, confirm that it may be quoted in reports about the value of "
            "the communities."
        )
    story.visibility = sharing.visibility
    story.consent_to_quote = sharing.consent_to_quote
    story.quote_by_name = sharing.quote_by_name


def _cycle(value: str) -> str:
    if value not in Cycle.values:
        raise StoryError(
            f"“{value[:40]}” is not a cycle of value: choose immediate, potential, applied, "
            "realised or reframing."
        )
    return value


LINK_TARGETS: dict[str, type[Model]] = {
    LinkKind.GATHERING: Gathering,
    LinkKind.POST: Post,
    LinkKind.PROJECT: Project,
    LinkKind.CONTRIBUTION: Contribution,
}


def _set_link(actor: User, step: Step, link: str) -> None:
    for kind in LinkKind.values:
        setattr(step, kind, None)
    if link:
        kind, target = _linked(actor, link)
        setattr(step, kind, target)


def _linked(actor: User, link: str) -> tuple[str, Model]:
    """The thing "<kind>:<id>" names, if the author can see it; the same refusal otherwise,
    so a step cannot be used to learn what exists."""
    kind, _, key = link.partition(":")
    if kind not in LINK_TARGETS:
        raise StoryError("A step may come from a gathering, a post, a project or a contribution.")
    label = LinkKind(kind).label.lower()
    pk = _key(kind, key)
    target = None if pk is None else _visible_targets(actor, kind).filter(pk=pk).first()
    if target is None:
        raise StoryError(f"We could not find that {label} among those you can see.")
    return kind, target


def _key(kind: str, key: str) -> int | uuid.UUID | None:
    """The id in a link, or None if it cannot name anything: posts have whole-number ids
    that the database can hold, the rest UUIDs."""
    try:
        if kind == LinkKind.POST:
            number = int(key)
            return number if 0 < number < 2**63 else None
        return uuid.UUID(key)
    except ValueError:
        return None


def _visible_targets(actor: User, kind: str) -> QuerySet[Any]:
    if kind == LinkKind.POST:
        return Post.objects.visible_to(actor).filter(deleted_at__isnull=True)
    model = LINK_TARGETS[kind]
    return model.objects.visible_to(actor)  # type: ignore[attr-defined]


def _line(value: str, what: str, limit: int) -> str:
    return " ".join(_text(value, what, limit).split())


def _text(value: str, what: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if CONTROL_CHARACTERS.search(value):
        raise StoryError(f"The {what} contains characters that cannot be stored.")
    if required and not value:
        raise StoryError(f"The {what} cannot be empty.")
    if len(value) > limit:
        raise StoryError(f"The {what} is too long: at most {limit:,} characters.")
    return value

"""Setting the organisation's values, and telling stories of people living them.

Administrators add, edit, reorder, retire and restore values. Anyone signed
in tells a story; only its author changes or deletes it, and only the person
it is about hides it or shows it again. The person a story is about is told
of it, so no one is praised, or named, behind their back.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from convene.audit.models import record
from convene.communities.models import Community, Membership
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User
from convene.values.models import (
    DESCRIPTION_LIMIT,
    NAME_LIMIT,
    STORY_LIMIT,
    TEAM_LIMIT,
    TITLE_LIMIT,
    Value,
    ValueStory,
)

# Characters no one types on purpose, and NUL, which PostgreSQL cannot store.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Stories are about recent practice; older ones belong in the organisation's history.
OLDEST_STORY = datetime.timedelta(days=5 * 366)
# No kind of its own yet: a story about you is news from your working life.
STORY_NOTIFICATION = Notification.Kind.VALUES


class ValuesError(Exception):
    """A change to the organisation's values or their stories that the rules do not allow."""


# -- Values -------------------------------------------------------------------


@transaction.atomic
def add_value(*, actor: User, name: str, description: str = "") -> Value:
    """Add a value at the end of the list, offered for stories and survey items at once."""
    _require_administrator(actor)
    last = Value.objects.aggregate(last=Max("order"))["last"] or 0
    value = _save_value(
        Value(order=last + 1),
        name=_text(name, "value's name", NAME_LIMIT),
        description=_text(description, "description", DESCRIPTION_LIMIT, required=False),
    )
    record(actor, "value.added", value, name=value.name)
    return value


@transaction.atomic
def edit_value(*, actor: User, value: Value, name: str, description: str = "") -> Value:
    """Reword a value; its stories keep it."""
    _require_administrator(actor)
    _save_value(
        value,
        name=_text(name, "value's name", NAME_LIMIT),
        description=_text(description, "description", DESCRIPTION_LIMIT, required=False),
    )
    record(actor, "value.edited", value, name=value.name)
    return value


@transaction.atomic
def place_value(*, actor: User, value: Value, position: int) -> Value:
    """Put a value at a position in the list, counted from 1, and renumber the rest."""
    _require_administrator(actor)
    ordered = list(Value.objects.select_for_update().order_by("order", "name"))
    if isinstance(position, bool) or not 1 <= position <= len(ordered):
        raise ValuesError(f"Choose a position from 1 to {len(ordered)}.")
    ordered = [other for other in ordered if other.pk != value.pk]
    ordered.insert(position - 1, value)
    for number, each in enumerate(ordered, start=1):
        if each.order != number:
            each.order = number
            each.save(update_fields=["order"])
    record(actor, "value.placed", value, position=position)
    return value


def move_value(*, actor: User, value: Value, step: int) -> Value:
    """Move a value one place up (step -1) or down (step 1); at either end it stays put."""
    ordered = list(Value.objects.order_by("order", "name").values_list("pk", flat=True))
    position = ordered.index(value.pk) + 1 + step
    return place_value(actor=actor, value=value, position=min(max(position, 1), len(ordered)))


@transaction.atomic
def set_offered(*, actor: User, value: Value, offered: bool) -> Value:
    """Retire a value, so new stories cannot name it, or restore it."""
    _require_administrator(actor)
    if value.is_active != offered:
        value.is_active = offered
        value.save(update_fields=["is_active"])
        record(actor, "value.restored" if offered else "value.retired", value)
    return value


def _save_value(value: Value, *, name: str, description: str) -> Value:
    clash = Value.objects.filter(name__iexact=name).exclude(pk=value.pk)
    if clash.exists():
        raise ValuesError(f"There is already a value called “{name}”.")
    value.name, value.description = name, description
    try:
        with transaction.atomic():  # a savepoint: a rival with the same name loses plainly
            value.save()
    except IntegrityError:
        raise ValuesError(f"There is already a value called “{name}”.") from None
    return value


# -- Stories -----------------------------------------------------------------


@transaction.atomic
def tell_story(
    *,
    actor: User,
    title: str,
    body: str,
    happened_on: datetime.date,
    values: Iterable[Value],
    community: Community | None = None,
    beyond_community: bool = True,
    audience: str = ValueStory.Audience.ORGANISATION,
    about_person: User | None = None,
    about_team: str = "",
) -> ValueStory:
    """Tell of someone living the organisation's values; the person it is about is told."""
    story = ValueStory(author=actor)
    chosen = _values(list(values), already=set())
    _fill(story, actor, title, body, happened_on, community, beyond_community, audience)
    _set_about(story, about_person, about_team)
    story.save()
    story.values.set(chosen)
    record(actor, "value_story.told", story, values=[value.pk for value in chosen])
    _tell_person(story, actor)
    return story


@transaction.atomic
def edit_story(
    *,
    actor: User,
    story: ValueStory,
    title: str,
    body: str,
    happened_on: datetime.date,
    values: Iterable[Value],
    community: Community | None = None,
    beyond_community: bool = True,
    audience: str = ValueStory.Audience.ORGANISATION,
    about_person: User | None = None,
    about_team: str = "",
) -> ValueStory:
    """Change your story; values it names may stay though retired, new ones must be offered."""
    _require_author(actor, story, "change")
    already = {value.pk for value in story.values.all()}
    chosen = _values(list(values), already=already)
    was_about = story.about_person_id
    _fill(story, actor, title, body, happened_on, community, beyond_community, audience)
    _set_about(story, about_person, about_team)
    story.updated_at = timezone.now()
    story.save()
    story.values.set(chosen)
    record(actor, "value_story.edited", story, values=[value.pk for value in chosen])
    if story.about_person_id != was_about:
        _tell_person(story, actor)
    return story


@transaction.atomic
def delete_story(*, actor: User, story: ValueStory) -> None:
    """Delete your story."""
    _require_author(actor, story, "delete")
    record(actor, "value_story.deleted", story, title=story.title)
    story.delete()


@transaction.atomic
def set_hidden(*, actor: User, story: ValueStory, hidden: bool) -> ValueStory:
    """Hide a story about you from everyone but you and its author, or show it again."""
    if story.about_person_id != actor.pk:
        raise ValuesError("Only the person a story is about can hide it or show it again.")
    if story.is_hidden != hidden:
        story.hidden_at = timezone.now() if hidden else None
        story.save(update_fields=["hidden_at"])
        record(actor, "value_story.hidden" if hidden else "value_story.shown", story)
    return story


def _fill(
    story: ValueStory,
    actor: User,
    title: str,
    body: str,
    happened_on: datetime.date,
    community: Community | None,
    beyond_community: bool,
    audience: str,
) -> None:
    story.title = _text(title, "title", TITLE_LIMIT)
    story.body = _text(body, "account of what happened", STORY_LIMIT)
    story.happened_on = _happened_on(happened_on)
    story.community = _community(actor, community, keep=story.community_id)
    story.audience = _audience(audience, story.community)
    # A story tied to no community happened, by definition, beyond communities.
    story.beyond_community = beyond_community or story.community is None


def _set_about(story: ValueStory, person: User | None, team: str) -> None:
    story.about_team = _text(team, "team's name", TEAM_LIMIT, required=False)
    if person is not None and not person.is_active:
        raise ValuesError(f"{person} no longer uses Convene; name someone who does.")
    if person is not None and story.audience == ValueStory.Audience.COMMUNITY:
        members = Membership.objects.current().filter(community=story.community, user=person)
        if not members.exists():
            raise ValuesError(
                f"{person} is not a member of {story.community}, so they could not read a "
                "story kept to its members. Show it organisation-wide or name someone else."
            )
    story.about_person = person


def _values(values: list[Value], *, already: set[int]) -> list[Value]:
    if not values:
        raise ValuesError("Choose at least one of the organisation's values.")
    retired = [value.name for value in values if not value.is_active and value.pk not in already]
    if retired:
        raise ValuesError(f"“{retired[0]}” is retired; choose one of the values now offered.")
    return values


def _community(actor: User, community: Community | None, *, keep: int | None) -> Community | None:
    if community is None or community.pk == keep:
        return community
    if not Community.objects.readable_by(actor).filter(pk=community.pk).exists():
        raise ValuesError("Name a community whose conversations you can read.")
    return community


def _audience(audience: str, community: Community | None) -> str:
    if audience not in ValueStory.Audience.values:
        raise ValuesError(
            f"“{audience[:40]}” is not an audience: choose organisation or community."
        )
    if community is None:
        if audience == ValueStory.Audience.COMMUNITY:
            raise ValuesError("Name the community whose members should see the story.")
        return audience
    # A private community's stories are never shown outside it.
    return ValueStory.Audience.COMMUNITY if community.is_private else audience


def _happened_on(day: datetime.date) -> datetime.date:
    today = timezone.localdate()
    if day > today:
        raise ValuesError("Tell stories that have happened: choose today or an earlier day.")
    if day < today - OLDEST_STORY:
        raise ValuesError("Choose a day within the last five years.")
    return day


def _tell_person(story: ValueStory, actor: User) -> None:
    person = story.about_person
    if person is None:
        return
    values = ", ".join(value.name for value in story.values.all())
    transaction.on_commit(
        lambda: notify(
            recipient=person,
            actor=actor,
            kind=STORY_NOTIFICATION,
            message=f"{actor} told a story of you living {values}: “{story.title}”. "
            "You may hide it if you prefer.",
            url=story.get_absolute_url(),
            key=f"value-story:{story.pk}:{person.pk}",
            community=story.community,
        )
    )


def _require_administrator(actor: User) -> None:
    if not actor.is_administrator:
        raise ValuesError("Only administrators set the organisation's values.")


def _require_author(actor: User, story: ValueStory, verb: str) -> None:
    if story.author_id != actor.pk:
        raise ValuesError(f"Only the story's author can {verb} it.")


def _text(value: str, what: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if CONTROL_CHARACTERS.search(value):
        raise ValuesError(f"The {what} contains control characters; remove them.")
    if required and not value:
        raise ValuesError(f"The {what} cannot be empty.")
    if len(value) > limit:
        raise ValuesError(f"The {what} can be at most {limit:,} characters long.")
    return value

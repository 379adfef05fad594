"""Writing reflections, sharing one anonymously, and reminding people when prompts come due.

A reflection is its author's alone. Nothing here tells anyone else about one:
reminders go only to the author, and writing, editing and sharing leave no
audit record, because a record of who wrote or shared on which day would let
administrators see who keeps a journal and undo the anonymity sharing promises.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User
from convene.reflections.models import (
    BODY_LIMIT,
    SHARING_MINIMUM_MEMBERS,
    Reflection,
    SharedReflection,
    current_member_count,
)
from convene.reflections.prompts import BY_KEY, PROMPTS, SET_POINTS, Prompt, SetPoint, find_prompt

# Characters no one types on purpose, and NUL, which PostgreSQL cannot store.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Reminders go out for a set point that came due recently; a backlog of points
# from long ago shows in the journal but is not sent as a burst of e-mail.
REMINDER_WINDOW = datetime.timedelta(days=30)


class ReflectionError(Exception):
    """A change to a reflection that the journal's rules do not allow."""


@dataclass(frozen=True)
class Due:
    """A prompt waiting for an answer about one community, since a set point came round."""

    community: Community
    set_point: SetPoint
    prompt: Prompt
    due_at: datetime.datetime
    spell_started_at: datetime.datetime

    @property
    def write_url(self) -> str:
        query = f"?prompt={self.prompt.key}&community={self.community.slug}"
        return f"{reverse('reflections:journal')}{query}#write"


@transaction.atomic
def write_reflection(
    *, actor: User, prompt: str, body: str, community: Community | None = None
) -> Reflection:
    """Answer a prompt in your journal, about one of your communities or none."""
    entry = _prompt(prompt)
    if community is not None:
        _require_member(actor, community, "write about")
    return Reflection.objects.create(
        author=actor, prompt=entry.key, community=community, body=_text(body)
    )


@transaction.atomic
def edit_reflection(*, actor: User, reflection: Reflection, body: str) -> Reflection:
    """Change the words of one of your reflections; a shared copy keeps the words it had."""
    _require_author(actor, reflection)
    reflection.body = _text(body)
    reflection.updated_at = timezone.now()
    reflection.save(update_fields=["body", "updated_at"])
    return reflection


@transaction.atomic
def share_reflection(
    *, actor: User, reflection: Reflection, community: Community, body: str | None = None
) -> SharedReflection:
    """Share a copy of one of your answers with one of your communities, anonymously.

    The copy carries the prompt, the words (edited if `body` is given, so the
    author can take out what would identify them) and the month; nothing links
    it to the author or the reflection, so it cannot be withdrawn later.
    """
    _require_author(actor, reflection)
    _require_member(actor, community, "share with")
    members = current_member_count(community)
    if members < SHARING_MINIMUM_MEMBERS:
        raise ReflectionError(
            f"{community.name} has {members} current member{'s' if members != 1 else ''}. "
            f"To keep shared answers anonymous, sharing needs at least "
            f"{SHARING_MINIMUM_MEMBERS} members."
        )
    entry = _prompt(reflection.prompt)
    if body is None:
        body = reflection.body
    elif not body.strip():
        raise ReflectionError("There is nothing to share: the words to share are empty.")
    text = _text(body)
    today = timezone.localdate()
    # A conditional update, so that of two requests sent at once (a double
    # click) only one marks the answer shared, on SQLite as on PostgreSQL.
    unshared = Reflection.objects.filter(pk=reflection.pk, shared_on__isnull=True)
    if not unshared.update(shared_with=community, shared_on=today):
        raise ReflectionError("You have already shared this answer; each answer is shared once.")
    reflection.shared_with, reflection.shared_on = community, today
    return SharedReflection.objects.create(
        community=community, prompt=entry.text, body=text, shared_on=today
    )


def sharing_communities(user: User) -> list[Community]:
    """The communities a person may share answers with: their own, in name order."""
    return list(Community.objects.joined_by(user).order_by("name"))


def shared_by_prompt(community: Community) -> list[tuple[str, list[SharedReflection]]]:
    """The answers shared with a community that may be shown, grouped by prompt in the
    journal's order; nothing while the community is too small to keep them anonymous."""
    by_prompt: dict[str, list[SharedReflection]] = defaultdict(list)
    for answer in SharedReflection.objects.visible_in(community):
        by_prompt[answer.prompt].append(answer)
    order = {prompt.text: index for index, prompt in enumerate(PROMPTS)}
    return sorted(by_prompt.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


# -- What is due ---------------------------------------------------------------


def due_reflections(user: User, *, now: datetime.datetime | None = None) -> list[Due]:
    """The prompts waiting for the person's answer, in their communities, oldest first.

    For each community the person belongs to, the latest set point reached
    counts: its prompts are due until answered (about that community, after
    the point came round) or until the next point supersedes them. Two
    queries, however many communities and reflections.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    now = now or timezone.now()
    rows = _membership_rows(Membership.objects.filter(user=user))
    answers = Reflection.objects.filter(author=user, community__isnull=False)
    return _due(rows, _answer_times(answers), now)[user.pk]


def remind_reflections(*, now: datetime.datetime | None = None) -> int:
    """Remind people of set points that came round and wait for an answer; return how many.

    Idempotent: each set point of each spell of membership has its own
    notification key, so running this daily reminds each person once per point.
    """
    now = now or timezone.now()
    current = Membership.objects.current().filter(
        user=OuterRef("user"), community=OuterRef("community")
    )
    rows = _membership_rows(Membership.objects.filter(Exists(current), user__is_active=True))
    answers = Reflection.objects.filter(community__isnull=False, author__is_active=True)
    people = {row.user_id: row.user for row in rows}
    sent = 0
    for user_id, items in _due(rows, _answer_times(answers), now).items():
        # One reminder per set point, however many of its prompts wait.
        points: dict[tuple[int, str], Due] = {}
        for item in items:
            if item.due_at >= now - REMINDER_WINDOW:
                points.setdefault((item.community.pk, item.set_point.key), item)
        for item in points.values():
            sent += _remind(people[user_id], item) is not None
    return sent


def _membership_rows(memberships: QuerySet[Membership]) -> list[Membership]:
    ordered = memberships.select_related("community", "user")
    return list(ordered.order_by("user_id", "community_id", "joined_at", "id"))


def _answer_times(
    answers: QuerySet[Reflection],
) -> dict[tuple[int, int, str], list[datetime.datetime]]:
    times: dict[tuple[int, int, str], list[datetime.datetime]] = defaultdict(list)
    fields = ("author_id", "community_id", "prompt", "created_at")
    for author, community, prompt, created in answers.values_list(*fields):
        times[(author, community, prompt)].append(created)
    return times


def _due(
    rows: list[Membership],
    answers: dict[tuple[int, int, str], list[datetime.datetime]],
    now: datetime.datetime,
) -> dict[int, list[Due]]:
    due: dict[int, list[Due]] = defaultdict(list)
    for (user_id, _community_id), started, community in _current_spells(rows):
        point = _latest_point(started, now)
        if point is None:
            continue
        due_at = started + point.after
        for key in point.prompt_keys:
            written = answers.get((user_id, community.pk, key), [])
            if not any(moment >= due_at for moment in written):
                due[user_id].append(Due(community, point, BY_KEY[key], due_at, started))
    for items in due.values():
        items.sort(key=lambda item: (item.due_at, item.community.name))
    return due


def _current_spells(
    rows: list[Membership],
) -> Iterable[tuple[tuple[int, int], datetime.datetime, Community]]:
    """When each current membership's unbroken spell began.

    A change of role ends one membership row and starts another, but the person
    never left, so their set points count from the first row of the spell.
    """
    spells: dict[tuple[int, int], tuple[datetime.datetime, Membership]] = {}
    for row in rows:
        pair = (row.user_id, row.community_id)
        previous = spells.get(pair)
        continues = (
            previous is not None
            and previous[1].end_reason == Membership.EndReason.ROLE_CHANGED
            and previous[1].left_at is not None
        )
        started = previous[0] if continues and previous else row.joined_at
        spells[pair] = (started, row)
    for pair, (started, row) in spells.items():
        if row.left_at is None:
            yield pair, started, row.community


def _latest_point(started: datetime.datetime, now: datetime.datetime) -> SetPoint | None:
    reached = [point for point in SET_POINTS if started + point.after <= now]
    return reached[-1] if reached else None


def _remind(user: User, item: Due) -> Notification | None:
    point = item.set_point
    return notify(
        recipient=user,
        actor=None,
        kind=Notification.Kind.REFLECTION,
        community=item.community,
        message=f"Time to reflect: {point.label.lower()} in {item.community.name}",
        url=reverse("reflections:journal"),
        key=f"reflection-due:{item.community.pk}:{point.key}:{item.spell_started_at:%Y%m%d%H%M%S}",
    )


# -- Checks --------------------------------------------------------------------


def _prompt(value: str) -> Prompt:
    entry = find_prompt(value)
    if entry is None:
        raise ReflectionError(f"“{(value or '')[:60]}” is not one of the journal's prompts.")
    return entry


def _require_author(actor: User, reflection: Reflection) -> None:
    if reflection.author_id != actor.pk:
        raise ReflectionError("Only the reflection's author can do that.")


def _require_member(actor: User, community: Community, verb: str) -> None:
    if not community.memberships.current().filter(user=actor).exists():
        raise ReflectionError(f"You can only {verb} a community you belong to.")


def _text(value: str) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if CONTROL_CHARACTERS.search(value):
        raise ReflectionError("The reflection contains control characters; remove them.")
    if not value:
        raise ReflectionError("Write something before saving: the reflection cannot be empty.")
    if len(value) > BODY_LIMIT:
        raise ReflectionError(f"A reflection can be at most {BODY_LIMIT:,} characters long.")
    return value

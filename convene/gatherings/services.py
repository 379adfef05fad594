"""Workflows of gatherings: schedule, change, cancel; answer, record who came; apply and follow up.

Convenors, co-convenors and administrators schedule; members answer whether
they will come. Answers lock the gathering's row and move its `yes_count`
with a conditional update, and a database constraint keeps that count within
the capacity, so simultaneous answers can never overbook a gathering.
"""

from __future__ import annotations

import datetime
import unicodedata
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.utils import timezone

from convene.audit.models import record
from convene.communities.models import Community, Membership
from convene.gatherings import formats, tasks
from convene.gatherings.models import (
    INTENTION_LIMIT,
    NOTES_LIMIT,
    TITLE_LIMIT,
    Attendance,
    Gathering,
    Intention,
    Rsvp,
    valid_time_zone,
)
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User

FOLLOW_UP_WEEKS = (2, 3, 4, 5, 6)
DEFAULT_FOLLOW_UP_WEEKS = 4
LONGEST_GATHERING = datetime.timedelta(hours=12)
FURTHEST_AHEAD = datetime.timedelta(days=2 * 365)
# What you will apply is worth saying while the gathering is fresh; later it is a diary.
APPLY_WINDOW = datetime.timedelta(weeks=6)
# A link members click: only web addresses, so no javascript: or data: link is ever shown.
is_web_link = URLValidator(schemes=["http", "https"])
# Fields whose change calendar clients must see: bump SEQUENCE (RFC 5545 §3.8.7.4).
# The description names the format and the facilitator, so their change counts too.
CALENDAR_FIELDS = {
    "title",
    "starts_at",
    "ends_at",
    "time_zone",
    "place",
    "online_link",
    "agenda",
    "format",
    "facilitator_id",
}


class GatheringError(Exception):
    """A change to gatherings that the rules do not allow; the message says why."""


def can_schedule(user: User, community: Community) -> bool:
    """Convenors, co-convenors and administrators schedule a community's gatherings."""
    return community.can_manage(user)


def can_record(user: User, gathering: Gathering) -> bool:
    """The facilitator, convenors and administrators record attendance and notes."""
    return user.is_authenticated and (
        gathering.facilitator_id == user.pk or can_schedule(user, gathering.community)
    )


def is_member(user: User, community: Community) -> bool:
    return Membership.objects.current().filter(community=community, user=user).exists()


@transaction.atomic
def schedule_gathering(
    *,
    actor: User,
    community: Community,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    format: str = formats.OPEN_DISCUSSION.key,
    place: str = "",
    online_link: str = "",
    agenda: list[dict[str, Any]] | None = None,
    capacity: int | None = None,
    facilitator: User | None = None,
) -> Gathering:
    """Schedule a gathering; with no agenda given, it takes its format's template."""
    if not can_schedule(actor, community):
        raise GatheringError("Only the community's convenors schedule its gatherings.")
    if format not in formats.FORMATS:
        raise GatheringError("Choose one of the facilitation formats.")
    gathering = Gathering(community=community, created_by=actor, format=format)
    _apply_new(
        gathering,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        place=place,
        online_link=online_link,
        agenda=agenda if agenda is not None else _template(format),
        capacity=capacity,
        facilitator=facilitator,
    )
    if gathering.starts_at <= timezone.now():
        raise GatheringError("Schedule a gathering that starts in the future.")
    gathering.save()
    record(actor, "gatherings.scheduled", gathering, community=community.slug, format=format)
    gathering_id = str(gathering.pk)
    transaction.on_commit(lambda: tasks.announce_gathering.enqueue(gathering_id))
    return gathering


@transaction.atomic
def update_gathering(*, actor: User, gathering: Gathering, **changes: Any) -> Gathering:
    """Change a gathering's details; calendar clients see the new version of the event."""
    gathering = _locked(gathering)
    if not can_schedule(actor, gathering.community):
        raise GatheringError("Only the community's convenors change its gatherings.")
    if gathering.is_cancelled:
        raise GatheringError("This gathering is cancelled; schedule a new one instead.")
    if "format" in changes and changes["format"] not in formats.FORMATS:
        raise GatheringError("Choose one of the facilitation formats.")
    before = {name: getattr(gathering, name) for name in CALENDAR_FIELDS}
    gathering.format = changes.pop("format", gathering.format)
    if "agenda" in changes and changes["agenda"] is None:
        changes["agenda"] = _template(gathering.format)
    current = _current(gathering)
    _apply(gathering, touched=_touched(current, changes), **{**current, **changes})
    if gathering.starts_at != before["starts_at"] and gathering.starts_at <= timezone.now():
        raise GatheringError("A gathering cannot be moved to start in the past.")
    changed = sorted(name for name in CALENDAR_FIELDS if getattr(gathering, name) != before[name])
    if changed:
        gathering.sequence += 1
    gathering.updated_at = timezone.now()
    gathering.save()
    record(actor, "gatherings.updated", gathering, changed=changed)
    return gathering


@transaction.atomic
def cancel_gathering(*, actor: User, gathering: Gathering) -> Gathering:
    """Cancel a gathering that has not ended; those who said yes or maybe hear about it."""
    gathering = _locked(gathering)
    if not can_schedule(actor, gathering.community):
        raise GatheringError("Only the community's convenors cancel its gatherings.")
    if gathering.is_cancelled:
        raise GatheringError("This gathering is already cancelled.")
    if gathering.has_ended():
        raise GatheringError("This gathering has already happened; it cannot be cancelled.")
    now = timezone.now()
    gathering.status, gathering.cancelled_at, gathering.updated_at = (
        Gathering.Status.CANCELLED,
        now,
        now,
    )
    gathering.sequence += 1
    gathering.save(update_fields=["status", "cancelled_at", "updated_at", "sequence"])
    record(actor, "gatherings.cancelled", gathering)
    gathering_id = str(gathering.pk)
    transaction.on_commit(lambda: tasks.announce_cancellation.enqueue(gathering_id))
    return gathering


@transaction.atomic
def rsvp(*, actor: User, gathering: Gathering, answer: str) -> Rsvp:
    """Say whether you will come; a yes takes a place, refused with a reason when it is full."""
    if answer not in Rsvp.Answer.values:
        raise GatheringError("Answer yes, maybe or no.")
    # The row lock queues simultaneous answers on PostgreSQL; the conditional update and the
    # capacity constraint keep the count right on any database.
    gathering = _locked(gathering)
    if not is_member(actor, gathering.community):
        raise GatheringError("Join the community to answer for its gatherings.")
    if gathering.is_cancelled:
        raise GatheringError("This gathering is cancelled.")
    if gathering.has_started():
        raise GatheringError("This gathering has already started; answers are closed.")
    previous = Rsvp.objects.filter(gathering=gathering, user=actor).first()
    was_yes = previous is not None and previous.answer == Rsvp.Answer.YES
    if answer == Rsvp.Answer.YES and not was_yes:
        _take_place(gathering)
    elif was_yes and answer != Rsvp.Answer.YES:
        Gathering.objects.filter(pk=gathering.pk).update(yes_count=F("yes_count") - 1)
    reply, _ = Rsvp.objects.update_or_create(
        gathering=gathering,
        user=actor,
        defaults={"answer": answer, "answered_at": timezone.now()},
    )
    record(actor, "gatherings.rsvp", gathering, answer=answer)
    return reply


@transaction.atomic
def record_attendance(
    *, actor: User, gathering: Gathering, attendees: Sequence[User]
) -> list[Attendance]:
    """Set who came to a gathering that has started: the list replaces any recorded before."""
    gathering = _locked(gathering)
    if not can_record(actor, gathering):
        raise GatheringError("Only the facilitator or a convenor records attendance.")
    if gathering.is_cancelled:
        raise GatheringError("This gathering was cancelled, so no one attended.")
    if not gathering.has_started():
        raise GatheringError("Attendance can be recorded once the gathering has started.")
    people = {person.pk: person for person in attendees}
    members = set(
        Membership.objects.current()
        .filter(community=gathering.community, user__in=list(people))
        .values_list("user_id", flat=True)
    )
    outsiders = sorted(person.full_name for pk, person in people.items() if pk not in members)
    if outsiders:
        raise GatheringError(
            f"{', '.join(outsiders)} {'is' if len(outsiders) == 1 else 'are'} not a member of "
            f"{gathering.community.name}; record only members' attendance."
        )
    gathering.attendances.exclude(user__in=list(people)).delete()
    known = set(gathering.attendances.values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(gathering=gathering, user=person, recorded_by=actor)
            for pk, person in people.items()
            if pk not in known
        ]
    )
    record(actor, "gatherings.attendance_recorded", gathering, attendees=sorted(people))
    return list(gathering.attendances.select_related("user"))


@transaction.atomic
def write_notes(*, actor: User, gathering: Gathering, notes: str) -> Gathering:
    """Write the gathering's notes (Markdown), for members to read afterwards."""
    if not can_record(actor, gathering):
        raise GatheringError("Only the facilitator or a convenor writes the notes.")
    notes = notes.strip()
    if len(notes) > NOTES_LIMIT:
        raise GatheringError(f"Keep the notes to {NOTES_LIMIT:,} characters.")
    gathering.notes = notes
    gathering.save(update_fields=["notes"])
    record(actor, "gatherings.notes_written", gathering)
    return gathering


@transaction.atomic
def record_intention(
    *, actor: User, gathering: Gathering, text: str, follow_up_weeks: int = DEFAULT_FOLLOW_UP_WEEKS
) -> Intention:
    """Say what you will apply from a gathering you attended, and when Convene should ask."""
    text = text.strip()
    if not text:
        raise GatheringError("Say what you will try.")
    if len(text) > INTENTION_LIMIT:
        raise GatheringError(f"Keep it to {INTENTION_LIMIT:,} characters.")
    if follow_up_weeks not in FOLLOW_UP_WEEKS:
        raise GatheringError("Choose a follow-up two to six weeks after the gathering.")
    _check_may_apply(actor, gathering)
    follow_up_on = gathering.local_ends_at.date() + datetime.timedelta(weeks=follow_up_weeks)
    intention, created = Intention.objects.update_or_create(
        gathering=gathering,
        user=actor,
        defaults={"text": text, "follow_up_on": follow_up_on, "updated_at": timezone.now()},
    )
    record(actor, "gatherings.intention_recorded", intention, created=created)
    return intention


@transaction.atomic
def record_outcome(*, actor: User, intention: Intention, outcome: str) -> Intention:
    """Say what happened when you tried what you said you would apply."""
    if intention.user_id != actor.pk:
        raise GatheringError("Only its author records what happened.")
    outcome = outcome.strip()
    if not outcome:
        raise GatheringError("Say what happened, even if it was that you did not get to it.")
    if len(outcome) > INTENTION_LIMIT:
        raise GatheringError(f"Keep it to {INTENTION_LIMIT:,} characters.")
    intention.outcome, intention.outcome_recorded_at = outcome, timezone.now()
    intention.save(update_fields=["outcome", "outcome_recorded_at"])
    record(actor, "gatherings.outcome_recorded", intention)
    return intention


def remind_follow_ups(*, today: datetime.date | None = None) -> int:
    """Ask each person whose follow-up date has come what happened; return how many were asked.

    Idempotent: each intention's reminder has its own notification key, so
    running this daily asks once per intention at most.
    """
    today = today or timezone.localdate()
    due = (
        Intention.objects.due_for_follow_up(today)
        .filter(reminded_at__isnull=True)
        # Someone who has left the community is not asked about its gatherings.
        .filter(
            Exists(
                Membership.objects.current().filter(
                    community=OuterRef("gathering__community"), user=OuterRef("user")
                )
            )
        )
        .select_related("user", "gathering__community")
        .order_by("follow_up_on", "id")
    )
    sent = 0
    for intention in due.iterator():
        with transaction.atomic():
            claimed = Intention.objects.filter(pk=intention.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if claimed:
                sent += _ask_what_happened(intention) is not None
    return sent


@dataclass(frozen=True)
class Suggestion:
    """Who Convene suggests should facilitate next, and why, in words a convenor can check."""

    person: User
    times: int
    last: datetime.datetime | None
    reason: str


def suggest_facilitator(
    community: Community, *, exclude: Gathering | None = None
) -> Suggestion | None:
    """Suggest the current member who has facilitated the community's gatherings least.

    Ties go to whoever facilitated longest ago (never counts as longest), then
    by name, so the suggestion is the same on every page and easy to explain.
    Cancelled gatherings do not count; "last facilitated" counts only gatherings
    that have started.
    """
    facilitated = Q(
        facilitated_gatherings__community=community,
        facilitated_gatherings__status=Gathering.Status.SCHEDULED,
    )
    if exclude is not None:
        facilitated &= ~Q(facilitated_gatherings__pk=exclude.pk)
    started = facilitated & Q(facilitated_gatherings__starts_at__lte=timezone.now())
    members = Membership.objects.current().filter(community=community).values("user")
    candidates = (
        User.objects.active()
        .filter(pk__in=members)
        .annotate(
            times=Count("facilitated_gatherings", filter=facilitated),
            latest=Max("facilitated_gatherings__starts_at", filter=facilitated),
            last=Max("facilitated_gatherings__starts_at", filter=started),
        )
        .order_by("times", F("latest").asc(nulls_first=True), "full_name", "pk")
    )
    rows = list(candidates[:2])
    if not rows:
        return None
    first = rows[0]
    return Suggestion(first, first.times, first.last, _reason(first, rows[1:]))


def _reason(person: Any, others: list[Any]) -> str:
    name = person.get_short_name()
    tied = bool(others) and others[0].times == person.times
    if person.times == 0:
        said = f"{name} has not facilitated a gathering here yet"
        if tied:
            return f"{said}, nor have others, and {name} comes first by name."
    else:
        said = (
            f"{name} has facilitated {person.times} gathering{'' if person.times == 1 else 's'} "
            "here, the fewest of any member"
        )
        if person.last is not None:
            said += f", last on {person.last:%-d %B %Y}"
    if tied:
        if others[0].latest == person.latest:
            return f"{said}; others have too, and {name} comes first by name."
        return f"{said}; of those tied, it is longest since {name} last facilitated."
    return f"{said}."


def announce_gathering(gathering_id: Any) -> None:
    """Tell the community's members about a newly scheduled gathering."""
    gathering = (
        Gathering.objects.select_related("community", "created_by").filter(pk=gathering_id).first()
    )
    if gathering is None or gathering.is_cancelled:
        return
    members = Membership.objects.current().filter(community=gathering.community)
    for membership in members.select_related("user"):
        notify(
            recipient=membership.user,
            actor=gathering.created_by,
            kind=Notification.Kind.GATHERING,
            message=f"{gathering.community.name}: {gathering.title} on "
            f"{gathering.local_starts_at:%-d %B at %H:%M}. Will you come?",
            url=gathering.get_absolute_url(),
            key=f"gathering-scheduled:{gathering.pk}",
            community=gathering.community,
        )


def announce_cancellation(gathering_id: Any) -> None:
    """Tell those who said yes or maybe that a gathering is cancelled."""
    gathering = Gathering.objects.select_related("community").filter(pk=gathering_id).first()
    if gathering is None:
        return
    replies = gathering.rsvps.exclude(answer=Rsvp.Answer.NO).select_related("user")
    for reply in replies:
        notify(
            recipient=reply.user,
            actor=None,
            kind=Notification.Kind.GATHERING,
            message=f"Cancelled: {gathering.title} on {gathering.local_starts_at:%-d %B}.",
            url=gathering.get_absolute_url(),
            key=f"gathering-cancelled:{gathering.pk}",
            community=gathering.community,
        )


def _ask_what_happened(intention: Intention) -> Notification | None:
    return notify(
        recipient=intention.user,
        actor=None,
        kind=Notification.Kind.GATHERING,
        message=f"After “{intention.gathering.title}” you said you would try something. "
        "What happened?",
        url=intention.get_absolute_url(),
        key=f"apply-follow-up:{intention.pk}",
    )


def _check_may_apply(actor: User, gathering: Gathering) -> None:
    if gathering.is_cancelled:
        raise GatheringError("This gathering was cancelled.")
    if not gathering.has_started():
        raise GatheringError("Say what you will apply once the gathering has started.")
    if timezone.now() > gathering.ends_at + APPLY_WINDOW:
        raise GatheringError(
            "Say what you will apply within six weeks of the gathering; this one is too long ago."
        )
    if not is_member(actor, gathering.community):
        raise GatheringError("Only members who attended say what they will apply.")
    recorded = gathering.attendances.all()
    if recorded.exists():
        came = recorded.filter(user=actor).exists()
    else:
        # Until the facilitator records who came, a yes stands in for attendance.
        came = gathering.rsvps.filter(user=actor, answer=Rsvp.Answer.YES).exists()
    if not came:
        raise GatheringError("Only members who attended say what they will apply.")


def _take_place(gathering: Gathering) -> None:
    try:
        with transaction.atomic():
            taken = Gathering.objects.filter(
                Q(capacity__isnull=True) | Q(yes_count__lt=F("capacity")), pk=gathering.pk
            ).update(yes_count=F("yes_count") + 1)
    except IntegrityError:
        taken = 0
    if not taken:
        raise GatheringError(
            f"This gathering is full: all {gathering.capacity} places are taken. "
            "Answer maybe, and ask the convenor whether a place comes free."
        )


def _template(format: str) -> list[dict[str, Any]]:
    return [step.as_dict() for step in formats.get_format(format).steps]


def _current(gathering: Gathering) -> dict[str, Any]:
    return {
        "title": gathering.title,
        "starts_at": gathering.starts_at,
        "ends_at": gathering.ends_at,
        "time_zone": gathering.time_zone,
        "place": gathering.place,
        "online_link": gathering.online_link,
        "agenda": gathering.agenda,
        "capacity": gathering.capacity,
        "facilitator": gathering.facilitator,
    }


def _touched(current: dict[str, Any], changes: dict[str, Any]) -> set[str]:
    """The details a change really alters; a form sends every field, most of them as they were."""
    zone = changes.get("time_zone", current["time_zone"])
    touched = set()
    for name, value in changes.items():
        if name in ("starts_at", "ends_at") and valid_time_zone(zone):
            value = _aware(value, zone)
        if value != current[name]:
            touched.add(name)
    return touched


def _apply_new(gathering: Gathering, **details: Any) -> None:
    _apply(gathering, touched=set(details), **details)


def _apply(
    gathering: Gathering,
    *,
    touched: set[str],
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    place: str,
    online_link: str,
    agenda: list[dict[str, Any]],
    capacity: int | None,
    facilitator: User | None,
) -> None:
    """Check and set the details a gathering is scheduled or changed with.

    Details left as they were (`touched` names the others) are not checked again,
    so a facilitator who has since left does not block changing the room.
    """
    title = title.strip()
    if not title or len(title) > TITLE_LIMIT:
        raise GatheringError(f"Give the gathering a title of up to {TITLE_LIMIT} characters.")
    if any(unicodedata.category(char) == "Cc" for char in title):
        raise GatheringError("Keep the title to one line, without tabs or control characters.")
    online_link = online_link.strip()
    if online_link:
        _check_web_link(online_link)
    if not valid_time_zone(time_zone):
        raise GatheringError(f"“{time_zone}” is not a time zone; use one such as Europe/London.")
    starts_at, ends_at = _aware(starts_at, time_zone), _aware(ends_at, time_zone)
    if ends_at <= starts_at:
        raise GatheringError("A gathering must end after it starts.")
    if ends_at - starts_at > LONGEST_GATHERING:
        raise GatheringError("A gathering lasts at most 12 hours.")
    if (
        touched & {"starts_at", "ends_at", "time_zone"}
        and starts_at > timezone.now() + FURTHEST_AHEAD
    ):
        raise GatheringError("Schedule gatherings at most two years ahead.")
    # A format's own agenda is a suggestion to adapt; only one written here must fit.
    if touched & {"agenda", "starts_at", "ends_at", "time_zone"} and agenda != _template(
        gathering.format
    ):
        _check_agenda(agenda, ends_at - starts_at)
    if capacity is not None and capacity < max(1, gathering.yes_count):
        raise GatheringError(
            f"{gathering.yes_count} people have said they will come; the capacity cannot be "
            "less than that."
            if gathering.yes_count
            else "Capacity is at least 1."
        )
    if (
        "facilitator" in touched
        and facilitator is not None
        and not is_member(facilitator, gathering.community)
    ):
        raise GatheringError(f"{facilitator} is not a member of {gathering.community.name}.")
    gathering.title, gathering.time_zone = title, time_zone
    gathering.starts_at, gathering.ends_at = starts_at, ends_at
    gathering.place, gathering.online_link = place.strip(), online_link
    gathering.agenda, gathering.capacity, gathering.facilitator = agenda, capacity, facilitator


def _check_agenda(agenda: list[dict[str, Any]], length: datetime.timedelta) -> None:
    if len(agenda) > formats.AGENDA_STEPS_MAX:
        raise GatheringError(f"Keep the agenda to {formats.AGENDA_STEPS_MAX} steps.")
    minutes = sum(int(step.get("minutes", 0)) for step in agenda)
    if minutes * 60 > length.total_seconds():
        raise GatheringError(
            f"The agenda takes {minutes} minutes, longer than the gathering; "
            "shorten the steps or end the gathering later."
        )


def _check_web_link(link: str) -> None:
    try:
        is_web_link(link)
    except ValidationError:
        raise GatheringError(
            "Give the online link as a web address starting with https:// or http://."
        ) from None


def _aware(moment: datetime.datetime, time_zone: str) -> datetime.datetime:
    """A time as given with its offset, or a wall-clock time read in the gathering's zone."""
    if timezone.is_naive(moment):
        zone = zoneinfo.ZoneInfo(time_zone)
        aware = moment.replace(tzinfo=zone)
        # A clock time skipped when the clocks go forward comes back changed from the round trip.
        if aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != moment:
            raise GatheringError(
                f"{moment:%-d %B %Y at %H:%M} does not exist in {time_zone}: the clocks go "
                "forward then. Choose a time an hour later or earlier."
            )
        moment = aware
    return moment.astimezone(datetime.UTC)


def _locked(gathering: Gathering) -> Gathering:
    locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
    locked.community = gathering.community
    return locked

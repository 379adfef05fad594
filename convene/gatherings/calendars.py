"""iCalendar (RFC 5545) for gatherings: one event, a community's feed, a person's feed.

Each gathering keeps one UID for life, so calendar clients update the event
in place; its SEQUENCE rises with each change they must show, and a
cancelled gathering stays in the feed with STATUS:CANCELLED so clients
remove it. Times carry the gathering's zone (TZID) with its VTIMEZONE.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from convene.communities.models import Community
from convene.gatherings.models import Gathering, Rsvp
from convene.people.models import User

PRODUCT = "-//Convene//Gatherings//EN"
FEED_PAST_DAYS = 180
FEED_LENGTH = 200


def event_uid(gathering: Gathering) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "convene.invalid"
    return f"gathering-{gathering.pk}@{host}"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def event(gathering: Gathering) -> icalendar.Event:
    """The gathering as a VEVENT, its times in its own zone."""
    item = icalendar.Event()
    item.add("uid", event_uid(gathering))
    item.add("dtstamp", gathering.updated_at.astimezone(datetime.UTC))
    item.add("last-modified", gathering.updated_at.astimezone(datetime.UTC))
    item.add("created", gathering.created_at.astimezone(datetime.UTC))
    item.add("dtstart", gathering.local_starts_at)
    item.add("dtend", gathering.local_ends_at)
    item.add("sequence", gathering.sequence)
    item.add("summary", f"{gathering.title} ({gathering.community.name})")
    item.add("status", "CANCELLED" if gathering.is_cancelled else "CONFIRMED")
    item.add("url", absolute(gathering.get_absolute_url()))
    where = "; ".join(part for part in (gathering.place, gathering.online_link) if part)
    if where:
        item.add("location", where)
    item.add("description", describe(gathering))
    return item


def describe(gathering: Gathering) -> str:
    lines = [f"{gathering.format_info.name}, in {gathering.community.name}."]
    if gathering.facilitator:
        lines.append(f"Facilitator: {gathering.facilitator.full_name}.")
    if gathering.online_link:
        lines.append(f"Join online: {gathering.online_link}")
    if gathering.agenda:
        lines += ["", "Agenda:"]
        lines += [
            f"{step.starts:%H:%M} {step.title} ({step.minutes} min)"
            for step in gathering.timed_agenda()
        ]
    lines += ["", f"Details and RSVP: {absolute(gathering.get_absolute_url())}"]
    return "\n".join(lines)


def calendar(gatherings: Iterable[Gathering], name: str) -> bytes:
    """A VCALENDAR holding the gatherings, with the time zones they use."""
    # A calendar's name is one line to every client; a title may not carry line breaks.
    name = " ".join(name.split())
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    for gathering in gatherings:
        cal.add_component(event(gathering))
    cal.add_missing_timezones()
    return cal.to_ical()


def _window() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)


def community_feed(community: Community) -> list[Gathering]:
    """The community's gatherings from six months ago on, cancelled ones included."""
    return _upcoming_first(community.gatherings.all())


def personal_feed(user: User | AnonymousUser) -> list[Gathering]:
    """The person's gatherings, as on their "My gatherings" page, less those they declined."""
    if not user.is_authenticated:
        return []
    declined = Rsvp.objects.filter(gathering=OuterRef("pk"), user=user, answer=Rsvp.Answer.NO)
    return _upcoming_first(Gathering.objects.mine(user).exclude(Exists(declined)))


def _upcoming_first(gatherings: QuerySet[Gathering]) -> list[Gathering]:
    """Every upcoming gathering up to the feed's length, then the latest past ones to fill it.

    A busy feed must never lose what is coming to make room for what is over.
    """
    now = timezone.now()
    gatherings = gatherings.select_related("community", "facilitator")
    upcoming = list(gatherings.filter(ends_at__gte=now).order_by("starts_at", "id")[:FEED_LENGTH])
    room = FEED_LENGTH - len(upcoming)
    if not room:
        return upcoming
    past = gatherings.filter(ends_at__lt=now, ends_at__gte=_window()).order_by("-starts_at", "-id")
    return [*reversed(past[:room]), *upcoming]

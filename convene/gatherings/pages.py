"""What the gathering pages show, each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.discussions.feeds import feed_key_for
from convene.gatherings import formats, services
from convene.gatherings.access import get_own_intention
from convene.gatherings.forms import AttendanceForm, NotesForm, RsvpForm
from convene.gatherings.models import Gathering, GatheringQuerySet, Intention, Rsvp
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest
from convene.people.models import User


def member_people(community: Community) -> QuerySet[User]:
    members = Membership.objects.current().filter(community=community).values("user")
    return User.objects.active().filter(pk__in=members).order_by("full_name", "pk")


def calendar_links(request: HttpRequest, name: str, args: list[Any], key: str) -> dict[str, str]:
    """The https and webcal addresses of a calendar, carrying the person's feed key."""
    https = request.build_absolute_uri(f"{reverse(name, args=args)}?key={key}")
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


def edit_initial(gathering: Gathering) -> dict[str, Any]:
    return {
        "title": gathering.title,
        "format": gathering.format,
        "starts_at": gathering.local_starts_at.replace(tzinfo=None),
        "ends_at": gathering.local_ends_at.replace(tzinfo=None),
        "time_zone": gathering.time_zone,
        "place": gathering.place,
        "online_link": gathering.online_link,
        "capacity": gathering.capacity,
        "facilitator": gathering.facilitator,
        "agenda": formats.agenda_text(gathering.agenda),
    }


def detail_context(
    request: AuthenticatedRequest, gathering: Gathering, **forms: Any
) -> dict[str, Any]:
    user, community = request.user, gathering.community
    replies = list(gathering.rsvps.select_related("user").order_by("user__full_name"))
    attendees = [a.user for a in gathering.attendances.select_related("user")]
    mine = next((r.answer for r in replies if r.user_id == user.pk), None)
    can_record = services.can_record(user, gathering)
    people = member_people(community)
    failed = [form for form in forms.values() if form.errors]
    return {
        "error": error_summary(failed[0]) if failed else None,
        "gathering": gathering,
        "community": community,
        "agenda": gathering.timed_agenda(),
        "coming": [r.user for r in replies if r.answer == Rsvp.Answer.YES],
        "maybe": [r.user for r in replies if r.answer == Rsvp.Answer.MAYBE],
        "declined": [r.user for r in replies if r.answer == Rsvp.Answer.NO],
        "mine": mine,
        "is_member": services.is_member(user, community),
        "can_manage": services.can_schedule(user, community),
        "can_record": can_record,
        "started": gathering.has_started(),
        "ended": gathering.has_ended(),
        "attendees": attendees,
        "rsvp_form": forms.get("rsvp_form") or RsvpForm(initial={"answer": mine}),
        "attendance_form": forms.get("attendance_form")
        or AttendanceForm(people=people, initial={"attendees": attendees}),
        "notes_form": forms.get("notes_form") or NotesForm(initial={"notes": gathering.notes}),
        "intention": get_own_intention(user, gathering),
        "calendar": calendar_links(
            request,
            "gatherings:gathering_ics",
            [community.slug, gathering.pk],
            feed_key_for(user),
        ),
    }


def my_gathering_list(user: User) -> GatheringQuerySet:
    return Gathering.objects.mine(user).for_list(user)


def my_gatherings_context(request: AuthenticatedRequest) -> dict[str, Any]:
    user, now = request.user, timezone.now()
    gatherings = my_gathering_list(user)
    intentions = Intention.objects.of(user).select_related("gathering__community")
    return {
        "upcoming": list(gatherings.upcoming(now)[:100]),
        "past": list(gatherings.past(now)[:30]),
        "intentions": list(
            intentions.order_by(F("outcome_recorded_at").asc(nulls_first=True), "follow_up_on")[
                :100
            ]
        ),
        "today": timezone.localdate(),
        "calendar": calendar_links(request, "gatherings:my_calendar", [], feed_key_for(user)),
    }

"""The expertise pool, and the consents a request's time and expertise lines wait for.

Who may do what:

- any active person offers hours of expertise, and edits, closes and reopens
  their own offers; an offer never drops below the hours already promised;
- a member's line manager gives or refuses consent to a line releasing that
  member's time; an expert accepts or declines a line asking for their hours.
  Refusing needs a note, and a line is decided once, while its request awaits
  approval.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from convene.audit.models import record
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User
from convene.projects.models import Project
from convene.resources.inputs import (
    PENNY,
    in_pence,
    one_line,
    optional_text,
    required_line,
    stored_id,
)
from convene.resources.models import ExpertOffer, Kind, RequestLine, ResourceRequest, describe
from convene.resources.services import ResourceError

TOPIC_LIMIT = 200
DESCRIPTION_LIMIT = 4000
NOTE_LIMIT = 500
SEARCH_LIMIT = 100
LARGEST_HOURS = Decimal("10000")
Consent = RequestLine.Consent


# -- The pool ------------------------------------------------------------------------


def open_offers(search: str = "") -> QuerySet[ExpertOffer]:
    """Open offers with hours left, from active people, matching the search by topic."""
    offers = ExpertOffer.objects.filter(is_open=True, remaining__gt=0, expert__is_active=True)
    words = one_line(search)[:SEARCH_LIMIT]
    if words:
        offers = offers.filter(Q(topic__icontains=words) | Q(description__icontains=words))
    return offers.select_related("expert__org_unit")


def offers_of(user: User) -> QuerySet[ExpertOffer]:
    """A person's own offers, each with the request lines its hours were promised to."""
    promised = (
        RequestLine.objects.filter(allocation__isnull=False)
        .select_related("allocation", "request__project")
        .order_by("request__created_at", "id")
    )
    return ExpertOffer.objects.filter(expert=user).prefetch_related(
        Prefetch("lines", queryset=promised, to_attr="promised_lines")
    )


def get_offer_for_user(user: User | AnonymousUser, offer_id: uuid.UUID) -> ExpertOffer:
    """An offer in the pool, or one's own, closed or not; anything else is a 404."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        ExpertOffer.objects.filter(
            Q(expert=user) | Q(is_open=True, expert__is_active=True)
        ).select_related("expert__org_unit"),
        pk=offer_id,
    )


def promised(offer: ExpertOffer) -> Decimal:
    return offer.hours - offer.remaining


@transaction.atomic
def offer_expertise(*, actor: User, topic: str, description: str, hours: Decimal) -> ExpertOffer:
    """Offer hours of your expertise to community projects."""
    if not actor.is_active:
        raise ResourceError("Only active people offer expertise.")
    hours = _hours(hours)
    offer = ExpertOffer.objects.create(
        expert=actor,
        topic=required_line(topic, "topic", TOPIC_LIMIT),
        description=optional_text(description, "description", DESCRIPTION_LIMIT),
        hours=hours,
        remaining=hours,
    )
    record(actor, "resources.offer_made", offer, hours=str(hours))
    return offer


@transaction.atomic
def edit_offer(
    *, actor: User, offer: ExpertOffer, topic: str, description: str, hours: Decimal
) -> ExpertOffer:
    """Change your offer; its hours may rise, or fall as far as the hours already promised."""
    offer = _locked_own(actor, offer)
    hours = _hours(hours)
    already = promised(offer)
    if hours < already:
        raise ResourceError(
            f"You have already promised {describe(Kind.EXPERTISE, already)} of this offer, "
            f"so it cannot offer fewer than that."
        )
    difference = hours - offer.hours
    # Approvals take hours with a conditional update; moving ``remaining`` by the
    # difference keeps every promised hour promised.
    moved = ExpertOffer.objects.filter(
        pk=offer.pk, hours=offer.hours, remaining__gte=-difference
    ).update(
        hours=hours,
        remaining=F("remaining") + difference,
        topic=required_line(topic, "topic", TOPIC_LIMIT),
        description=optional_text(description, "description", DESCRIPTION_LIMIT),
    )
    if not moved:
        raise ResourceError("Your offer changed at the same moment; reload it and try again.")
    offer.refresh_from_db()
    record(actor, "resources.offer_edited", offer, hours=str(hours))
    return offer


@transaction.atomic
def close_offer(*, actor: User, offer: ExpertOffer) -> ExpertOffer:
    """Take your offer out of the pool; hours already promised stay promised."""
    return _set_open(actor, offer, False)


@transaction.atomic
def reopen_offer(*, actor: User, offer: ExpertOffer) -> ExpertOffer:
    """Put your closed offer back in the pool."""
    return _set_open(actor, offer, True)


def _set_open(actor: User, offer: ExpertOffer, is_open: bool) -> ExpertOffer:
    offer = _locked_own(actor, offer)
    if offer.is_open == is_open:
        raise ResourceError(f"This offer is already {'open' if is_open else 'closed'}.")
    offer.is_open = is_open
    offer.save(update_fields=["is_open"])
    record(actor, "resources.offer_reopened" if is_open else "resources.offer_closed", offer)
    return offer


def _locked_own(actor: User, offer: ExpertOffer) -> ExpertOffer:
    locked = ExpertOffer.objects.select_for_update().filter(pk=offer.pk).first()
    if locked is None:
        raise ResourceError("This offer no longer exists.")
    if locked.expert_id != actor.pk or not actor.is_active:
        raise ResourceError("Only the expert who made an offer changes it.")
    return locked


# -- Consents -------------------------------------------------------------------------


def _asked_of(user: User | AnonymousUser) -> Q:
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    return Q(kind=Kind.TIME, person__line_manager=user) | Q(kind=Kind.EXPERTISE, offer__expert=user)


def consents_for(user: User | AnonymousUser) -> QuerySet[RequestLine]:
    """Lines waiting for this person's consent, as line manager or as expert."""
    return (
        RequestLine.objects.filter(_asked_of(user))
        .filter(consent=Consent.PENDING, request__status=ResourceRequest.Status.SUBMITTED)
        .select_related("request__project__community", "request__requested_by", "person", "offer")
        .order_by("request__submitted_at", "request_id", "id")
    )


def projects_seen(user: User, lines: list[RequestLine]) -> set[uuid.UUID]:
    """Which of the lines' projects the person may see in full; one query."""
    projects = {line.request.project_id for line in lines}
    visible = Project.objects.visible_to(user).filter(pk__in=projects)
    return set(visible.values_list("pk", flat=True)) if projects else set()


def get_consent_line_for_user(user: User | AnonymousUser, line_id: int) -> RequestLine:
    """A line whose consent is this person's to give; anyone else gets a 404."""
    return get_object_or_404(
        RequestLine.objects.filter(_asked_of(user)).select_related(
            "request__project__community", "request__requested_by", "person", "offer"
        ),
        pk=stored_id(line_id),
    )


@transaction.atomic
def decide_consent(*, actor: User, line: RequestLine, give: bool, note: str = "") -> RequestLine:
    """Give or refuse consent to a line; refusing needs a note saying why."""
    note = optional_text(note, "note", NOTE_LIMIT)
    if not give and not note:
        raise ResourceError("Say why in a note when you refuse.")
    _require_asked(actor, line)
    request = _locked_request(line)
    _require_pending(line, request)
    if give and line.kind == Kind.EXPERTISE:
        _require_hours_left(line)
    if not _record_decision(actor, line, give, note):
        raise ResourceError(_why_not_pending(line, request))
    line.refresh_from_db()
    verb = "resources.consent_given" if give else "resources.consent_refused"
    record(actor, verb, request, line=line.pk, note=note)
    _tell_requester(actor, line, request)
    return line


def _locked_request(line: RequestLine) -> ResourceRequest:
    # Lock the request so a withdrawal, an approval or a second decision waits for this one.
    return ResourceRequest.objects.select_for_update().get(pk=line.request_id)


def _record_decision(actor: User, line: RequestLine, give: bool, note: str) -> bool:
    """Record the decision only if the line still waits for it; False when it does not."""
    # Conditional, so even without the lock (SQLite) a line is decided once.
    return bool(
        RequestLine.objects.filter(
            pk=line.pk, consent=Consent.PENDING, request__status=ResourceRequest.Status.SUBMITTED
        ).update(
            consent=Consent.GIVEN if give else Consent.REFUSED,
            consent_by=actor,
            consent_at=timezone.now(),
            consent_note=note,
        )
    )


def _require_asked(actor: User, line: RequestLine) -> None:
    if line.kind == Kind.TIME and line.person and line.person.line_manager_id == actor.pk:
        return
    if line.kind == Kind.EXPERTISE and line.offer and line.offer.expert_id == actor.pk:
        return
    raise ResourceError(
        "Only the line manager of the member whose time is asked for, or the expert whose "
        "hours are asked for, decides on this line."
    )


def _require_hours_left(line: RequestLine) -> None:
    left = ExpertOffer.objects.filter(lines=line).values_list("remaining", flat=True).first()
    left = left if left is not None else Decimal("0")
    if left < line.amount:
        raise ResourceError(
            f"Your offer has {describe(Kind.EXPERTISE, left)} left, fewer than the "
            f"{describe(Kind.EXPERTISE, line.amount)} asked for; raise your offer first."
        )


def _require_pending(line: RequestLine, request: ResourceRequest) -> None:
    stored = RequestLine.objects.values_list("consent", flat=True).get(pk=line.pk)
    if request.status != ResourceRequest.Status.SUBMITTED or stored != Consent.PENDING:
        raise ResourceError(_why_not_pending(line, request))


def _why_not_pending(line: RequestLine, request: ResourceRequest) -> str:
    if request.status != ResourceRequest.Status.SUBMITTED:
        return (
            f"This request is {request.get_status_display().lower()}, "
            "so it no longer waits for consent."
        )
    line.refresh_from_db()
    return f"This line is already decided: {line.get_consent_display().lower()}."


def consent_sentence(actor: User, line: RequestLine) -> str:
    amount = describe(line.kind, line.amount)
    title = line.request.project.title
    given = line.consent == Consent.GIVEN
    if line.kind == Kind.TIME:
        person = line.person.full_name if line.person else "a member"
        verb = "gave consent to" if given else "refused consent to"
        return f"{actor.full_name} {verb} releasing {amount} of {person}'s time for “{title}”."
    verb = "accepted" if given else "declined"
    return f"{actor.full_name} {verb} giving {amount} of expertise to “{title}”."


def _tell_requester(actor: User, line: RequestLine, request: ResourceRequest) -> None:
    project = line.request.project
    notify(
        recipient=line.request.requested_by,
        actor=actor,
        kind=Notification.Kind.RESOURCE,
        message=consent_sentence(actor, line),
        url=reverse("resources:request_detail", args=[request.pk]),
        key=f"resource-consent-decided:{line.pk}",
        community=project.community,
    )


# -- Shared checks ---------------------------------------------------------------------


def _hours(value: Decimal) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ResourceError("Give the hours as a number.")
    if value <= 0:
        raise ResourceError("Offer more than nothing: at least some hours.")
    if value > LARGEST_HOURS:
        raise ResourceError(f"Offer at most {describe(Kind.EXPERTISE, LARGEST_HOURS)}.")
    if not in_pence(value):
        raise ResourceError("Give the hours to at most two decimal places.")
    return value.quantize(PENNY)

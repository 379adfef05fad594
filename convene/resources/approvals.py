"""Deciding resource requests: the approval chain's steps, and committing what is approved.

Who decides is in ``convene.resources.requests`` (``refusal``, ``current_step``).
The last step's approval commits the approved amounts from the envelopes and
the experts' offers, under row locks and conditional updates, so concurrent
approvals can never take an envelope or an offer below nothing.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from convene.audit.models import record
from convene.people.models import User
from convene.resources.inputs import as_number, in_pence, optional_text
from convene.resources.models import (
    Allocation,
    Approval,
    Cap,
    Envelope,
    ExpertOffer,
    Kind,
    LedgerEntry,
    RequestLine,
    ResourceRequest,
    describe,
)
from convene.resources.requests import (
    ENVELOPE_NAMES,
    HEADINGS,
    MAY_RECEIVE,
    REASON_LIMIT,
    ZERO,
    Consent,
    Decision,
    Limits,
    Status,
    amounts_text,
    cap_problem,
    current_step,
    held_by,
    locked_request,
    refusal,
    require_open_project,
    steps,
    tell,
    tell_approvers,
    totals,
)
from convene.resources.services import ResourceError


@transaction.atomic
def decide(
    *,
    actor: User,
    request: ResourceRequest,
    step: str,
    decision: str,
    reason: str = "",
    approved: dict[int, Decimal] | None = None,
) -> ResourceRequest:
    """Take one step of the approval chain: approve, approve in part (lowering lines) or decline.

    The last step's approval commits the approved amounts from the envelopes.
    """
    request = locked_request(request)
    project = request.project
    require_open_project(project)
    if request.status != Status.SUBMITTED:
        raise ResourceError(
            f"This request is {request.get_status_display().lower()}, not awaiting a decision."
        )
    _require_turn(actor, request, step)
    if decision not in Decision.values:
        raise ResourceError("Approve, approve in part or decline.")
    reason = optional_text(reason, "reason", REASON_LIMIT)
    lines = list(request.lines.select_related("person__line_manager", "offer__expert"))
    if decision == Decision.DECLINED:
        return _decline(actor, request, step, reason)
    if decision == Decision.PARTLY:
        _lower(lines, approved or {}, reason)
    else:
        for line in lines:
            line.approved = _ceiling(line)
    Approval.objects.create(
        request=request, step=step, decision=decision, reason=reason, decided_by=actor
    )
    if step != steps(request)[-1]:
        RequestLine.objects.bulk_update(lines, ["approved"])
        record(actor, "resources.request_approved", request, step=step, decision=decision)
        tell_approvers(actor, request)
        return request
    return _approve_finally(actor, request, step, decision, lines)


def _decline(actor: User, request: ResourceRequest, step: str, reason: str) -> ResourceRequest:
    if not reason:
        raise ResourceError("Give a reason for declining the request.")
    Approval.objects.create(
        request=request, step=step, decision=Decision.DECLINED, reason=reason, decided_by=actor
    )
    request.status, request.decided_at = Status.DECLINED, timezone.now()
    request.save(update_fields=["status", "decided_at"])
    record(actor, "resources.request_declined", request, step=step, reason=reason)
    _tell_team(actor, request, "declined")
    return request


def _lower(lines: list[RequestLine], approved: dict[int, Decimal], reason: str) -> None:
    if not reason:
        raise ResourceError("Give a reason for approving the request in part.")
    if unknown := set(approved) - {line.pk for line in lines}:
        raise ResourceError(f"This request has no line with the id {min(unknown)}.")
    lowered = False
    for line in lines:
        ceiling = _ceiling(line)
        amount = as_number(approved.get(line.pk, ceiling))
        if amount is None or not ZERO <= amount <= ceiling or not in_pence(amount):
            raise ResourceError(
                f"Approve between nothing and {describe(line.kind, ceiling)} for “{line.purpose}”."
            )
        lowered |= amount < ceiling
        line.approved = amount
    if not lowered:
        raise ResourceError("Lower at least one line to approve in part, or approve in full.")


def _ceiling(line: RequestLine) -> Decimal:
    """The most a step may approve: what was asked, or what an earlier step approved."""
    return line.amount if line.approved is None else line.approved


def _approve_finally(
    actor: User, request: ResourceRequest, step: str, decision: str, lines: list[RequestLine]
) -> ResourceRequest:
    if request.project.status not in MAY_RECEIVE:
        raise ResourceError(
            "Resources are committed once the project is approved; "
            f"this one is {request.project.get_status_display().lower()}."
        )
    if waiting := [line for line in lines if line.consent == Consent.PENDING]:
        raise ResourceError(" ".join(_waiting_for(line) for line in waiting))
    for line in lines:
        if line.consent == Consent.REFUSED:
            line.approved = ZERO
    RequestLine.objects.bulk_update(lines, ["approved"])
    if not any(line.approved for line in lines):
        raise ResourceError("Nothing is left to approve in this request; decline it instead.")
    commit(actor, request, lines)
    whole = all(line.approved == line.amount for line in lines)
    request.status = Status.APPROVED if whole else Status.PARTLY_APPROVED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    record(actor, "resources.request_approved", request, step=step, decision=decision)
    _tell_team(actor, request, "approved" if whole else "partly_approved")
    return request


def _waiting_for(line: RequestLine) -> str:
    if line.kind == Kind.TIME:
        return f"Waiting for {line.person.full_name}'s line manager to consent."  # type: ignore[union-attr]
    return f"Waiting for {line.offer.expert.full_name} to accept the expert hours."  # type: ignore[union-attr]


def commit(actor: User, request: ResourceRequest, lines: list[RequestLine]) -> list[Allocation]:
    """Take the approved amounts from the envelopes and offers, and record each allocation.

    Runs inside the decision's transaction: if any envelope or offer cannot
    afford its part, the error undoes everything, so nothing is half-written.
    """
    granted = totals(request, approved=True)
    envelopes = lock_envelopes(request, list(granted))
    for kind, amount in granted.items():
        envelope = envelopes[kind]
        _require_within_cap(request, kind, amount)
        if not take(Envelope, envelope.pk, amount):
            raise ResourceError(_shortfall(request, kind, amount, envelope))
    _take_offers(lines)
    return [
        _allocate(actor, request, envelopes[line.kind], line) for line in lines if line.approved
    ]


def lock_envelopes(request: ResourceRequest, kinds: list[str]) -> dict[str, Envelope]:
    """Lock the community's envelopes for the kinds, in id order so approvals never deadlock."""
    envelopes = {
        envelope.kind: envelope
        for envelope in Envelope.objects.select_for_update()
        .filter(period=request.period_id, community=request.project.community_id, kind__in=kinds)
        .order_by("id")
    }
    for kind in kinds:
        if kind not in envelopes:
            raise ResourceError(
                f"{HEADINGS[kind]}: the community has no {ENVELOPE_NAMES[kind]} envelope for "
                f"{request.period}, so nothing can be committed."
            )
    return envelopes


def take(model: type[Envelope] | type[ExpertOffer], pk: Any, amount: Decimal) -> bool:
    """Lower a balance only if it still covers the amount; False when it does not."""
    # A conditional update: even without the row lock (SQLite), two approvals cannot both take
    # the last of a balance, because the second finds the condition no longer holds.
    return bool(
        model.objects.filter(pk=pk, remaining__gte=amount).update(remaining=F("remaining") - amount)
    )


def _take_offers(lines: list[RequestLine]) -> None:
    hours: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        if line.kind == Kind.EXPERTISE and line.approved:
            hours[line.offer_id] += line.approved  # type: ignore[index]
    offers = ExpertOffer.objects.select_for_update().filter(pk__in=hours).order_by("id")
    for offer in offers:
        if not take(ExpertOffer, offer.pk, hours[offer.pk]):
            raise ResourceError(
                f"Expert hours: approving this takes {describe(Kind.EXPERTISE, hours[offer.pk])} "
                f"of the offer “{offer.topic}”, which has "
                f"{describe(Kind.EXPERTISE, offer.remaining)} left: "
                f"{describe(Kind.EXPERTISE, hours[offer.pk] - offer.remaining)} short."
            )


def _require_within_cap(request: ResourceRequest, kind: str, amount: Decimal) -> None:
    # Checked again under the envelope's lock: another request for the same project may have
    # been approved since this one was submitted.
    cap = Cap.objects.filter(period=request.period_id, kind=kind).first()
    held = held_by(request.project, request.period, kind)
    if cap is not None and held + amount > cap.amount:
        raise ResourceError(
            cap_problem(request, kind, amount, Limits(envelope=None, cap=cap, held=held))[0]
        )


def _shortfall(request: ResourceRequest, kind: str, amount: Decimal, envelope: Envelope) -> str:
    left = Envelope.objects.values_list("remaining", flat=True).get(pk=envelope.pk)
    return (
        f"{HEADINGS[kind]}: approving this commits {describe(kind, amount)} but the community's "
        f"{ENVELOPE_NAMES[kind]} envelope for {request.period} has {describe(kind, left)} left: "
        f"{describe(kind, amount - left)} short."
    )


def _allocate(
    actor: User, request: ResourceRequest, envelope: Envelope, line: RequestLine
) -> Allocation:
    amount = line.approved or ZERO
    allocation = Allocation.objects.create(
        envelope=envelope, project=request.project, line=line, amount=amount, unspent=amount
    )
    LedgerEntry.objects.create(
        allocation=allocation,
        entry=LedgerEntry.Entry.COMMITMENT,
        amount=amount,
        description=line.purpose,
        actor=actor,
    )
    return allocation


# -- Shared checks ----------------------------------------------------------------------------


def _require_turn(actor: User, request: ResourceRequest, step: str) -> None:
    turn = current_step(request)
    if step not in steps(request):
        raise ResourceError(f"This request does not need the {step}'s approval.")
    if step != turn:
        raise ResourceError(
            f"The {step}'s step is already decided."
            if request.approvals.filter(step=step).exists()
            else f"The {turn} decides first."
        )
    if why := refusal(actor, request, step):
        raise ResourceError(why)


# -- Notifications ------------------------------------------------------------------------------


def _tell_team(actor: User, request: ResourceRequest, event: str) -> None:
    title = request.project.title
    granted = amounts_text(request, approved=True)
    message = {
        "approved": f"The request for “{title}” is approved: {granted}.",
        "partly_approved": f"The request for “{title}” is approved in part: {granted}.",
        "declined": f"The request for “{title}” was declined.",
    }[event]
    team = User.objects.active().filter(project_roles__project=request.project_id)
    people = {person.pk: person for person in team} | {
        request.requested_by_id: request.requested_by
    }
    for person in people.values():
        tell(person, actor, request, message, f"resource-{event}:{request.pk}")

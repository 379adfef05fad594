"""Resource requests: draft, check against the agreed parameters, submit, and who decides.

Who may do what:

- a project's leads draft a request while the project is proposed, approved or
  active, add and remove its lines while it is a draft, submit it and withdraw
  it before it is decided;
- before approvers see it, a request is checked against the community's
  envelopes for the period, the per-project caps and the experts' offers;
- the period's approval rules say who approves: the convenor step is taken by
  a convenor or co-convenor of the project's community, then the sponsor step
  by its sponsor (or an administrator when there is none). Nobody decides a
  request they made or one with a line naming them. The decisions themselves,
  and the commitment of what is approved, are in ``convene.resources.approvals``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from convene.audit.models import record
from convene.communities.models import Community, Membership
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User
from convene.projects.models import Project
from convene.projects.services import is_lead, is_member
from convene.resources.inputs import (
    LARGEST_AMOUNT,
    PENNY,
    as_number,
    in_pence,
    required_line,
    stored_id,
    without_controls,
)
from convene.resources.models import (
    Allocation,
    Approval,
    ApprovalRule,
    Cap,
    Envelope,
    ExpertOffer,
    Kind,
    Period,
    RequestLine,
    ResourceRequest,
    describe,
)
from convene.resources.services import ResourceError

SUMMARY_LIMIT = 4000
PURPOSE_LIMIT = 300
REASON_LIMIT = 2000
MAX_LINES = 50

Status = ResourceRequest.Status
Consent = RequestLine.Consent
Step = Approval.Step
Decision = Approval.Decision
ZERO = Decimal("0")

# Projects that may still ask for resources, and those that may be given them.
MAY_ASK = {Project.Status.PROPOSED, Project.Status.APPROVED, Project.Status.ACTIVE}
MAY_RECEIVE = {Project.Status.APPROVED, Project.Status.ACTIVE}

# How each kind is named at the start of a message, and inside one.
HEADINGS: dict[str, str] = {
    Kind.FUNDING: "Funding",
    Kind.TIME: "Released time",
    Kind.EXPERTISE: "Expert hours",
}
ENVELOPE_NAMES: dict[str, str] = {
    Kind.FUNDING: "funding",
    Kind.TIME: "released-time",
    Kind.EXPERTISE: "expert-hours",
}


# -- Who may see and do what -------------------------------------------------------------


def visible_requests(user: User | AnonymousUser) -> QuerySet[ResourceRequest]:
    """Requests of projects the person may see, and those they may decide or have decided.

    An administrator standing in for a sponsor sees that request even in a
    private community, but nothing else of the community: not its drafts, not
    its other requests, not its project pages.
    """
    if not user.is_authenticated or not user.is_active:
        return ResourceRequest.objects.none()
    decided = Approval.objects.filter(request=OuterRef("pk"), decided_by=user)
    visible = Q(project__in=Project.objects.visible_to(user)) | Q(Exists(decided))
    if user.is_administrator:
        visible |= Q(status=Status.SUBMITTED, needs_sponsor=True) & sponsor_stood_in_for()
    return ResourceRequest.objects.filter(visible)


def sponsor_stood_in_for() -> Q:
    """Requests whose sponsor step falls to administrators: no sponsor, or one who may not."""
    sponsor = OuterRef("project__community__sponsor")
    lines = RequestLine.objects.filter(request=OuterRef("pk"))
    return (
        Q(project__community__sponsor__isnull=True)
        | Q(project__community__sponsor__is_active=False)
        | Q(requested_by=F("project__community__sponsor"))
        | Q(Exists(lines.filter(Q(person=sponsor) | Q(offer__expert=sponsor))))
    )


def get_request_for_user(user: User | AnonymousUser, request_id: uuid.UUID) -> ResourceRequest:
    return get_object_or_404(
        visible_requests(user).select_related(
            "project__community__sponsor", "period", "requested_by"
        ),
        pk=request_id,
    )


def get_line(request: ResourceRequest, line_id: int) -> RequestLine:
    """One of the request's lines; a 404 for any other."""
    return get_object_or_404(request.lines.all(), pk=stored_id(line_id))


def may_draft(user: User, project: Project) -> bool:
    return project.status in MAY_ASK and is_lead(user, project)


def steps(request: ResourceRequest) -> list[str]:
    """The approval chain fixed at submission: the convenor first, then the sponsor."""
    chain: list[str] = [Step.CONVENOR] if request.needs_convenor else []
    return chain + ([Step.SPONSOR] if request.needs_sponsor else [])


def current_step(request: ResourceRequest) -> str | None:
    """The step awaiting a decision, or None once the request is no longer submitted."""
    if request.status != Status.SUBMITTED:
        return None
    decided = {approval.step for approval in request.approvals.all()}
    return next((step for step in steps(request) if step not in decided), None)


def named_in(request: ResourceRequest) -> set[int]:
    """The people a request's lines name: members whose time it asks for and experts."""
    lines = request.lines.exclude(kind=Kind.FUNDING)
    return {person or expert for person, expert in lines.values_list("person", "offer__expert")}


def refusal(user: User, request: ResourceRequest, step: str) -> str | None:
    """Why the person may not take this step of the request, or None if they may."""
    community = request.project.community
    if request.requested_by_id == user.pk:
        return "You made this request, so someone else approves it."
    if user.pk in named_in(request):
        return "A line of this request names you, so someone else approves it."
    if step == Step.CONVENOR and not community.is_led_by(user):
        return f"Only the convenors of {community} take the convenor's step."
    if step == Step.SPONSOR and not _may_sponsor(user, request):
        return f"Only the sponsor of {community} takes the sponsor's step."
    return None


def may_decide(user: User, request: ResourceRequest) -> bool:
    step = current_step(request)
    return step is not None and refusal(user, request, step) is None


def _may_sponsor(user: User, request: ResourceRequest) -> bool:
    sponsor = request.project.community.sponsor
    if sponsor is not None and sponsor.is_active and _free_to_decide(sponsor, request):
        return sponsor.pk == user.pk
    # With no sponsor, or one who made or is named in the request, administrators decide.
    return user.is_active and user.is_administrator


def _free_to_decide(person: User, request: ResourceRequest) -> bool:
    return person.pk != request.requested_by_id and person.pk not in named_in(request)


def awaiting(user: User) -> QuerySet[ResourceRequest]:
    """Submitted requests whose current step the person may take, oldest first."""
    if not user.is_authenticated or not user.is_active:
        return ResourceRequest.objects.none()
    decided = Approval.objects.filter(request=OuterRef("pk"))
    lines = RequestLine.objects.filter(request=OuterRef("pk"))
    convenor_turn = Q(
        needs_convenor=True,
        convenor_done=False,
        project__community__in=Community.objects.led_by(user),
    )
    sponsor_turn = Q(needs_sponsor=True, sponsor_done=False) & (
        Q(needs_convenor=False) | Q(convenor_done=True)
    )
    as_sponsor = Q(project__community__sponsor=user)
    if user.is_administrator:
        # Administrators stand in for a missing sponsor, or one who may not decide this request.
        as_sponsor |= sponsor_stood_in_for()
    return (
        ResourceRequest.objects.filter(status=Status.SUBMITTED)
        .annotate(
            convenor_done=Exists(decided.filter(step=Step.CONVENOR)),
            sponsor_done=Exists(decided.filter(step=Step.SPONSOR)),
            names_user=Exists(lines.filter(Q(person=user) | Q(offer__expert=user))),
        )
        .filter(convenor_turn | (sponsor_turn & as_sponsor))
        .exclude(requested_by=user)
        .exclude(names_user=True)
        .select_related("project__community", "period", "requested_by")
        .prefetch_related("lines")
        .order_by("submitted_at", "id")
    )


# -- Drafting ----------------------------------------------------------------------------


@transaction.atomic
def draft_request(*, actor: User, project: Project, summary: str) -> ResourceRequest:
    """Start a request for the current period, as a lead of the project."""
    project = _locked_project(project)
    _require_may_ask(actor, project)
    period = Period.objects.current().first()
    if period is None:
        raise ResourceError(
            "No period of agreed parameters covers today, so resources cannot be asked for yet. "
            "An administrator sets the periods."
        )
    request = ResourceRequest.objects.create(
        project=project,
        period=period,
        summary=_text(summary, "what the resources are for", SUMMARY_LIMIT),
        requested_by=actor,
    )
    record(actor, "resources.request_drafted", request, project=str(project.pk))
    return request


@transaction.atomic
def edit_summary(*, actor: User, request: ResourceRequest, summary: str) -> ResourceRequest:
    """Change what a draft request says the resources are for."""
    request = _locked_draft(actor, request)
    request.summary = _text(summary, "what the resources are for", SUMMARY_LIMIT)
    request.save(update_fields=["summary"])
    record(actor, "resources.request_edited", request)
    return request


@transaction.atomic
def add_line(
    *,
    actor: User,
    request: ResourceRequest,
    kind: str,
    amount: Decimal,
    purpose: str,
    person: User | None = None,
    offer: ExpertOffer | None = None,
) -> RequestLine:
    """Add funding, a member's released time or an expert's hours to a draft request."""
    request = _locked_draft(actor, request)
    if request.lines.count() >= MAX_LINES:
        raise ResourceError(f"A request has at most {MAX_LINES} lines.")
    line = RequestLine(
        request=request,
        kind=kind,
        amount=_amount(amount, kind),
        purpose=required_line(purpose, "purpose", PURPOSE_LIMIT),
    )
    if kind == Kind.TIME:
        line.person = _released(person, request.project)
    elif kind == Kind.EXPERTISE:
        line.offer = _offered(offer, line.amount)
    elif kind != Kind.FUNDING:
        raise ResourceError("Ask for funding, released time or expert hours.")
    line.save()
    record(actor, "resources.line_added", request, line=line.pk, kind=kind, amount=str(line.amount))
    return line


@transaction.atomic
def remove_line(*, actor: User, line: RequestLine) -> None:
    """Take a line out of a draft request."""
    request = _locked_draft(actor, line.request)
    deleted, _ = RequestLine.objects.filter(pk=line.pk, request=request).delete()
    if not deleted:
        raise ResourceError("This line is no longer part of the request.")
    record(actor, "resources.line_removed", request, line=line.pk)


def _released(person: User | None, project: Project) -> User:
    if person is None:
        raise ResourceError("Name the member whose time is released.")
    if not is_member(person, project.community):
        raise ResourceError(
            f"{person.full_name} is not a current member of {project.community}, "
            "so their time cannot be asked for."
        )
    if person.line_manager_id is None:
        raise ResourceError(
            f"{person.full_name} has no line manager recorded, so no one can consent to "
            "releasing their time. Ask them to add one to their profile."
        )
    return person


def _offered(offer: ExpertOffer | None, hours: Decimal) -> ExpertOffer:
    if offer is None:
        raise ResourceError("Choose an expert's offer from the pool of expertise.")
    if not offer.is_open:
        raise ResourceError(f"The offer “{offer.topic}” is closed to new requests.")
    if offer.remaining < hours:
        raise ResourceError(
            f"The offer “{offer.topic}” has {describe(Kind.EXPERTISE, offer.remaining)} left, "
            f"fewer than the {describe(Kind.EXPERTISE, hours)} asked."
        )
    return offer


# -- Checks against the agreed parameters ---------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """What a request's kinds face: the envelope left, and what the project holds under its cap."""

    envelope: Envelope | None
    cap: Cap | None
    held: Decimal


def totals(request: ResourceRequest, *, approved: bool = False) -> dict[str, Decimal]:
    """The sum asked (or approved) of each kind, in the order funding, time, expertise."""
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in request.lines.all():
        sums[line.kind] += (line.approved or ZERO) if approved else line.amount
    return {kind: sums[kind] for kind in Kind.values if sums[kind] > 0}


def limit_problems(request: ResourceRequest) -> list[str]:
    """Every limit the request would break, each naming the limit and by how much."""
    problems = []
    for kind, asked in totals(request).items():
        limits = _limits(request, kind)
        problems += _envelope_problem(request, kind, asked, limits.envelope)
        problems += cap_problem(request, kind, asked, limits)
    return problems + _offer_problems(request)


def _limits(request: ResourceRequest, kind: str) -> Limits:
    envelope = Envelope.objects.filter(
        period=request.period_id, community=request.project.community_id, kind=kind
    ).first()
    return Limits(
        envelope=envelope,
        cap=Cap.objects.filter(period=request.period_id, kind=kind).first(),
        held=held_by(request.project, request.period, kind),
    )


def held_by(project: Project, period: Period, kind: str) -> Decimal:
    """What the project holds of a kind in a period: its allocations less what was released."""
    held = Allocation.objects.filter(
        project=project, envelope__period=period, envelope__kind=kind
    ).aggregate(held=Sum(F("amount") - F("released")))["held"]
    return held or ZERO


def _envelope_problem(
    request: ResourceRequest, kind: str, asked: Decimal, envelope: Envelope | None
) -> list[str]:
    heading, period = HEADINGS[kind], request.period
    if envelope is None:
        return [
            f"{heading}: this request asks for {describe(kind, asked)} but the community has no "
            f"{ENVELOPE_NAMES[kind]} envelope for {period}: {describe(kind, asked)} over."
        ]
    if asked <= envelope.remaining:
        return []
    return [
        f"{heading}: this request asks for {describe(kind, asked)} but the community's "
        f"{ENVELOPE_NAMES[kind]} envelope for {period} has {describe(kind, envelope.remaining)} "
        f"left: {describe(kind, asked - envelope.remaining)} over."
    ]


def cap_problem(request: ResourceRequest, kind: str, asked: Decimal, limits: Limits) -> list[str]:
    if limits.cap is None or limits.held + asked <= limits.cap.amount:
        return []
    would_hold = limits.held + asked
    return [
        f"{HEADINGS[kind]}: with this request the project would hold {describe(kind, would_hold)} "
        f"({describe(kind, limits.held)} already given and {describe(kind, asked)} asked), but "
        f"the cap for {request.period} is {describe(kind, limits.cap.amount)} a project: "
        f"{describe(kind, would_hold - limits.cap.amount)} over."
    ]


def _offer_problems(request: ResourceRequest) -> list[str]:
    asked: dict[ExpertOffer, Decimal] = defaultdict(lambda: ZERO)
    for line in request.lines.filter(kind=Kind.EXPERTISE).select_related("offer__expert"):
        asked[line.offer] += line.amount  # type: ignore[index]
    problems = []
    for offer, hours in asked.items():
        if not offer.is_open:
            problems.append(f"Expert hours: the offer “{offer.topic}” is now closed.")
        elif hours > offer.remaining:
            problems.append(
                f"Expert hours: this request asks for {describe(Kind.EXPERTISE, hours)} of "
                f"{offer.expert.full_name}'s offer “{offer.topic}”, which has "
                f"{describe(Kind.EXPERTISE, offer.remaining)} left: "
                f"{describe(Kind.EXPERTISE, hours - offer.remaining)} over."
            )
    return problems


# -- The approval chain ----------------------------------------------------------------------


def chain_for(request: ResourceRequest) -> tuple[bool, bool]:
    """Whether the convenor and the sponsor must approve, by the period's rules for each kind."""
    rules = list(ApprovalRule.objects.filter(period=request.period_id).order_by("-above"))
    needs_convenor = needs_sponsor = False
    for kind, asked in totals(request).items():
        rule = next((r for r in rules if r.kind == kind and r.above < asked), None)
        # With no rule for an amount this small, the convenor approves.
        needs_convenor |= rule is None or rule.needs_convenor
        needs_sponsor |= rule is not None and rule.needs_sponsor
    return needs_convenor, needs_sponsor


def _convenors_free(request: ResourceRequest) -> bool:
    leaders = Membership.objects.current().leaders().filter(community=request.project.community)
    named = named_in(request) | {request.requested_by_id}
    return leaders.filter(user__is_active=True).exclude(user__in=named).exists()


# -- Submitting and withdrawing ------------------------------------------------------------


@transaction.atomic
def submit_request(*, actor: User, request: ResourceRequest) -> ResourceRequest:
    """Check a draft against the agreed parameters and put it to its approvers."""
    request = _locked_draft(actor, request)
    if not request.lines.exists():
        raise ResourceError("Add at least one line before submitting the request.")
    if problems := limit_problems(request):
        raise ResourceError(" ".join(problems))
    needs_convenor, needs_sponsor = chain_for(request)
    if needs_convenor and not _convenors_free(request):
        # The only convenors made the request or are named in it: the sponsor decides.
        needs_convenor, needs_sponsor = False, True
    request.needs_convenor, request.needs_sponsor = needs_convenor, needs_sponsor
    request.status, request.submitted_at = Status.SUBMITTED, timezone.now()
    request.save(update_fields=["needs_convenor", "needs_sponsor", "status", "submitted_at"])
    request.lines.filter(kind__in=[Kind.TIME, Kind.EXPERTISE]).update(consent=Consent.PENDING)
    record(actor, "resources.request_submitted", request, chain=steps(request))
    _ask_consents(actor, request)
    tell_approvers(actor, request)
    return request


@transaction.atomic
def withdraw_request(*, actor: User, request: ResourceRequest) -> ResourceRequest:
    """Withdraw a request before it is decided, as a lead of the project."""
    request = locked_request(request)
    project = _locked_project(request.project)
    if not is_lead(actor, project):
        raise ResourceError("Only the project's leads can withdraw its requests.")
    _require_undecided(request)
    request.status, request.decided_at = Status.WITHDRAWN, timezone.now()
    request.save(update_fields=["status", "decided_at"])
    record(actor, "resources.request_withdrawn", request)
    return request


# -- Notifications ------------------------------------------------------------------------------


def _ask_consents(actor: User, request: ResourceRequest) -> None:
    url = reverse("resources:consents")
    lines = request.lines.filter(consent=Consent.PENDING).select_related(
        "person__line_manager", "offer__expert"
    )
    for line in lines:
        if line.kind == Kind.TIME:
            recipient = line.person.line_manager  # type: ignore[union-attr]
            message = (
                f"“{request.project.title}” asks for {describe(line.kind, line.amount)} of "
                f"{line.person.full_name}'s time. Please consent or refuse."  # type: ignore[union-attr]
            )
        else:
            recipient = line.offer.expert  # type: ignore[union-attr]
            message = (
                f"“{request.project.title}” asks for {describe(line.kind, line.amount)} of your "
                f"offer “{line.offer.topic}”. Please accept or refuse."  # type: ignore[union-attr]
            )
        if recipient is not None:
            tell(recipient, actor, request, message, f"resource-consent:{line.pk}", url)


def request_url(request: ResourceRequest) -> str:
    return reverse("resources:request_detail", args=[request.pk])


def approvers(request: ResourceRequest, step: str) -> list[User]:
    """The people who may take a step of this request."""
    community = request.project.community
    if step == Step.CONVENOR:
        leaders = Membership.objects.current().leaders().filter(community=community)
        people = User.objects.active().filter(pk__in=leaders.values("user"))
    else:
        people = User.objects.active().filter(Q(pk=community.sponsor_id) | Q(is_administrator=True))
    return [person for person in people if refusal(person, request, step) is None]


def tell_approvers(actor: User, request: ResourceRequest) -> None:
    step = current_step(request)
    if step is None:
        return
    message = (
        f"{actor.full_name} asks for resources for “{request.project.title}”: "
        f"{amounts_text(request)}. Approve, approve in part or decline it."
    )
    for person in approvers(request, step):
        tell(person, actor, request, message, f"resource-{step}:{request.pk}")


def amounts_text(request: ResourceRequest, *, approved: bool = False) -> str:
    """The sums of each kind, as people read them: "£500.00, 12 hours"."""
    sums = totals(request, approved=approved)
    return ", ".join(describe(kind, amount) for kind, amount in sums.items()) or "nothing"


def tell(
    recipient: User, actor: User, request: ResourceRequest, message: str, key: str, url: str = ""
) -> None:
    community = request.project.community
    # Notifications tied to a private community are shown only to its members.
    readable = not community.is_private or is_member(recipient, community)
    notify(
        recipient=recipient,
        actor=actor,
        kind=Notification.Kind.RESOURCE,
        message=message,
        url=url or request_url(request),
        key=key[:120],
        community=community if readable else None,
    )


# -- Shared checks ----------------------------------------------------------------------------


def _locked_project(project: Project) -> Project:
    locked = Project.objects.select_for_update().filter(pk=project.pk).first()
    if locked is None:
        raise ResourceError("This project no longer exists.")
    locked.community = Community.objects.select_related("sponsor").get(pk=locked.community_id)
    return locked


def locked_request(request: ResourceRequest) -> ResourceRequest:
    locked = (
        ResourceRequest.objects.select_for_update(of=("self",))
        .select_related("project__community__sponsor", "period", "requested_by")
        .filter(pk=request.pk)
        .first()
    )
    if locked is None:
        raise ResourceError("This request no longer exists.")
    return locked


def _locked_draft(actor: User, request: ResourceRequest) -> ResourceRequest:
    request = locked_request(request)
    _require_may_ask(actor, request.project)
    if request.status != Status.DRAFT:
        raise ResourceError(
            f"This request is {request.get_status_display().lower()}, so it can no longer be "
            "changed. Start a new request instead."
        )
    return request


def require_open_project(project: Project) -> None:
    if project.is_ended:
        raise ResourceError(
            f"This project is {project.get_status_display().lower()}, so its resources "
            "can no longer change."
        )


def _require_may_ask(actor: User, project: Project) -> None:
    require_open_project(project)
    if project.status not in MAY_ASK:
        raise ResourceError("A project asks for resources once it is proposed.")
    if not is_lead(actor, project):
        raise ResourceError("Only the project's leads can ask for its resources.")


def _require_undecided(request: ResourceRequest) -> None:
    if request.is_decided:
        raise ResourceError(
            f"This request is {request.get_status_display().lower()}, so it can no longer change."
        )


def _amount(amount: object, kind: str) -> Decimal:
    value = as_number(amount)
    if value is None:
        raise ResourceError("Give the amount as a number.")
    if value <= 0:
        raise ResourceError("Ask for more than nothing.")
    if value > LARGEST_AMOUNT:
        raise ResourceError(f"Ask for at most {describe(kind, LARGEST_AMOUNT)}.")
    if not in_pence(value):
        raise ResourceError("Give the amount to at most two decimal places.")
    return value.quantize(PENNY)


def _text(value: str, what: str, limit: int) -> str:
    value = without_controls(value)
    if not value:
        raise ResourceError(f"Say {what}.")
    if len(value) > limit:
        raise ResourceError(f"Keep {what} to {limit} characters.")
    return value

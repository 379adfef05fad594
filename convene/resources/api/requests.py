"""Resource requests in the API: draft, add lines, submit, withdraw, decide, and the queue.

Every endpoint calls the same services as the pages; a request of a project the
person may not see is a 404, exactly as on the pages.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated

from django.db.models import QuerySet
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from convene.api.types import Text
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef
from convene.people.models import User
from convene.projects.access import get_project_for_user
from convene.resources import approvals
from convene.resources import requests as services
from convene.resources.api.schemas import ResourceKind
from convene.resources.models import Approval, ExpertOffer, RequestLine, ResourceRequest
from convene.resources.services import ResourceError

router = Router(tags=["Resources"])

Summary = Annotated[str, StringConstraints(max_length=services.SUMMARY_LIMIT), *Text.__metadata__]
Purpose = Annotated[str, StringConstraints(max_length=services.PURPOSE_LIMIT), *Text.__metadata__]
Reason = Annotated[str, StringConstraints(max_length=services.REASON_LIMIT), *Text.__metadata__]
Handle = Annotated[str, StringConstraints(max_length=60), *Text.__metadata__]


# -- Schemas ------------------------------------------------------------------------------


class DraftIn(Schema):
    project: uuid.UUID = Field(description="The id of a project you lead.")
    summary: Summary


class SummaryIn(Schema):
    summary: Summary


class LineIn(Schema):
    kind: ResourceKind
    amount: Decimal = Field(description="Pounds for funding; hours for time and expertise.")
    purpose: Purpose
    person: Handle | None = Field(None, description="Released time: a current member's handle.")
    offer: uuid.UUID | None = Field(None, description="Expert hours: the id of an open offer.")


class DecisionIn(Schema):
    decision: Approval.Decision
    reason: Reason = ""
    approved: dict[int, Decimal] = Field(
        default_factory=dict,
        description="To approve in part: the amount approved for each line id you lower.",
    )


class LineOut(Schema):
    id: int
    kind: str
    amount: Decimal
    approved: Decimal | None
    purpose: str
    person: PersonRef | None
    offer: uuid.UUID | None = Field(None, alias="offer_id")
    consent: str


class ApprovalOut(Schema):
    step: str
    decision: str
    reason: str
    decided_by: PersonRef
    decided_at: datetime.datetime


class RequestOut(Schema):
    id: uuid.UUID
    url: str
    project: uuid.UUID = Field(alias="project_id")
    period: str
    summary: str
    status: str
    requested_by: PersonRef
    needs_convenor: bool
    needs_sponsor: bool
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    lines: list[LineOut]

    @staticmethod
    def resolve_url(item: ResourceRequest) -> str:
        return services.request_url(item)

    @staticmethod
    def resolve_period(item: ResourceRequest) -> str:
        return item.period.name

    @staticmethod
    def resolve_lines(item: ResourceRequest) -> list[RequestLine]:
        return list(item.lines.all())


class RequestDetailOut(RequestOut):
    approvals: list[ApprovalOut]
    awaiting: str | None = Field(description="The step awaiting a decision, if any.")

    @staticmethod
    def resolve_approvals(item: ResourceRequest) -> list[Approval]:
        return list(item.approvals.select_related("decided_by"))

    @staticmethod
    def resolve_awaiting(item: ResourceRequest) -> str | None:
        return services.current_step(item)


# -- Helpers ------------------------------------------------------------------------------


def _listed(requests: QuerySet[ResourceRequest]) -> QuerySet[ResourceRequest]:
    return requests.select_related("period", "requested_by").prefetch_related("lines__person")


def _one(request: AuthenticatedRequest, request_id: uuid.UUID) -> ResourceRequest:
    return services.get_request_for_user(request.user, request_id)


def _member(handle: str | None) -> User | None:
    """The person with the handle; whether they may be released is the service's to say."""
    if handle is None:
        return None
    person = User.objects.active().filter(handle=handle.lstrip("@")).first()
    if person is None:
        raise ResourceError(f"No one has the handle “{handle}”.")
    return person


def _offer(offer_id: uuid.UUID | None) -> ExpertOffer | None:
    if offer_id is None:
        return None
    # Only offers in the pool: a closed offer's topic is its expert's own business.
    offer = ExpertOffer.objects.filter(pk=offer_id, is_open=True, expert__is_active=True).first()
    if offer is None:
        raise ResourceError("No offer in the pool of expertise has that id.")
    return offer


def _project_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


# -- Endpoints ----------------------------------------------------------------------------


@router.get("/resources/requests", response=list[RequestOut], summary="A project's requests")
@paginate
def request_list(request: AuthenticatedRequest, project: str) -> object:
    found = get_project_for_user(request.user, _project_id(project))
    return _listed(found.requests.order_by("-created_at", "id"))


@router.post("/resources/requests", response={201: RequestDetailOut}, summary="Draft a request")
def request_create(request: AuthenticatedRequest, body: DraftIn) -> ResourceRequest:
    project = get_project_for_user(request.user, body.project)
    draft = services.draft_request(actor=request.user, project=project, summary=body.summary)
    return _one(request, draft.pk)


@router.get(
    "/resources/requests/awaiting",
    response=list[RequestOut],
    summary="Requests awaiting your decision",
)
@paginate
def approval_queue(request: AuthenticatedRequest) -> object:
    return services.awaiting(request.user).prefetch_related("lines__person")


@router.get("/resources/requests/{request_id}", response=RequestDetailOut, summary="One request")
def request_detail(request: AuthenticatedRequest, request_id: uuid.UUID) -> ResourceRequest:
    return _one(request, request_id)


@router.put(
    "/resources/requests/{request_id}", response=RequestDetailOut, summary="Edit a draft's summary"
)
def request_edit(
    request: AuthenticatedRequest, request_id: uuid.UUID, body: SummaryIn
) -> ResourceRequest:
    found = _one(request, request_id)
    services.edit_summary(actor=request.user, request=found, summary=body.summary)
    return _one(request, request_id)


@router.post(
    "/resources/requests/{request_id}/lines", response={201: LineOut}, summary="Add a line"
)
def line_add(request: AuthenticatedRequest, request_id: uuid.UUID, body: LineIn) -> RequestLine:
    found = _one(request, request_id)
    return services.add_line(
        actor=request.user,
        request=found,
        kind=body.kind,
        amount=body.amount,
        purpose=body.purpose,
        person=_member(body.person),
        offer=_offer(body.offer),
    )


@router.delete(
    "/resources/requests/{request_id}/lines/{line_id}",
    response={204: None},
    summary="Remove a line",
)
def line_remove(request: AuthenticatedRequest, request_id: uuid.UUID, line_id: int) -> object:
    found = _one(request, request_id)
    line = services.get_line(found, line_id)
    services.remove_line(actor=request.user, line=line)
    return Status(204, None)


@router.post(
    "/resources/requests/{request_id}/submit",
    response=RequestDetailOut,
    summary="Check a draft against the limits and put it to its approvers",
)
def request_submit(request: AuthenticatedRequest, request_id: uuid.UUID) -> ResourceRequest:
    services.submit_request(actor=request.user, request=_one(request, request_id))
    return _one(request, request_id)


@router.post(
    "/resources/requests/{request_id}/withdraw",
    response=RequestDetailOut,
    summary="Withdraw a request before it is decided",
)
def request_withdraw(request: AuthenticatedRequest, request_id: uuid.UUID) -> ResourceRequest:
    services.withdraw_request(actor=request.user, request=_one(request, request_id))
    return _one(request, request_id)


@router.post(
    "/resources/requests/{request_id}/decide",
    response=RequestDetailOut,
    summary="Approve, approve in part or decline the step awaiting you",
)
def request_decide(
    request: AuthenticatedRequest, request_id: uuid.UUID, body: DecisionIn
) -> ResourceRequest:
    found = _one(request, request_id)
    step = services.current_step(found)
    if step is None:
        raise ResourceError("This request is not awaiting a decision.")
    approvals.decide(
        actor=request.user,
        request=found,
        step=step,
        decision=body.decision,
        reason=body.reason,
        approved=body.approved,
    )
    return _one(request, request_id)

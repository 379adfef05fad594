"""The ledger in the API: balances and entries of projects and communities, claims and hours.

Every endpoint calls the same services as the pages; a project or community the
person may not see is a 404, exactly as on the pages.
"""

import datetime
import uuid
from decimal import Decimal
from typing import Annotated

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import StringConstraints

from convene.api.types import Text
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef
from convene.projects.access import get_project_for_user
from convene.resources import ledger as services
from convene.resources.models import LedgerEntry, describe
from convene.resources.views.ledger import receipt_response

router = Router(tags=["Resources"])

Description = Annotated[
    str, StringConstraints(max_length=services.DESCRIPTION_LIMIT), *Text.__metadata__
]


# -- Schemas ------------------------------------------------------------------------------


class ProjectBalanceOut(Schema):
    kind: str
    allocated: Decimal
    spent: Decimal
    released: Decimal
    unspent: Decimal
    texts: dict[str, str]


class CommunityBalanceOut(Schema):
    kind: str
    has_envelope: bool
    total: Decimal
    committed: Decimal
    spent: Decimal
    remaining: Decimal
    texts: dict[str, str]


class CommunityBalancesOut(Schema):
    period: str | None
    balances: list[CommunityBalanceOut]


class EntryOut(Schema):
    id: int
    created_at: datetime.datetime
    project: uuid.UUID
    allocation: uuid.UUID = Field(alias="allocation_id")
    kind: str
    entry: str
    amount: Decimal
    amount_text: str
    description: str
    person: PersonRef | None
    worked_on: datetime.date | None
    recorded_by: PersonRef = Field(alias="actor")
    receipt_url: str | None = Field(
        None, description="Where people who see the project download the receipt, if any."
    )

    @staticmethod
    def resolve_project(item: LedgerEntry) -> uuid.UUID:
        return item.allocation.project_id

    @staticmethod
    def resolve_kind(item: LedgerEntry) -> str:
        return item.allocation.envelope.kind

    @staticmethod
    def resolve_amount_text(item: LedgerEntry) -> str:
        return describe(item.allocation.envelope.kind, item.amount)

    @staticmethod
    def resolve_receipt_url(item: LedgerEntry) -> str | None:
        if not item.receipt:
            return None
        return f"/api/v1/resources/projects/{item.allocation.project_id}/ledger/{item.pk}/receipt"


class HoursIn(Schema):
    allocation: uuid.UUID
    hours: Decimal = Field(description="Hours worked, more than nothing.")
    worked_on: datetime.date
    note: Description = ""


# -- Projects -----------------------------------------------------------------------------


@router.get(
    "/resources/projects/{project_id}/ledger/balances",
    response=list[ProjectBalanceOut],
    summary="A project's balances by kind",
)
def project_balances(
    request: AuthenticatedRequest, project_id: uuid.UUID
) -> list[services.ProjectBalance]:
    project = get_project_for_user(request.user, project_id)
    return services.project_balances(project)


@router.get(
    "/resources/projects/{project_id}/ledger",
    response=list[EntryOut],
    summary="A project's ledger, newest first",
)
@paginate
def project_ledger(request: AuthenticatedRequest, project_id: uuid.UUID) -> QuerySet[LedgerEntry]:
    project = get_project_for_user(request.user, project_id)
    return services.project_ledger(project)


@router.post(
    "/resources/projects/{project_id}/ledger/claims",
    response={201: EntryOut},
    summary="Claim spending from a funding allocation (multipart, optional receipt)",
)
def claim_create(
    request: AuthenticatedRequest,
    project_id: uuid.UUID,
    allocation: Form[uuid.UUID],
    description: Form[Description],
    amount: Form[Decimal],
    receipt: File[UploadedFile | None] = None,
) -> Status:
    project = get_project_for_user(request.user, project_id)
    entry = services.claim(
        actor=request.user,
        allocation=services.get_allocation(project, allocation),
        description=description,
        amount=amount,
        receipt=receipt,
    )
    return Status(201, entry)


@router.post(
    "/resources/projects/{project_id}/ledger/hours",
    response={201: EntryOut},
    summary="Log released time or expert hours",
)
def hours_log(request: AuthenticatedRequest, project_id: uuid.UUID, body: HoursIn) -> Status:
    project = get_project_for_user(request.user, project_id)
    entry = services.log_hours(
        actor=request.user,
        allocation=services.get_allocation(project, body.allocation),
        hours=body.hours,
        worked_on=body.worked_on,
        note=body.note,
    )
    return Status(201, entry)


@router.get(
    "/resources/projects/{project_id}/ledger/{entry_id}/receipt",
    response={200: None},
    summary="Download a claim's receipt",
)
def receipt(request: AuthenticatedRequest, project_id: uuid.UUID, entry_id: int) -> FileResponse:
    project = get_project_for_user(request.user, project_id)
    entry = services.get_receipt_for_user(request.user, entry_id)
    if entry.allocation.project_id != project.pk:
        raise Http404
    return receipt_response(entry)


# -- Communities --------------------------------------------------------------------------


@router.get(
    "/resources/communities/{slug}/balances",
    response=CommunityBalancesOut,
    summary="A community's balances by kind for a period (the current one unless asked)",
)
def community_balances(
    request: AuthenticatedRequest, slug: str, period: str | None = None
) -> dict[str, object]:
    community = services.get_community_for_user(request.user, slug)
    chosen = services.chosen_period(community, period)
    return {
        "period": chosen.name if chosen else None,
        "balances": services.community_balances(community, chosen),
    }


@router.get(
    "/resources/communities/{slug}/ledger",
    response=list[EntryOut],
    summary="A community's ledger for a period, newest first",
)
@paginate
def community_ledger(
    request: AuthenticatedRequest, slug: str, period: str | None = None
) -> QuerySet[LedgerEntry]:
    community = services.get_community_for_user(request.user, slug)
    chosen = services.chosen_period(community, period)
    return services.community_ledger(community, chosen, request.user)

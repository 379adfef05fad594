"""Allocation rounds in the API: list, open, enter, pledge and close.

Every endpoint calls the same services as the pages; a round of a community the
person may not read is a 404, exactly as on the pages.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated

from django.db.models import Prefetch
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from convene.api.types import Text
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef
from convene.projects.access import get_project_for_user
from convene.resources import rounds as services
from convene.resources.models import AllocationRound, Pledge, RoundBudget, RoundEntry

router = Router(tags=["Resources"])

Title = Annotated[str, StringConstraints(max_length=services.TITLE_LIMIT), *Text.__metadata__]


# -- Schemas ------------------------------------------------------------------------------


class OpenIn(Schema):
    community: str = Field(description="The slug of a community you convene.")
    title: Title
    pot: Decimal = Field(description="Pounds shared out among the members.")
    closes_on: datetime.date = Field(description="Pledges are taken until the day before.")


class EntryIn(Schema):
    project: uuid.UUID = Field(description="The id of a project of the community you lead.")
    minimum: Decimal
    target: Decimal


class PledgeIn(Schema):
    amount: Decimal = Field(description="What you give the entry in all; 0 takes it back.")


class PledgeOut(Schema):
    member: PersonRef
    amount: Decimal


class EntryOut(Schema):
    id: int
    project: uuid.UUID = Field(alias="project_id")
    project_title: str
    minimum: Decimal
    target: Decimal
    pledged: Decimal
    funded: Decimal | None = Field(None, description="What the entry was given when it closed.")
    pledges: list[PledgeOut]

    @staticmethod
    def resolve_project_title(item: RoundEntry) -> str:
        return item.project.title

    @staticmethod
    def resolve_funded(item: RoundEntry) -> Decimal | None:
        allocation = getattr(item, "allocation", None)
        return allocation.amount if allocation else None

    @staticmethod
    def resolve_pledges(item: RoundEntry) -> list[Pledge]:
        return list(item.pledges.all())


class BudgetOut(Schema):
    amount: Decimal
    remaining: Decimal


class RoundOut(Schema):
    id: uuid.UUID
    url: str
    community: str
    period: str
    title: str
    pot: Decimal
    status: str
    closes_on: datetime.date
    opened_by: PersonRef
    created_at: datetime.datetime
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_url(item: AllocationRound) -> str:
        return services.round_url(item)

    @staticmethod
    def resolve_community(item: AllocationRound) -> str:
        return item.envelope.community.slug

    @staticmethod
    def resolve_period(item: AllocationRound) -> str:
        return item.envelope.period.name


class RoundDetailOut(RoundOut):
    my_budget: BudgetOut | None = Field(description="Your budget in the round, if you have one.")
    entries: list[EntryOut]

    @staticmethod
    def resolve_my_budget(item: AllocationRound) -> RoundBudget | None:
        return item.my_budget  # type: ignore[attr-defined]

    @staticmethod
    def resolve_entries(item: AllocationRound) -> list[RoundEntry]:
        return item.listed_entries  # type: ignore[attr-defined]


class ClosedOut(RoundDetailOut):
    not_funded: dict[int, str] = Field(description="Why each entry not funded got nothing.")


# -- Helpers ------------------------------------------------------------------------------


def _detail(request: AuthenticatedRequest, round_id: uuid.UUID) -> AllocationRound:
    round_ = services.get_round_for_user(request.user, round_id)
    pledges = Pledge.objects.select_related("member").order_by("-amount", "id")
    entries = (
        round_.entries.select_related("project", "allocation")
        .prefetch_related(Prefetch("pledges", queryset=pledges))
        .order_by("project__title", "id")
    )
    round_.my_budget = RoundBudget.objects.filter(round=round_, member=request.user).first()  # type: ignore[attr-defined]
    round_.listed_entries = list(entries)  # type: ignore[attr-defined]
    return round_


# -- Endpoints ----------------------------------------------------------------------------


@router.get("/resources/rounds", response=list[RoundOut], summary="A community's rounds")
@paginate
def round_list(request: AuthenticatedRequest, community: str) -> object:
    found = services.get_community_for_user(request.user, community)
    return services.for_list(AllocationRound.objects.filter(envelope__community=found))


@router.post("/resources/rounds", response={201: RoundDetailOut}, summary="Open a round")
def round_open(request: AuthenticatedRequest, body: OpenIn) -> Status[AllocationRound]:
    community = services.get_community_for_user(request.user, body.community)
    opened = services.open_round(
        actor=request.user,
        community=community,
        title=body.title,
        pot=body.pot,
        closes_on=body.closes_on,
    )
    return Status(201, _detail(request, opened.pk))


@router.get("/resources/rounds/{round_id}", response=RoundDetailOut, summary="One round")
def round_detail(request: AuthenticatedRequest, round_id: uuid.UUID) -> AllocationRound:
    return _detail(request, round_id)


@router.post(
    "/resources/rounds/{round_id}/entries",
    response={201: RoundDetailOut},
    summary="Enter a project you lead",
)
def entry_add(
    request: AuthenticatedRequest, round_id: uuid.UUID, body: EntryIn
) -> Status[AllocationRound]:
    round_ = services.get_round_for_user(request.user, round_id)
    project = get_project_for_user(request.user, body.project)
    services.add_entry(
        actor=request.user,
        round=round_,
        project=project,
        minimum=body.minimum,
        target=body.target,
    )
    return Status(201, _detail(request, round_id))


@router.delete(
    "/resources/rounds/{round_id}/entries/{entry_id}",
    response={204: None},
    summary="Take a project out of the round while nothing is pledged",
)
def entry_remove(request: AuthenticatedRequest, round_id: uuid.UUID, entry_id: int) -> object:
    round_ = services.get_round_for_user(request.user, round_id)
    services.remove_entry(actor=request.user, entry=services.get_entry(round_, entry_id))
    return Status(204, None)


@router.put(
    "/resources/rounds/{round_id}/entries/{entry_id}/pledge",
    response=RoundDetailOut,
    summary="Set your pledge to an entry (0 takes it back)",
)
def pledge(
    request: AuthenticatedRequest, round_id: uuid.UUID, entry_id: int, body: PledgeIn
) -> AllocationRound:
    round_ = services.get_round_for_user(request.user, round_id)
    entry = services.get_entry(round_, entry_id)
    services.pledge(actor=request.user, entry=entry, amount=body.amount)
    return _detail(request, round_id)


@router.post(
    "/resources/rounds/{round_id}/close",
    response=ClosedOut,
    summary="Close the round and fund the entries that reached their minimum",
)
def round_close(request: AuthenticatedRequest, round_id: uuid.UUID) -> AllocationRound:
    round_ = services.get_round_for_user(request.user, round_id)
    outcome = services.close_round(actor=request.user, round=round_)
    closed = _detail(request, round_id)
    closed.not_funded = {entry.pk: why for entry, why in outcome.unfunded}  # type: ignore[attr-defined]
    return closed

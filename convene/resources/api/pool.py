"""The expertise pool and consents over the API, through the same services as the pages."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from convene.api.types import Text
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef
from convene.resources import pool as services
from convene.resources.models import ExpertOffer, RequestLine, describe

router = Router(tags=["Resources"])

Topic = Annotated[str, StringConstraints(max_length=services.TOPIC_LIMIT), *Text.__metadata__]
Description = Annotated[
    str, StringConstraints(max_length=services.DESCRIPTION_LIMIT), *Text.__metadata__
]
Note = Annotated[str, StringConstraints(max_length=services.NOTE_LIMIT), *Text.__metadata__]
Hours = Annotated[Decimal, Field(max_digits=8, decimal_places=2)]


class OfferIn(Schema):
    topic: Topic
    description: Description = ""
    hours: Hours


class OfferPatch(Schema):
    topic: Topic | None = None
    description: Description | None = None
    hours: Hours | None = None


class OfferOut(Schema):
    id: uuid.UUID
    topic: str
    description: str
    expert: PersonRef
    unit: str | None
    hours: Decimal
    remaining: Decimal
    is_open: bool
    created_at: datetime.datetime

    @staticmethod
    def resolve_unit(offer: ExpertOffer) -> str | None:
        return offer.expert.org_unit.name if offer.expert.org_unit else None


class ConsentIn(Schema):
    give: bool
    note: Note = ""


class ConsentOut(Schema):
    id: int
    kind: str
    amount: Decimal
    text: str
    purpose: str
    person: PersonRef | None
    offer: uuid.UUID | None = Field(alias="offer_id")
    request: uuid.UUID = Field(alias="request_id")
    project: str
    community: str
    requested_by: PersonRef
    consent: str
    consent_note: str

    @staticmethod
    def resolve_text(line: RequestLine) -> str:
        return describe(line.kind, line.amount)

    @staticmethod
    def resolve_project(line: RequestLine) -> str:
        return line.request.project.title

    @staticmethod
    def resolve_community(line: RequestLine) -> str:
        return line.request.project.community.name

    @staticmethod
    def resolve_requested_by(line: RequestLine) -> object:
        return line.request.requested_by


# -- The pool ------------------------------------------------------------------------


@router.get("/resources/pool", response=list[OfferOut], summary="Open offers of expertise")
@paginate
def offer_list(
    request: AuthenticatedRequest, search: str = "", mine: bool = False
) -> QuerySet[ExpertOffer]:
    if mine:
        return ExpertOffer.objects.filter(expert=request.user).select_related("expert__org_unit")
    return services.open_offers(search)


@router.post("/resources/pool", response={201: OfferOut}, summary="Offer your expertise")
def offer_create(request: AuthenticatedRequest, body: OfferIn) -> Status[ExpertOffer]:
    offer = services.offer_expertise(actor=request.user, **body.dict())
    return Status(201, services.get_offer_for_user(request.user, offer.pk))


@router.get("/resources/pool/{offer_id}", response=OfferOut, summary="One offer")
def offer_detail(request: AuthenticatedRequest, offer_id: uuid.UUID) -> ExpertOffer:
    return services.get_offer_for_user(request.user, offer_id)


@router.patch("/resources/pool/{offer_id}", response=OfferOut, summary="Change your offer")
def offer_update(
    request: AuthenticatedRequest, offer_id: uuid.UUID, body: OfferPatch
) -> ExpertOffer:
    offer = services.get_offer_for_user(request.user, offer_id)
    data: dict[str, Any] = {name: getattr(offer, name) for name in OfferIn.model_fields}
    data |= body.dict(exclude_none=True)
    services.edit_offer(actor=request.user, offer=offer, **data)
    return services.get_offer_for_user(request.user, offer_id)


@router.post("/resources/pool/{offer_id}/close", response=OfferOut, summary="Close your offer")
def offer_close(request: AuthenticatedRequest, offer_id: uuid.UUID) -> ExpertOffer:
    offer = services.get_offer_for_user(request.user, offer_id)
    services.close_offer(actor=request.user, offer=offer)
    return services.get_offer_for_user(request.user, offer_id)


@router.post("/resources/pool/{offer_id}/reopen", response=OfferOut, summary="Reopen your offer")
def offer_reopen(request: AuthenticatedRequest, offer_id: uuid.UUID) -> ExpertOffer:
    offer = services.get_offer_for_user(request.user, offer_id)
    services.reopen_offer(actor=request.user, offer=offer)
    return services.get_offer_for_user(request.user, offer_id)


# -- Consents -------------------------------------------------------------------------


@router.get("/resources/consents", response=list[ConsentOut], summary="Consents asked of you")
def consent_list(request: AuthenticatedRequest) -> list[RequestLine]:
    return list(services.consents_for(request.user))


@router.post("/resources/consents/{line_id}", response=ConsentOut, summary="Give or refuse consent")
def consent_decide(request: AuthenticatedRequest, line_id: int, body: ConsentIn) -> RequestLine:
    line = services.get_consent_line_for_user(request.user, line_id)
    return services.decide_consent(actor=request.user, line=line, give=body.give, note=body.note)

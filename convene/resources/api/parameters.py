"""The agreed parameters over the API: everyone reads them, administrators set them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from convene.api.types import Text
from convene.communities.models import Community
from convene.lib.http import AuthenticatedRequest
from convene.resources import parameters as services
from convene.resources.api.schemas import ResourceKind
from convene.resources.inputs import stored_id
from convene.resources.models import ApprovalRule, Cap, Envelope, Period, describe
from convene.resources.services import ResourceError

router = Router(tags=["Resources"])

Name = Annotated[str, StringConstraints(max_length=services.NAME_LIMIT), *Text.__metadata__]
Handle = Annotated[str, StringConstraints(max_length=60), *Text.__metadata__]
Amount = Annotated[Decimal, Field(max_digits=12, decimal_places=2)]


# -- Schemas ------------------------------------------------------------------------------


class PeriodIn(Schema):
    name: Name
    starts_on: datetime.date
    ends_on: datetime.date
    round_share: int = Field(0, ge=0, le=100)


class PeriodPatch(Schema):
    name: Name | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    round_share: int | None = Field(None, ge=0, le=100)


class PeriodOut(Schema):
    id: int
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    round_share: int


class EnvelopeIn(Schema):
    community: Handle = Field(description="The community's slug.")
    kind: ResourceKind
    total: Amount


class TotalIn(Schema):
    total: Amount


class EnvelopeOut(Schema):
    id: int
    community: str
    kind: str
    total: Decimal
    remaining: Decimal
    committed: Decimal
    text: str

    @staticmethod
    def resolve_community(envelope: Envelope) -> str:
        return envelope.community.slug

    @staticmethod
    def resolve_committed(envelope: Envelope) -> Decimal:
        return services.committed(envelope)

    @staticmethod
    def resolve_text(envelope: Envelope) -> str:
        return (
            f"{describe(envelope.kind, envelope.total)}, of which "
            f"{describe(envelope.kind, envelope.remaining)} remains"
        )


class CapIn(Schema):
    kind: ResourceKind
    amount: Amount


class CapOut(Schema):
    kind: str
    amount: Decimal
    text: str

    @staticmethod
    def resolve_text(cap: Cap) -> str:
        return services.describe_cap(cap)


class RuleIn(Schema):
    kind: ResourceKind
    above: Amount = Decimal("0")
    needs_convenor: bool = True
    needs_sponsor: bool = False


class RulePatch(Schema):
    needs_convenor: bool | None = None
    needs_sponsor: bool | None = None


class CapPatch(Schema):
    amount: Amount


class RuleOut(Schema):
    id: int
    kind: str
    above: Decimal
    needs_convenor: bool
    needs_sponsor: bool
    text: str

    @staticmethod
    def resolve_text(rule: ApprovalRule) -> str:
        return services.describe_rule(rule)


class ParametersOut(Schema):
    period: PeriodOut | None
    may_edit: bool
    caps: list[CapOut]
    rules: list[RuleOut]
    envelopes: list[EnvelopeOut]


# -- Reading ----------------------------------------------------------------------------


@router.get(
    "/resources/parameters",
    response=ParametersOut,
    summary="The agreed parameters of the current period, or of another for administrators",
)
def parameters_detail(request: AuthenticatedRequest, period: int | None = None) -> dict:
    chosen = (
        services.get_period_for_user(request.user, period)
        if period is not None
        else services.current_period()
    )
    found: dict = {
        "period": chosen,
        "may_edit": services.may_set_parameters(request.user),
        "caps": [],
        "rules": [],
        "envelopes": [],
    }
    if chosen is not None:
        found["caps"] = list(chosen.caps.all())
        found["rules"] = list(chosen.approval_rules.all())
        found["envelopes"] = list(services.envelopes_visible_to(request.user, chosen))
    return found


@router.get(
    "/resources/parameters/periods",
    response=list[PeriodOut],
    summary="Every period (administrators), or the current one",
)
def period_list(request: AuthenticatedRequest) -> list[Period]:
    if services.may_set_parameters(request.user):
        return list(Period.objects.all())
    current = services.current_period()
    return [current] if current else []


# -- Setting (administrators) ---------------------------------------------------------


def _period(request: AuthenticatedRequest, period_id: int) -> Period:
    return services.get_period_for_user(request.user, period_id)


@router.post("/resources/parameters/periods", response={201: PeriodOut}, summary="Add a period")
def period_create(request: AuthenticatedRequest, body: PeriodIn) -> Status[Period]:
    return Status(201, services.create_period(actor=request.user, **body.dict()))


@router.patch(
    "/resources/parameters/periods/{period_id}", response=PeriodOut, summary="Change a period"
)
def period_update(request: AuthenticatedRequest, period_id: int, body: PeriodPatch) -> Period:
    period = _period(request, period_id)
    data = {name: getattr(period, name) for name in PeriodIn.model_fields}
    data |= body.dict(exclude_none=True)
    return services.edit_period(actor=request.user, period=period, **data)


@router.post(
    "/resources/parameters/periods/{period_id}/envelopes",
    response=EnvelopeOut,
    summary="Set a community's envelope of one kind",
)
def envelope_set(request: AuthenticatedRequest, period_id: int, body: EnvelopeIn) -> Envelope:
    period = _period(request, period_id)
    # Refused before the slug is looked up, so the answer never tells whether a private one exists.
    services.require_administrator(request.user)
    community = Community.objects.filter(slug=body.community).first()
    if community is None:
        raise ResourceError(f"No community has the slug “{body.community}”.")
    return services.set_envelope(
        actor=request.user, period=period, community=community, kind=body.kind, total=body.total
    )


@router.patch(
    "/resources/parameters/periods/{period_id}/envelopes/{envelope_id}",
    response=EnvelopeOut,
    summary="Change an envelope's total",
)
def envelope_update(
    request: AuthenticatedRequest, period_id: int, envelope_id: int, body: TotalIn
) -> Envelope:
    period = _period(request, period_id)
    envelope = get_object_or_404(
        services.envelopes_visible_to(request.user, period),
        pk=stored_id(envelope_id),
    )
    return services.set_envelope(
        actor=request.user,
        period=period,
        community=envelope.community,
        kind=envelope.kind,
        total=body.total,
    )


@router.post(
    "/resources/parameters/periods/{period_id}/caps",
    response=CapOut,
    summary="Set the most one project may be given of a kind",
)
def cap_set(request: AuthenticatedRequest, period_id: int, body: CapIn) -> Cap | None:
    period = _period(request, period_id)
    return services.set_cap(actor=request.user, period=period, kind=body.kind, amount=body.amount)


@router.patch(
    "/resources/parameters/periods/{period_id}/caps/{kind}",
    response=CapOut,
    summary="Change a cap",
)
def cap_update(
    request: AuthenticatedRequest, period_id: int, kind: str, body: CapPatch
) -> Cap | None:
    period = _period(request, period_id)
    return services.set_cap(actor=request.user, period=period, kind=kind, amount=body.amount)


@router.delete(
    "/resources/parameters/periods/{period_id}/caps/{kind}",
    response={204: None},
    summary="Remove a cap",
)
def cap_remove(request: AuthenticatedRequest, period_id: int, kind: str) -> Status[None]:
    period = _period(request, period_id)
    services.set_cap(actor=request.user, period=period, kind=kind, amount=None)
    return Status(204, None)


@router.post(
    "/resources/parameters/periods/{period_id}/rules",
    response={201: RuleOut},
    summary="Add an approval rule",
)
def rule_add(request: AuthenticatedRequest, period_id: int, body: RuleIn) -> Status[ApprovalRule]:
    period = _period(request, period_id)
    return Status(201, services.add_rule(actor=request.user, period=period, **body.dict()))


@router.patch(
    "/resources/parameters/periods/{period_id}/rules/{rule_id}",
    response=RuleOut,
    summary="Change who approves under a rule",
)
def rule_update(
    request: AuthenticatedRequest, period_id: int, rule_id: int, body: RulePatch
) -> ApprovalRule:
    rule = services.get_rule(_period(request, period_id), rule_id)
    needs_convenor, needs_sponsor = body.needs_convenor, body.needs_sponsor
    return services.change_rule(
        actor=request.user,
        rule=rule,
        needs_convenor=rule.needs_convenor if needs_convenor is None else needs_convenor,
        needs_sponsor=rule.needs_sponsor if needs_sponsor is None else needs_sponsor,
    )


@router.delete(
    "/resources/parameters/periods/{period_id}/rules/{rule_id}",
    response={204: None},
    summary="Remove an approval rule",
)
def rule_remove(request: AuthenticatedRequest, period_id: int, rule_id: int) -> Status[None]:
    period = _period(request, period_id)
    services.remove_rule(actor=request.user, rule=services.get_rule(period, rule_id))
    return Status(204, None)

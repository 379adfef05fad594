"""The agreed parameters: administrators set each period's envelopes, caps and approval rules.

Who may do what:

- administrators create and edit periods, set each community's envelopes, the
  per-project caps and the approval rules;
- everyone signed in reads the current period's caps and approval rules, and
  the envelopes of the communities they read or sponsor (administrators: all).

An envelope's total changes while approvals may be taking from it, so the
row is locked and its remaining balance moves by the difference in one
conditional update: what projects already hold is never given away twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404

from convene.audit.models import record
from convene.communities.models import Community
from convene.people.models import User
from convene.resources.inputs import LARGEST_AMOUNT, PENNY, in_pence, stored_id
from convene.resources.models import ApprovalRule, Cap, Envelope, Kind, Period, describe
from convene.resources.services import ResourceError

NAME_LIMIT = 100


# -- Who may do what ---------------------------------------------------------------


def may_set_parameters(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_administrator)


def require_administrator(actor: User) -> None:
    if not may_set_parameters(actor):
        raise ResourceError("Only administrators set the agreed parameters.")


# -- Reading ----------------------------------------------------------------------------


def current_period() -> Period | None:
    return Period.objects.current().order_by("-starts_on", "id").first()


def get_period_for_user(user: User | AnonymousUser, period_id: int) -> Period:
    """A period a person may read: any for administrators, otherwise only the current one."""
    period = Period.objects.filter(pk=stored_id(period_id)).first()
    current = current_period()
    if period is None or not (may_set_parameters(user) or period == current):
        raise Http404
    return period


def readable_communities(user: User | AnonymousUser) -> QuerySet[Community]:
    """Communities whose parameters a person may see: read, sponsored, or all for administrators."""
    if may_set_parameters(user):
        return Community.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Community.objects.none()
    readable = Community.objects.readable_by(user).values("pk")
    return Community.objects.filter(Q(pk__in=readable) | Q(sponsor=user))


def envelopes_visible_to(user: User | AnonymousUser, period: Period) -> QuerySet[Envelope]:
    return (
        Envelope.objects.filter(period=period, community__in=readable_communities(user))
        .select_related("community")
        .order_by("community__name", "community_id", "kind")
    )


@dataclass
class EnvelopeCell:
    """One envelope's figures as people read them."""

    envelope: Envelope

    @property
    def total(self) -> str:
        return describe(self.envelope.kind, self.envelope.total)

    @property
    def remaining(self) -> str:
        return describe(self.envelope.kind, self.envelope.remaining)

    @property
    def committed(self) -> str:
        return describe(self.envelope.kind, committed(self.envelope))


@dataclass
class CommunityEnvelopes:
    """One community's envelopes in a period, by kind, for a table row."""

    community: Community
    by_kind: dict[str, Envelope] = field(default_factory=dict)

    @property
    def cells(self) -> list[EnvelopeCell | None]:
        found = (self.by_kind.get(kind) for kind in Kind.values)
        return [EnvelopeCell(envelope) if envelope else None for envelope in found]


def envelope_table(envelopes: QuerySet[Envelope]) -> list[CommunityEnvelopes]:
    """Envelopes grouped into one row per community, in the order they come."""
    rows: dict[int, CommunityEnvelopes] = {}
    for envelope in envelopes:
        row = rows.setdefault(envelope.community_id, CommunityEnvelopes(envelope.community))
        row.by_kind[envelope.kind] = envelope
    return list(rows.values())


def describe_rule(rule: ApprovalRule) -> str:
    """A rule as a sentence, e.g. "Funding above £500.00: the convenor and the sponsor approve"."""
    if rule.needs_convenor and rule.needs_sponsor:
        who = "the convenor and the sponsor approve"
    elif rule.needs_sponsor:
        who = "the sponsor approves"
    else:
        who = "the convenor approves"
    what = Kind(rule.kind).label
    return f"{what} above {describe(rule.kind, rule.above)}: {who}"


def describe_cap(cap: Cap) -> str:
    return f"{Kind(cap.kind).label}: up to {describe(cap.kind, cap.amount)} for one project"


def committed(envelope: Envelope) -> Decimal:
    return envelope.total - envelope.remaining


# -- Periods --------------------------------------------------------------------------


@transaction.atomic
def create_period(
    *, actor: User, name: str, starts_on: datetime.date, ends_on: datetime.date, round_share: int
) -> Period:
    """Open a new period for agreeing parameters."""
    require_administrator(actor)
    period = Period()
    _fill_period(period, name, starts_on, ends_on, round_share)
    _save_period(period)
    record(actor, "resources.period_created", period, name=period.name)
    return period


@transaction.atomic
def edit_period(
    *,
    actor: User,
    period: Period,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    round_share: int,
) -> Period:
    """Change a period's name, dates or share for allocation rounds."""
    require_administrator(actor)
    period = Period.objects.select_for_update().get(pk=period.pk)
    _fill_period(period, name, starts_on, ends_on, round_share)
    _save_period(period)
    record(actor, "resources.period_edited", period, name=period.name)
    return period


def _fill_period(
    period: Period, name: str, starts_on: datetime.date, ends_on: datetime.date, round_share: int
) -> None:
    name = " ".join((name or "").split())
    if not name:
        raise ResourceError("Give the period a name, such as “Q3 2026”.")
    if len(name) > NAME_LIMIT:
        raise ResourceError(f"Keep the period's name to {NAME_LIMIT} characters.")
    if ends_on < starts_on:
        raise ResourceError("A period must end on or after the day it starts.")
    if not 0 <= round_share <= 100:
        raise ResourceError("The share for allocation rounds is a percentage from 0 to 100.")
    others = Period.objects.exclude(pk=period.pk)
    if others.filter(name__iexact=name).exists():
        raise ResourceError(f"There is already a period called “{name}”.")
    overlap = others.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if overlap:
        raise ResourceError(
            f"The dates overlap “{overlap.name}” ({_day(overlap.starts_on)} to "
            f"{_day(overlap.ends_on)}); periods may not overlap."
        )
    period.name, period.starts_on, period.ends_on = name, starts_on, ends_on
    period.round_share = round_share


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _save_period(period: Period) -> None:
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError as error:
        raise ResourceError(f"There is already a period called “{period.name}”.") from error


# -- Envelopes ------------------------------------------------------------------------


@transaction.atomic
def set_envelope(
    *, actor: User, period: Period, community: Community, kind: str, total: Decimal
) -> Envelope:
    """Set what a community may give its projects of one kind in a period.

    What projects already hold stays theirs: the remaining balance moves by the
    change in the total, and a total below what is held is refused.
    """
    require_administrator(actor)
    _require_kind(kind)
    total = _amount(total, kind, "An envelope's total", allow_zero=True)
    envelope = _locked_envelope(period, community, kind)
    if envelope is None:
        envelope = _create_envelope(period, community, kind, total)
        record(actor, "resources.envelope_set", envelope, total=str(total), previous=None)
        return envelope
    previous = envelope.total
    _move_total(envelope, total)
    envelope.refresh_from_db()
    record(actor, "resources.envelope_set", envelope, total=str(total), previous=str(previous))
    return envelope


def _locked_envelope(period: Period, community: Community, kind: str) -> Envelope | None:
    # Approvals lock the same row before taking from it, so they wait for this change.
    return (
        Envelope.objects.select_for_update()
        .filter(period=period, community=community, kind=kind)
        .first()
    )


def _create_envelope(period: Period, community: Community, kind: str, total: Decimal) -> Envelope:
    try:
        with transaction.atomic():
            return Envelope.objects.create(
                period=period, community=community, kind=kind, total=total, remaining=total
            )
    except IntegrityError as error:
        raise ResourceError(
            f"Someone set {community}'s envelope at the same moment; reload and try again."
        ) from error


def _move_total(envelope: Envelope, total: Decimal) -> None:
    difference = total - envelope.total
    # Approvals take from ``remaining`` with conditional updates of their own; moving it by
    # the difference, only while it covers a cut, keeps total = remaining + committed.
    moved = Envelope.objects.filter(
        pk=envelope.pk, total=envelope.total, remaining__gte=-difference
    ).update(total=F("total") + difference, remaining=F("remaining") + difference)
    if not moved:
        envelope.refresh_from_db()
        raise ResourceError(_too_low(envelope, total))


def _too_low(envelope: Envelope, total: Decimal) -> str:
    held = committed(envelope)
    return (
        f"Projects in {envelope.community} already hold {describe(envelope.kind, held)} of "
        f"this {Kind(envelope.kind).label.lower()} envelope, so its total cannot be "
        f"{describe(envelope.kind, total)}; set it to at least {describe(envelope.kind, held)}."
    )


# -- Caps and approval rules --------------------------------------------------------------


@transaction.atomic
def set_cap(*, actor: User, period: Period, kind: str, amount: Decimal | None) -> Cap | None:
    """Set the most one project may be given of a kind in a period; no amount removes the cap."""
    require_administrator(actor)
    _require_kind(kind)
    if amount is None:
        Cap.objects.filter(period=period, kind=kind).delete()
        record(actor, "resources.cap_removed", period, kind=kind)
        return None
    amount = _amount(amount, kind, "A cap")
    cap, _ = Cap.objects.update_or_create(period=period, kind=kind, defaults={"amount": amount})
    record(actor, "resources.cap_set", period, kind=kind, amount=str(amount))
    return cap


@transaction.atomic
def add_rule(
    *,
    actor: User,
    period: Period,
    kind: str,
    above: Decimal,
    needs_convenor: bool,
    needs_sponsor: bool,
) -> ApprovalRule:
    """Say who approves requests for more than ``above`` of a kind in a period."""
    require_administrator(actor)
    _require_kind(kind)
    above = _amount(above, kind, "A rule's threshold", allow_zero=True)
    if not (needs_convenor or needs_sponsor):
        raise ResourceError("A rule needs the convenor, the sponsor or both to approve.")
    if ApprovalRule.objects.filter(period=period, kind=kind, above=above).exists():
        raise ResourceError(
            f"{period} already has a rule for {Kind(kind).label.lower()} above "
            f"{describe(kind, above)}; remove it first to change it."
        )
    rule = ApprovalRule.objects.create(
        period=period,
        kind=kind,
        above=above,
        needs_convenor=needs_convenor,
        needs_sponsor=needs_sponsor,
    )
    record(actor, "resources.rule_added", period, rule=describe_rule(rule))
    return rule


@transaction.atomic
def change_rule(
    *, actor: User, rule: ApprovalRule, needs_convenor: bool, needs_sponsor: bool
) -> ApprovalRule:
    """Change who approves under an existing rule."""
    require_administrator(actor)
    if not (needs_convenor or needs_sponsor):
        raise ResourceError("A rule needs the convenor, the sponsor or both to approve.")
    rule.needs_convenor, rule.needs_sponsor = needs_convenor, needs_sponsor
    rule.save(update_fields=["needs_convenor", "needs_sponsor"])
    record(actor, "resources.rule_changed", rule.period, rule=describe_rule(rule))
    return rule


@transaction.atomic
def remove_rule(*, actor: User, rule: ApprovalRule) -> None:
    require_administrator(actor)
    record(actor, "resources.rule_removed", rule.period, rule=describe_rule(rule))
    rule.delete()


def get_rule(period: Period, rule_id: int) -> ApprovalRule:
    rule = (
        ApprovalRule.objects.select_related("period")
        .filter(period=period, pk=stored_id(rule_id))
        .first()
    )
    if rule is None:
        raise Http404
    return rule


# -- Shared checks ---------------------------------------------------------------------


def _require_kind(kind: str) -> None:
    if kind not in Kind.values:
        raise ResourceError(f"“{kind}” is not a kind of resource: use funding, time or expertise.")


def _amount(value: Decimal, kind: str, what: str, *, allow_zero: bool = False) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ResourceError(f"{what} must be a number.")
    if value < 0 or (value == 0 and not allow_zero):
        least = "nothing or more" if allow_zero else "more than nothing"
        raise ResourceError(f"{what} must be {least}.")
    if value > LARGEST_AMOUNT:
        raise ResourceError(f"{what} must be at most {describe(kind, LARGEST_AMOUNT)}.")
    if not in_pence(value):
        raise ResourceError(f"{what} has at most two decimal places.")
    return value.quantize(PENNY)


def all_communities() -> QuerySet[Community]:
    """Every community, by name, for choosing whose envelope to set."""
    return Community.objects.order_by("name", "id")

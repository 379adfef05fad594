"""Allocation rounds: members share a discretionary pot of their community's funding.

Who may do what:

- a convenor or co-convenor of the community, or an administrator, opens a
  round when the current period's parameters allow one: the pot is at most the
  period's round share of the funding envelope and at most what the envelope
  has left, and a community has one open round at a time. Each current member
  is given an equal budget;
- a lead of one of the community's proposed, approved or active projects
  enters it with a minimum and a target, and takes it out while nothing is
  pledged to it;
- a member with a budget pledges to entries, changes a pledge or removes it,
  until the day the round closes. Funding stops at an entry's target;
- a convenor or an administrator closes the round, or the daily command does
  once its closing day comes. Every entry that reached its minimum is then
  funded from the envelope with what was pledged to it.

Pledges lock the entry and then the member's budget, and move both with
conditional updates, so members pledging at once can never take an entry past
its target or a budget below nothing.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When
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
)
from convene.resources.models import (
    Allocation,
    AllocationRound,
    Envelope,
    Kind,
    LedgerEntry,
    Period,
    Pledge,
    RoundBudget,
    RoundEntry,
    describe,
)
from convene.resources.parameters import readable_communities
from convene.resources.services import ResourceError

TITLE_LIMIT = 200
ZERO = Decimal("0")

# Projects that may enter a round: those not yet ended, once proposed.
MAY_ENTER = {Project.Status.PROPOSED, Project.Status.APPROVED, Project.Status.ACTIVE}

Status = AllocationRound.Status


def money(amount: Decimal) -> str:
    return describe(Kind.FUNDING, amount)


# -- Who may see and do what -------------------------------------------------------------


def get_community_for_user(user: User | AnonymousUser, slug: str) -> Community:
    return get_object_or_404(readable_communities(user), slug=slug)


def visible_rounds(user: User | AnonymousUser) -> QuerySet[AllocationRound]:
    return AllocationRound.objects.filter(envelope__community__in=readable_communities(user))


def get_round_for_user(user: User | AnonymousUser, round_id: uuid.UUID) -> AllocationRound:
    return get_object_or_404(
        visible_rounds(user).select_related("envelope__community", "envelope__period", "opened_by"),
        pk=round_id,
    )


def get_entry(round_: AllocationRound, entry_id: int) -> RoundEntry:
    entry = get_object_or_404(round_.entries.select_related("project"), pk=stored_id(entry_id))
    entry.round = round_
    return entry


def for_list(rounds: QuerySet[AllocationRound]) -> QuerySet[AllocationRound]:
    """Open rounds first, then the newest, each with its entry count and pledged sum."""
    return (
        rounds.select_related("envelope__community", "envelope__period", "opened_by")
        .annotate(
            entry_count=Count("entries", distinct=True),
            pledged_total=Sum("entries__pledged"),
            is_open=Case(When(status=Status.OPEN, then=Value(0)), default=Value(1)),
        )
        .order_by("is_open", "-created_at", "id")
    )


def may_run(user: User | AnonymousUser, community: Community) -> bool:
    """Convenors, co-convenors and administrators open and close a community's rounds."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_administrator) or community.is_led_by(user)


def may_enter(user: User, project: Project) -> bool:
    return project.status in MAY_ENTER and is_lead(user, project)


def takes_pledges(round_: AllocationRound, today: datetime.date | None = None) -> bool:
    return round_.status == Status.OPEN and (today or timezone.localdate()) < round_.closes_on


def why_no_round(community: Community) -> str | None:
    """Why the community cannot open a round now, or None if it can."""
    period = Period.objects.current().first()
    if period is None:
        return "There is no current period, so no round can open."
    if period.round_share <= 0:
        return "This period's parameters allow no allocation rounds."
    if open_round_of(community) is not None:
        return "The community already has an open round; close it before opening another."
    return None


def open_round_of(community: Community) -> AllocationRound | None:
    return AllocationRound.objects.filter(envelope__community=community, status=Status.OPEN).first()


def round_url(round_: AllocationRound) -> str:
    return reverse("resources:round_detail", args=[round_.pk])


# -- Opening a round -----------------------------------------------------------------------


@transaction.atomic
def open_round(
    *,
    actor: User,
    community: Community,
    title: str,
    pot: object,
    closes_on: datetime.date,
) -> AllocationRound:
    """Open a round sharing ``pot`` of the community's funding, with a budget for each member."""
    if not may_run(actor, community):
        raise ResourceError(f"Only the convenors of {community} or an administrator open a round.")
    period = _current_period()
    title = required_line(title, "title", TITLE_LIMIT)
    pot = _amount(pot, "pot")
    _require_closing_day(closes_on, period)
    # The envelope's row lock serialises openings, so two convenors cannot both open a round.
    envelope = _locked_envelope(community, period)
    if open_round_of(community) is not None:
        raise ResourceError(
            f"{community} already has an open round; close it before opening another."
        )
    _require_affordable(pot, envelope, period)
    members = _members(community)
    share = (pot / len(members)).quantize(PENNY, rounding=ROUND_DOWN) if members else ZERO
    if share <= 0:
        raise ResourceError(
            f"A pot of {money(pot)} cannot give each of the {len(members)} members a penny."
        )
    round_ = AllocationRound.objects.create(
        envelope=envelope, title=title, pot=pot, closes_on=closes_on, opened_by=actor
    )
    RoundBudget.objects.bulk_create(
        RoundBudget(round=round_, member=member, amount=share, remaining=share)
        for member in members
    )
    record(actor, "resources.round_opened", round_, pot=str(pot), members=len(members))
    _tell_members(
        round_,
        actor,
        f"{community} has opened “{title}”: you have {money(share)} to give to the "
        f"proposals you back, until {closes_on:%-d %B %Y}.",
        "opened",
    )
    return round_


def _current_period() -> Period:
    period = Period.objects.current().first()
    if period is None:
        raise ResourceError("There is no current period, so no round can open.")
    if period.round_share <= 0:
        raise ResourceError("This period's parameters allow no allocation rounds.")
    return period


def _require_closing_day(closes_on: object, period: Period) -> None:
    if not isinstance(closes_on, datetime.date):
        raise ResourceError("Give the day the round closes.")
    if closes_on <= timezone.localdate():
        raise ResourceError("The round must close on a day after today.")
    if closes_on > period.ends_on:
        raise ResourceError(
            f"The round must close within {period.name}, by {period.ends_on:%-d %B %Y}."
        )


def _locked_envelope(community: Community, period: Period) -> Envelope:
    envelope = (
        Envelope.objects.select_for_update()
        .filter(community=community, period=period, kind=Kind.FUNDING)
        .first()
    )
    if envelope is None:
        raise ResourceError(f"{community} has no funding envelope for {period.name}.")
    return envelope


def _require_affordable(pot: Decimal, envelope: Envelope, period: Period) -> None:
    share = period.round_share
    limit = (envelope.total * share / 100).quantize(PENNY, rounding=ROUND_DOWN)
    if pot > limit:
        raise ResourceError(
            f"A round may share out at most {share}% of the funding envelope of "
            f"{money(envelope.total)}, which is {money(limit)}; this pot is "
            f"{money(pot - limit)} over."
        )
    if pot > envelope.remaining:
        raise ResourceError(
            f"The funding envelope has {money(envelope.remaining)} left; this pot is "
            f"{money(pot - envelope.remaining)} more than that."
        )


def _members(community: Community) -> list[User]:
    current = Membership.objects.current().filter(community=community).values("user")
    return list(User.objects.active().filter(pk__in=current).order_by("pk"))


# -- Entries -------------------------------------------------------------------------------


@transaction.atomic
def add_entry(
    *,
    actor: User,
    round: AllocationRound,
    project: Project,
    minimum: object,
    target: object,
) -> RoundEntry:
    """Enter a project you lead in the round, with the least it needs and the most it takes."""
    round_ = _locked_round(round)
    _require_pledging(round_)
    community = round_.envelope.community
    if project.community_id != community.pk:
        raise ResourceError(f"Only projects of {community} can enter its round.")
    if project.status not in MAY_ENTER:
        raise ResourceError(
            f"“{project.title}” is {project.get_status_display().lower()}; a project enters a "
            "round once it is proposed and until it ends."
        )
    if not is_lead(actor, project):
        raise ResourceError("Only the project's leads can enter it in a round.")
    least, most = _amount(minimum, "minimum"), _amount(target, "target")
    _require_sensible(least, most, round_)
    if round_.entries.filter(project=project).exists():
        raise ResourceError(f"“{project.title}” is already in this round.")
    entry = RoundEntry.objects.create(round=round_, project=project, minimum=least, target=most)
    record(actor, "resources.round_entered", round_, project=str(project.pk), target=str(most))
    return entry


def _require_sensible(minimum: Decimal, target: Decimal, round_: AllocationRound) -> None:
    if target < minimum:
        raise ResourceError(
            f"The target ({money(target)}) must be at least the minimum ({money(minimum)})."
        )
    if target > round_.pot:
        raise ResourceError(
            f"The target ({money(target)}) cannot be more than the round's pot of "
            f"{money(round_.pot)}."
        )


@transaction.atomic
def remove_entry(*, actor: User, entry: RoundEntry) -> None:
    """Take a project out of the round, while nothing is pledged to it."""
    round_ = _locked_round(entry.round)
    _require_pledging(round_)
    entry = _locked(RoundEntry.objects.select_related("project").filter(pk=entry.pk))
    if not is_lead(actor, entry.project):
        raise ResourceError("Only the project's leads can take it out of the round.")
    if entry.pledged > 0 or entry.pledges.exists():
        raise ResourceError(
            f"Members have pledged {money(entry.pledged)} to “{entry.project.title}”, so it "
            "stays in the round."
        )
    record(actor, "resources.round_left", round_, project=str(entry.project_id))
    entry.delete()


# -- Pledging ------------------------------------------------------------------------------


@transaction.atomic
def pledge(*, actor: User, entry: RoundEntry, amount: object) -> Pledge | None:
    """Set what you give an entry to ``amount``; 0 removes your pledge and returns the money."""
    amount = _amount(amount, "pledge", allow_zero=True)
    # Lock the entry, then the budget: every pledge takes them in that order.
    entry = _locked(RoundEntry.objects.select_related("project").filter(pk=entry.pk))
    budget = _locked(
        RoundBudget.objects.filter(round_id=entry.round_id, member=actor),
        "Only members given a budget when the round opened can pledge in it.",
    )
    # Read after the locks, so a close that has just committed is seen.
    _require_pledging(AllocationRound.objects.get(pk=entry.round_id))
    existing = Pledge.objects.filter(entry=entry, member=actor).first()
    delta = amount - (existing.amount if existing else ZERO)
    if delta > 0:
        _give(entry, budget, delta)
    elif delta < 0:
        _take_back(entry, budget, -delta)
    result = _save_pledge(existing, entry, actor, amount)
    record(actor, "resources.pledged", entry.project, round=str(entry.round_id), amount=str(amount))
    return result


def _give(entry: RoundEntry, budget: RoundBudget, delta: Decimal) -> None:
    if entry.project.is_ended:
        raise ResourceError(
            f"“{entry.project.title}” is {entry.project.get_status_display().lower()}, so it "
            "takes no more pledges; you may still take yours back."
        )
    if delta > budget.remaining:
        raise ResourceError(f"You have {money(budget.remaining)} left to give.")
    if entry.pledged + delta > entry.target:
        raise ResourceError(_at_target(entry))
    if not shift(budget, "remaining", -delta, "amount"):
        raise ResourceError("Your budget changed meanwhile; look again and pledge once more.")
    if not shift(entry, "pledged", delta, "target"):
        raise ResourceError(_at_target(entry))


def _take_back(entry: RoundEntry, budget: RoundBudget, delta: Decimal) -> None:
    if not shift(entry, "pledged", -delta, "target") or not shift(
        budget, "remaining", delta, "amount"
    ):
        raise ResourceError("The pledge changed meanwhile; look again and pledge once more.")


def _at_target(entry: RoundEntry) -> str:
    needed = entry.target - entry.pledged
    title = entry.project.title
    if needed <= 0:
        return f"“{title}” has reached its target of {money(entry.target)}; funding stops there."
    return (
        f"Funding for “{title}” stops at its target of {money(entry.target)}; it needs only "
        f"{money(needed)} more."
    )


def shift(obj: models.Model, name: str, delta: Decimal, ceiling: str) -> bool:
    """Move a balance by ``delta`` only if it stays between nothing and its ceiling."""
    within = Q(**{f"{name}__gte": -delta}) & Q(**{f"{name}__lte": F(ceiling) - delta})
    moved = type(obj)._default_manager.filter(within, pk=obj.pk).update(**{name: F(name) + delta})
    return moved == 1


def _save_pledge(
    existing: Pledge | None, entry: RoundEntry, member: User, amount: Decimal
) -> Pledge | None:
    if amount == 0:
        if existing is not None:
            existing.delete()
        return None
    if existing is None:
        return Pledge.objects.create(entry=entry, member=member, amount=amount)
    existing.amount = amount
    existing.updated_at = timezone.now()
    existing.save(update_fields=["amount", "updated_at"])
    return existing


# -- Closing -------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a close did: the entries funded, and those not funded with the reason."""

    round: AllocationRound
    funded: list[RoundEntry] = field(default_factory=list)
    unfunded: list[tuple[RoundEntry, str]] = field(default_factory=list)

    def summary(self) -> str:
        funded = "; ".join(f"“{e.project.title}” {money(e.pledged)}" for e in self.funded)
        text = f"Funded: {funded}." if funded else "No entry was funded."
        notes = " ".join(f"“{e.project.title}”: {why}" for e, why in self.unfunded)
        return f"{text} {notes}".strip()


@transaction.atomic
def close_round(*, actor: User | None, round: AllocationRound) -> Outcome:
    """Close the round and fund from the envelope every entry that reached its minimum.

    ``actor`` is None when the daily command closes a round whose closing day has come.
    """
    round_ = _locked_round(round)
    community = round_.envelope.community
    if actor is not None and not may_run(actor, community):
        raise ResourceError(f"Only the convenors of {community} or an administrator close a round.")
    if round_.status != Status.OPEN:
        raise ResourceError("This round is already closed.")
    envelope = _locked(Envelope.objects.filter(pk=round_.envelope_id))
    # Locking the entries waits for pledges in flight, so the close counts every one.
    entries = list(
        RoundEntry.objects.select_for_update(of=("self",))
        .select_related("project")
        .filter(round=round_)
        .order_by("-pledged", "id")
    )
    outcome = Outcome(round=round_)
    for entry in entries:
        _settle(outcome, entry, envelope, actor or round_.opened_by)
    round_.status = Status.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    record(actor, "resources.round_closed", round_, funded=len(outcome.funded))
    _tell_about_close(outcome, actor)
    return outcome


def _settle(outcome: Outcome, entry: RoundEntry, envelope: Envelope, actor: User) -> None:
    why = _why_unfunded(entry, envelope)
    if why:
        outcome.unfunded.append((entry, why))
        return
    allocation = Allocation.objects.create(
        envelope=envelope,
        project=entry.project,
        round_entry=entry,
        amount=entry.pledged,
        unspent=entry.pledged,
    )
    LedgerEntry.objects.create(
        allocation=allocation,
        entry=LedgerEntry.Entry.COMMITMENT,
        amount=entry.pledged,
        description=f"Allocation round “{outcome.round.title}”",
        actor=actor,
    )
    envelope.remaining -= entry.pledged
    outcome.funded.append(entry)


def _why_unfunded(entry: RoundEntry, envelope: Envelope) -> str | None:
    if entry.pledged < entry.minimum:
        return (
            f"pledges of {money(entry.pledged)} did not reach its minimum of "
            f"{money(entry.minimum)}."
        )
    if entry.project.is_ended:
        return f"the project is {entry.project.get_status_display().lower()}."
    taken = Envelope.objects.filter(pk=envelope.pk, remaining__gte=entry.pledged).update(
        remaining=F("remaining") - entry.pledged
    )
    if not taken:
        left = Envelope.objects.values_list("remaining", flat=True).get(pk=envelope.pk)
        return (
            f"the funding envelope had only {money(left)} left, less than the "
            f"{money(entry.pledged)} pledged."
        )
    return None


def close_due_rounds(*, today: datetime.date) -> int:
    """Close every open round whose closing day has come; returns how many closed."""
    closed = 0
    due = AllocationRound.objects.filter(status=Status.OPEN, closes_on__lte=today)
    for round_ in due.order_by("closes_on", "id"):
        try:
            close_round(actor=None, round=round_)
        except ResourceError:
            continue  # Closed by someone else meanwhile.
        closed += 1
    return closed


# -- Telling people ------------------------------------------------------------------------


def _tell_members(round_: AllocationRound, actor: User | None, message: str, event: str) -> None:
    community = round_.envelope.community
    for member in User.objects.filter(round_budgets__round=round_):
        _tell(member, actor, round_, community, message, f"round-{event}:{round_.pk}")


def _tell_about_close(outcome: Outcome, actor: User | None) -> None:
    round_ = outcome.round
    community = round_.envelope.community
    _tell_members(round_, actor, f"“{round_.title}” has closed. {outcome.summary()}", "closed")
    entries = [*outcome.funded, *(entry for entry, _ in outcome.unfunded)]
    for entry in entries:
        funded = entry in outcome.funded
        message = (
            f"“{entry.project.title}” is given {money(entry.pledged)} from “{round_.title}”."
            if funded
            else f"“{entry.project.title}” is not funded from “{round_.title}”: "
            f"{dict(outcome.unfunded)[entry]}"
        )
        leads = User.objects.filter(
            project_roles__project=entry.project, project_roles__is_lead=True
        )
        for lead in leads:
            _tell(lead, actor, round_, community, message, f"round-result:{entry.pk}")


def _tell(
    recipient: User,
    actor: User | None,
    round_: AllocationRound,
    community: Community,
    message: str,
    key: str,
) -> None:
    # Notifications tied to a private community are shown only to its members.
    readable = not community.is_private or is_member(recipient, community)
    notify(
        recipient=recipient,
        actor=actor,
        kind=Notification.Kind.RESOURCE,
        message=message,
        url=round_url(round_),
        key=key[:120],
        community=community if readable else None,
    )


# -- Shared checks -------------------------------------------------------------------------


def _locked[Locked: models.Model](queryset: QuerySet[Locked], missing: str = "") -> Locked:
    found = queryset.select_for_update(of=("self",)).first()
    if found is None:
        raise ResourceError(missing or "This no longer exists; look again.")
    return found


def _locked_round(round_: AllocationRound) -> AllocationRound:
    return _locked(
        AllocationRound.objects.select_related("envelope__community", "opened_by").filter(
            pk=round_.pk
        ),
        "This round no longer exists.",
    )


def _require_pledging(round_: AllocationRound) -> None:
    if round_.status != Status.OPEN:
        raise ResourceError("This round is closed, so it can no longer change.")
    if not takes_pledges(round_):
        raise ResourceError(
            f"This round stopped taking pledges when its closing day, "
            f"{round_.closes_on:%-d %B %Y}, came."
        )


def _amount(amount: object, what: str, *, allow_zero: bool = False) -> Decimal:
    value = as_number(amount)
    if value is None:
        raise ResourceError(f"Give the {what} as a number of pounds.")
    if value < 0 or (value == 0 and not allow_zero):
        raise ResourceError(
            f"The {what} cannot be below nothing."
            if allow_zero
            else f"The {what} must be more than nothing."
        )
    if value > LARGEST_AMOUNT:
        raise ResourceError(f"The {what} can be at most {money(LARGEST_AMOUNT)}.")
    if not in_pence(value):
        raise ResourceError(f"Give the {what} in pounds and pence, to two decimal places.")
    return value.quantize(PENNY)

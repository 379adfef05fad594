"""The ledger: spend claims, hours logged, and the balances they leave.

Who may do what:

- a member of a project's team claims spending against one of its funding
  allocations, with an optional receipt (PDF, PNG or JPEG, at most 5 MB);
- the person whose released time or expert hours an allocation holds logs
  them, or a project lead logs them on that person's behalf;
- only while the project is approved or active, and never more than the
  allocation's unspent balance;
- whoever can see a project sees its balances, ledger and receipts; whoever
  reads a community (its sponsor and administrators too) sees the community's.

Claims racing each other lock the allocation and spend with one conditional
update, so an allocation can never be spent below nothing, on PostgreSQL or SQLite.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from convene.audit.models import record
from convene.communities.models import Community
from convene.lib.spreadsheets import safe_cell
from convene.people.models import User
from convene.projects.models import Project
from convene.projects.services import in_team, is_lead
from convene.resources.inputs import (
    LARGEST_AMOUNT,
    LARGEST_ID,
    as_number,
    in_pence,
    one_line,
    optional_text,
    required_line,
)
from convene.resources.models import Allocation, Envelope, Kind, LedgerEntry, Period, describe
from convene.resources.parameters import current_period, readable_communities
from convene.resources.services import ResourceError

DESCRIPTION_LIMIT = 300
RECEIPT_LIMIT = 5 * 1024 * 1024
ZERO = Decimal("0")

# Projects whose allocations may still be spent.
MAY_SPEND = {Project.Status.APPROVED, Project.Status.ACTIVE}

# What a receipt's first bytes must be, and the names each kind of file may carry.
RECEIPT_SIGNATURES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "PDF": (b"%PDF-", (".pdf",)),
    "PNG": (b"\x89PNG\r\n\x1a\n", (".png",)),
    "JPEG": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
}


# -- Who may see and do what -------------------------------------------------------------


def get_community_for_user(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose resources the person may see: read, sponsored, or any for admins."""
    return get_object_or_404(readable_communities(user), slug=slug)


def visible_entries(user: User | AnonymousUser) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(allocation__project__in=Project.objects.visible_to(user))


def get_receipt_for_user(user: User | AnonymousUser, entry_id: int) -> LedgerEntry:
    """A ledger entry with a receipt, of a project the person may see; otherwise 404."""
    if not 0 < entry_id < LARGEST_ID:
        raise Http404
    entry = get_object_or_404(visible_entries(user).exclude(receipt=""), pk=entry_id)
    if not entry.receipt.storage.exists(entry.receipt.name or ""):
        raise Http404
    return entry


def get_allocation(project: Project, allocation_id: uuid.UUID) -> Allocation:
    """One of the project's allocations; a 404 for any other."""
    return get_object_or_404(with_sources(project.allocations.all()), pk=allocation_id)


def may_spend(project: Project) -> bool:
    return project.status in MAY_SPEND


def may_claim(user: User, project: Project) -> bool:
    return may_spend(project) and in_team(user, project)


def whose_hours(allocation: Allocation) -> User | None:
    """The person whose released time or expert hours an allocation holds."""
    line = allocation.line
    if line is None:
        return None
    if allocation.envelope.kind == Kind.TIME:
        return line.person
    if allocation.envelope.kind == Kind.EXPERTISE and line.offer is not None:
        return line.offer.expert
    return None


def may_log_for(user: User, allocation: Allocation, *, lead: bool) -> bool:
    person = whose_hours(allocation)
    return person is not None and (lead or person.pk == user.pk)


def claimable(project: Project) -> QuerySet[Allocation]:
    return with_sources(project.allocations.filter(envelope__kind=Kind.FUNDING, unspent__gt=0))


def loggable(user: User, project: Project) -> list[Allocation]:
    """The time and expertise allocations whose hours this person may log."""
    if not may_spend(project):
        return []
    lead = is_lead(user, project)
    hours = project.allocations.exclude(envelope__kind=Kind.FUNDING).filter(unspent__gt=0)
    return [each for each in with_sources(hours) if may_log_for(user, each, lead=lead)]


def with_sources(allocations: QuerySet[Allocation]) -> QuerySet[Allocation]:
    return allocations.select_related(
        "envelope__period", "line__person", "line__offer__expert", "round_entry"
    ).order_by("created_at", "id")


# -- Claims and hours --------------------------------------------------------------------------


@transaction.atomic
def claim(
    *,
    actor: User,
    allocation: Allocation,
    description: str,
    amount: object,
    receipt: UploadedFile | None = None,
) -> LedgerEntry:
    """Spend from a funding allocation: a claim by a team member, with an optional receipt."""
    allocation = _locked(allocation)
    if allocation.envelope.kind != Kind.FUNDING:
        raise ResourceError("Claims are made against funding; log hours against time instead.")
    _require_may_spend(allocation.project)
    if not in_team(actor, allocation.project):
        raise ResourceError("Only members of the project's team can claim its funding.")
    value = _amount(amount, Kind.FUNDING, allocation)
    description = required_line(description, "description", DESCRIPTION_LIMIT)
    if receipt is not None:
        check_receipt(receipt)
    _spend(allocation, value)
    entry = LedgerEntry(
        allocation=allocation,
        entry=LedgerEntry.Entry.SPEND,
        amount=value,
        description=description,
        actor=actor,
    )
    if receipt is not None:
        entry.receipt.save(_receipt_name(receipt), receipt, save=False)
    entry.save()
    record(actor, "resources.claimed", allocation.project, amount=str(value), entry=entry.pk)
    return entry


@transaction.atomic
def log_hours(
    *,
    actor: User,
    allocation: Allocation,
    hours: object,
    worked_on: datetime.date | None,
    note: str = "",
) -> LedgerEntry:
    """Spend released time or expert hours: logged by their owner, or a lead on their behalf."""
    allocation = _locked(allocation)
    if allocation.envelope.kind == Kind.FUNDING:
        raise ResourceError("Hours are logged against time or expertise; claim funding instead.")
    project = allocation.project
    _require_may_spend(project)
    person = whose_hours(allocation)
    if person is None:
        raise ResourceError("This allocation names no one whose hours it holds.")
    if person.pk != actor.pk and not is_lead(actor, project):
        raise ResourceError(
            f"These are {person.full_name}'s hours: only they or a project lead can log them."
        )
    value = _amount(hours, allocation.envelope.kind, allocation)
    day = _worked_on(worked_on)
    note = optional_text(one_line(note), "note", DESCRIPTION_LIMIT)
    _spend(allocation, value)
    entry = LedgerEntry.objects.create(
        allocation=allocation,
        entry=LedgerEntry.Entry.SPEND,
        amount=value,
        description=note,
        person=person,
        worked_on=day,
        actor=actor,
    )
    record(actor, "resources.hours_logged", project, hours=str(value), person=person.pk)
    return entry


def _locked(allocation: Allocation) -> Allocation:
    locked = (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("envelope", "project__community", "line__person", "line__offer__expert")
        .filter(pk=allocation.pk)
        .first()
    )
    if locked is None:
        raise ResourceError("This allocation no longer exists.")
    return locked


def _spend(allocation: Allocation, amount: Decimal) -> None:
    # The row is locked on PostgreSQL; the condition keeps SQLite (and any
    # path that skipped the lock) from spending what is no longer there.
    taken = Allocation.objects.filter(pk=allocation.pk, unspent__gte=amount).update(
        unspent=F("unspent") - amount, spent=F("spent") + amount
    )
    if not taken:
        raise ResourceError("Someone spent from this allocation at the same moment; try again.")


def _require_may_spend(project: Project) -> None:
    if project.is_ended:
        raise ResourceError(
            f"This project is {project.get_status_display().lower()}, so nothing more can be "
            "spent from its allocations."
        )
    if not may_spend(project):
        raise ResourceError("A project spends its allocations once it is approved.")


def _amount(amount: object, kind: str, allocation: Allocation) -> Decimal:
    what = "amount" if kind == Kind.FUNDING else "hours"
    value = as_number(amount)
    if value is None:
        raise ResourceError(f"Give the {what} as a number.")
    if value <= 0:
        raise ResourceError(f"The {what} must be more than nothing.")
    if value > LARGEST_AMOUNT:
        raise ResourceError(f"The {what} can be at most {describe(kind, LARGEST_AMOUNT)}.")
    if not in_pence(value):
        raise ResourceError(f"Give the {what} to at most two decimal places.")
    if value > allocation.unspent:
        noun = "claim" if kind == Kind.FUNDING else "logging"
        raise ResourceError(
            f"This {noun} is {describe(kind, value - allocation.unspent)} more than the "
            f"{describe(kind, allocation.unspent)} left of the allocation."
        )
    return value


def _worked_on(day: datetime.date | None) -> datetime.date:
    if day is None:
        raise ResourceError("Say on which day the work was done.")
    if day > timezone.localdate():
        raise ResourceError("Log hours once they are worked: the day cannot be in the future.")
    return day


# -- Receipts ----------------------------------------------------------------------------------


def check_receipt(receipt: UploadedFile) -> str:
    """The receipt's kind ("PDF", "PNG" or "JPEG"), judged by its content and its name."""
    if receipt.size is None or receipt.size > RECEIPT_LIMIT:
        raise ResourceError("A receipt can be at most 5 MB.")
    if not receipt.size:
        raise ResourceError("The receipt is empty.")
    receipt.seek(0)
    head = receipt.read(16)
    receipt.seek(0)
    name = (receipt.name or "").lower()
    for kind, (signature, endings) in RECEIPT_SIGNATURES.items():
        if head.startswith(signature):
            if not name.endswith(endings):
                raise ResourceError(f"This receipt is a {kind}; name it {endings[0]}.")
            return kind
    raise ResourceError("A receipt must be a PDF, PNG or JPEG file.")


def _receipt_name(receipt: UploadedFile) -> str:
    # The stored name is ours, not the uploader's: only the checked ending survives.
    ending = (receipt.name or "").lower().rsplit(".", 1)[-1]
    return f"{uuid.uuid4().hex}.{ending}"


def receipt_url(entry: LedgerEntry) -> str:
    return reverse("resources:receipt", args=[entry.pk]) if entry.receipt else ""


# -- Balances ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectBalance:
    """One kind of a project's resources: what it was given and what became of it."""

    kind: str
    allocated: Decimal = ZERO
    spent: Decimal = ZERO
    released: Decimal = ZERO
    unspent: Decimal = ZERO

    @property
    def label(self) -> str:
        return Kind(self.kind).label

    @property
    def texts(self) -> dict[str, str]:
        figures = ("allocated", "spent", "released", "unspent")
        return {figure: describe(self.kind, getattr(self, figure)) for figure in figures}


@dataclass(frozen=True)
class CommunityBalance:
    """One kind of a community's resources in a period."""

    kind: str
    total: Decimal = ZERO
    remaining: Decimal = ZERO
    spent: Decimal = ZERO
    has_envelope: bool = False

    @property
    def committed(self) -> Decimal:
        return self.total - self.remaining

    @property
    def label(self) -> str:
        return Kind(self.kind).label

    @property
    def texts(self) -> dict[str, str]:
        figures = ("total", "committed", "spent", "remaining")
        return {figure: describe(self.kind, getattr(self, figure)) for figure in figures}


def project_balances(project: Project) -> list[ProjectBalance]:
    """Per kind, in one query: allocated, spent, released and unspent."""
    sums = {
        row["envelope__kind"]: row
        for row in project.allocations.order_by()
        .values("envelope__kind")
        .annotate(
            allocated=Sum("amount"),
            spent_sum=Sum("spent"),
            released_sum=Sum("released"),
            unspent_sum=Sum("unspent"),
        )
    }
    return [
        ProjectBalance(
            kind=kind,
            allocated=sums[kind]["allocated"],
            spent=sums[kind]["spent_sum"],
            released=sums[kind]["released_sum"],
            unspent=sums[kind]["unspent_sum"],
        )
        if kind in sums
        else ProjectBalance(kind=kind)
        for kind in Kind.values
    ]


def community_balances(community: Community, period: Period | None) -> list[CommunityBalance]:
    """Per kind, in two queries: the envelope's total, committed, spent and remaining."""
    if period is None:
        return [CommunityBalance(kind=kind) for kind in Kind.values]
    envelopes = {
        envelope.kind: envelope
        for envelope in Envelope.objects.filter(community=community, period=period)
    }
    spent = dict(
        Allocation.objects.filter(envelope__community=community, envelope__period=period)
        .order_by()
        .values("envelope__kind")
        .annotate(spent_sum=Sum("spent"))
        .values_list("envelope__kind", "spent_sum")
    )
    return [
        CommunityBalance(
            kind=kind,
            total=envelopes[kind].total,
            remaining=envelopes[kind].remaining,
            spent=spent.get(kind) or ZERO,
            has_envelope=True,
        )
        if kind in envelopes
        else CommunityBalance(kind=kind)
        for kind in Kind.values
    ]


def periods_of(community: Community) -> QuerySet[Period]:
    """The periods in which the community had envelopes, newest first."""
    return Period.objects.filter(envelopes__community=community).distinct().order_by("-starts_on")


def chosen_period(community: Community, period_id: str | None) -> Period | None:
    """The period asked for, if the community had envelopes in it; else the current one."""
    if period_id and period_id.isdigit() and 0 < int(period_id) < LARGEST_ID:
        chosen = periods_of(community).filter(pk=int(period_id)).first()
        if chosen is None:
            raise Http404
        return chosen
    return current_period()


# -- The ledger itself ---------------------------------------------------------------------


def _for_list(entries: QuerySet[LedgerEntry]) -> QuerySet[LedgerEntry]:
    return entries.select_related(
        "allocation__envelope", "allocation__project", "person", "actor"
    ).order_by("-created_at", "-id")


def project_ledger(project: Project) -> QuerySet[LedgerEntry]:
    return _for_list(LedgerEntry.objects.filter(allocation__project=project))


def community_ledger(
    community: Community, period: Period | None, viewer: User | AnonymousUser
) -> QuerySet[LedgerEntry]:
    """The entries of the community's projects that the viewer may see.

    An administrator sees a private community's balances but not its projects,
    so not their entries either.
    """
    if period is None:
        return LedgerEntry.objects.none()
    return _for_list(
        LedgerEntry.objects.filter(
            allocation__envelope__community=community,
            allocation__envelope__period=period,
            allocation__project__in=Project.objects.visible_to(viewer),
        )
    )


def community_allocations(
    community: Community, period: Period | None, viewer: User | AnonymousUser
) -> QuerySet[Allocation]:
    """The allocations of the community's projects that the viewer may see."""
    if period is None:
        return Allocation.objects.none()
    return (
        Allocation.objects.filter(
            envelope__community=community,
            envelope__period=period,
            project__in=Project.objects.visible_to(viewer),
        )
        .select_related("envelope", "project", "line__person", "line__offer__expert")
        .order_by("project__title", "project_id", "envelope__kind", "created_at", "id")
    )


CSV_HEADER = [
    "Date",
    "Project",
    "Kind",
    "Entry",
    "Amount",
    "Description",
    "Person",
    "Worked on",
    "Recorded by",
]


def csv_rows(entries: Iterable[LedgerEntry]) -> Iterator[list[str]]:
    yield CSV_HEADER
    for entry in entries:
        allocation = entry.allocation
        row = [
            timezone.localtime(entry.created_at).date().isoformat(),
            allocation.project.title,
            Kind(allocation.envelope.kind).label,
            entry.get_entry_display(),
            f"{entry.amount:.2f}",
            entry.description,
            entry.person.full_name if entry.person else "",
            entry.worked_on.isoformat() if entry.worked_on else "",
            entry.actor.full_name,
        ]
        yield [safe_cell(cell) for cell in row]

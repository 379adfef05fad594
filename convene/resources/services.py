"""Resource workflows: request, check against the parameters, approve, claim and log."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from convene.audit.models import record
from convene.people.models import User
from convene.projects.models import Project
from convene.resources.models import Allocation, Envelope, LedgerEntry, ResourceRequest


class ResourceError(Exception):
    """A resource action was refused; the message says why, for a person to read."""


@transaction.atomic
def settle_ended_project(*, actor: User, project: Project) -> Decimal:
    """Tidy a project's resources once it has ended.

    Requests still in draft or awaiting approval are withdrawn, so no one
    approves resources for a project that is over, and what the project was
    given but did not use goes back to its community. Returns the sum released.
    """
    undecided = (ResourceRequest.Status.DRAFT, ResourceRequest.Status.SUBMITTED)
    ResourceRequest.objects.filter(project=project, status__in=undecided).update(
        status=ResourceRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )
    return release_unspent(actor=actor, project=project)


@transaction.atomic
def release_unspent(*, actor: User, project: Project) -> Decimal:
    """Return every unspent allocation of an ended project to its envelope.

    Writes one release entry per allocation and returns the sum released (of all
    kinds together). Safe to call twice: a second call finds nothing unspent.
    """
    if not project.is_ended:
        raise ResourceError("Unspent resources return to the community only when a project ends.")
    # Lock the allocations so a claim racing with the close-out cannot spend
    # what is being released; the conditional updates keep SQLite safe too.
    allocations = list(
        Allocation.objects.select_for_update().filter(project=project, unspent__gt=0).order_by("id")
    )
    total = Decimal("0")
    for allocation in allocations:
        amount = allocation.unspent
        taken = Allocation.objects.filter(pk=allocation.pk, unspent=amount).update(
            unspent=F("unspent") - amount, released=F("released") + amount
        )
        if not taken:
            continue
        Envelope.objects.filter(pk=allocation.envelope_id).update(remaining=F("remaining") + amount)
        LedgerEntry.objects.create(
            allocation=allocation,
            entry=LedgerEntry.Entry.RELEASE,
            amount=amount,
            description=f"Unspent when “{project.title}” ended",
            actor=actor,
        )
        total += amount
    if total:
        record(actor, "resources.released", project, amount=str(total))
    return total

"""Resources for community projects: parameters, requests, approvals and the ledger."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from convene.communities.models import Community
from convene.projects.models import Project


class Kind(models.TextChoices):
    """The three kinds of resource a community holds and a project may be given."""

    FUNDING = "funding", "Funding"
    TIME = "time", "Released time (hours)"
    EXPERTISE = "expertise", "Expert hours"


class Period(models.Model):
    """A span of time, such as a quarter, for which administrators agree the parameters."""

    name = models.CharField(max_length=100, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="period_ends_after_it_starts",
                violation_error_message="A period must end on or after the day it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Envelope(models.Model):
    """What one community may give its projects in a period, of one kind of resource.

    ``remaining`` is what is still uncommitted; the rest is held by allocations,
    so ``total = remaining + the allocations' amounts`` always holds.
    """

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="envelopes")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="envelopes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    remaining = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["period", "community", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "community", "kind"],
                name="one_envelope_per_community_kind_and_period",
                violation_error_message="This community already has an envelope of this kind "
                "for the period.",
            ),
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & Q(remaining__lte=F("total")),
                name="envelope_remaining_within_total",
                violation_error_message="An envelope's remaining balance must lie between "
                "nothing and its total.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community}: {self.get_kind_display()}, {self.period}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Administrators change the total; what projects hold stays committed,
        # so the remaining balance moves with the total.
        self.remaining = self.total - self.committed()
        super().save(*args, **kwargs)

    def committed(self) -> Decimal:
        """What the stored envelope has already given to projects."""
        if self._state.adding:
            return Decimal("0")
        stored = Envelope.objects.values_list("total", "remaining").get(pk=self.pk)
        return stored[0] - stored[1]

    def clean(self) -> None:
        if self.total is not None and self.total < 0:
            raise ValidationError({"total": "An envelope cannot hold less than nothing."})
        committed = self.committed()
        if self.total is not None and self.total < committed:
            raise ValidationError(
                {
                    "total": f"Projects already hold {committed} of this envelope; "
                    "the total cannot be lower."
                }
            )


class Allocation(models.Model):
    """An amount committed from an envelope to a project.

    ``amount = spent + released + unspent`` always holds; ``unspent`` is what the
    team may still claim or log, and what returns to the envelope when the project ends.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="allocations")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="allocations")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    spent = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    released = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    unspent = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="allocation_amount_positive",
                violation_error_message="An allocation must be for more than nothing.",
            ),
            models.CheckConstraint(
                condition=Q(spent__gte=0) & Q(released__gte=0) & Q(unspent__gte=0),
                name="allocation_balances_not_negative",
                violation_error_message="An allocation cannot be spent below nothing.",
            ),
            models.CheckConstraint(
                condition=Q(amount=F("spent") + F("released") + F("unspent")),
                name="allocation_balances",
                violation_error_message="An allocation's spent, released and unspent parts "
                "must add up to its amount.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.envelope.get_kind_display()} for {self.project}"


class LedgerEntry(models.Model):
    """One movement of resources, kept for ever: a commitment, a spend or a release."""

    class Entry(models.TextChoices):
        COMMITMENT = "commitment", "Commitment"
        SPEND = "spend", "Spend"
        RELEASE = "release", "Release"

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="entries")
    entry = models.CharField(max_length=10, choices=Entry.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    description = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="resource_entries"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="ledger_entry_amount_positive",
                violation_error_message="A ledger entry must be for more than nothing.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_entry_display()} of {self.amount}"

"""Resources for community projects: parameters, requests, approvals and the ledger."""

from __future__ import annotations

import datetime
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


def describe(kind: str, amount: Decimal) -> str:
    """An amount as people read it: "£1,250.00" for funding, "12.5 hours" otherwise."""
    if kind == Kind.FUNDING:
        return f"{settings.CONVENE_CURRENCY_SYMBOL}{amount:,.2f}"
    hours = f"{amount.normalize():f}"
    return f"{hours} hour" if amount == 1 else f"{hours} hours"


class PeriodQuerySet(models.QuerySet["Period"]):
    def current(self, today: datetime.date | None = None) -> PeriodQuerySet:
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today)


class Period(models.Model):
    """A span of time, such as a quarter, for which administrators agree the parameters.

    The parameters are the communities' envelopes, the per-project caps, the
    approval rules and how much of an envelope's funding members may share out
    in an allocation round.
    """

    name = models.CharField(max_length=100, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    round_share = models.PositiveSmallIntegerField(
        "share for allocation rounds (%)",
        default=0,
        help_text="The most of a community's funding envelope, in per cent, that its members "
        "may share out among proposals in an allocation round. 0 allows no rounds.",
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="period_ends_after_it_starts",
                violation_error_message="A period must end on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=Q(round_share__lte=100),
                name="period_round_share_a_percentage",
                violation_error_message="The share for allocation rounds is at most 100%.",
            ),
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


class Cap(models.Model):
    """The most one project may be given of one kind of resource in a period."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="caps")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["period", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "kind"],
                name="one_cap_per_kind_and_period",
                violation_error_message="The period already has a cap for this kind.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="cap_amount_positive",
                violation_error_message="A cap must be more than nothing.",
            ),
        ]

    def __str__(self) -> str:
        return f"Up to {describe(self.kind, self.amount)} a project, {self.period}"


class ApprovalRule(models.Model):
    """Who approves a request asking for more than ``above`` of one kind of resource.

    Of a kind's rules, the one with the highest ``above`` below the amount asked
    for applies; a request's approvers are those its kinds' rules need together,
    the convenor first and then the sponsor.
    """

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="approval_rules")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    above = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        help_text="The rule applies to requests asking for more than this.",
    )
    needs_convenor = models.BooleanField(default=True)
    needs_sponsor = models.BooleanField(default=False)

    class Meta:
        ordering = ["period", "kind", "above"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "kind", "above"],
                name="one_approval_rule_per_threshold",
                violation_error_message="The period already has a rule for this kind and amount.",
            ),
            models.CheckConstraint(
                condition=Q(above__gte=0),
                name="approval_rule_threshold_not_negative",
                violation_error_message="A threshold cannot be below nothing.",
            ),
            models.CheckConstraint(
                condition=Q(needs_convenor=True) | Q(needs_sponsor=True),
                name="approval_rule_names_an_approver",
                violation_error_message="A rule needs the convenor, the sponsor or both.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} above {describe(self.kind, self.above)}"


class ExpertOffer(models.Model):
    """Hours of expertise a person offers to community projects: the expertise pool.

    ``remaining`` falls as approved requests take the expert's hours, so an hour
    is never promised twice.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_offers"
    )
    topic = models.CharField(max_length=200, help_text="What you can help with.")
    description = models.TextField(max_length=4000, blank=True)
    hours = models.DecimalField(max_digits=8, decimal_places=2)
    remaining = models.DecimalField(max_digits=8, decimal_places=2)
    is_open = models.BooleanField(default=True, help_text="Closed offers take no new requests.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="expert_offer_hours_positive",
                violation_error_message="Offer at least some hours.",
            ),
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & Q(remaining__lte=F("hours")),
                name="expert_offer_remaining_within_hours",
                violation_error_message="An offer's remaining hours lie between nothing and "
                "the hours offered.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.expert})"


class ResourceRequest(models.Model):
    """A project's request for funding, released time and expert hours in a period.

    draft → submitted → approved (in full or in part) or declined; the team may
    withdraw it before the decision. Approved requests are never edited.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting approval"
        APPROVED = "approved", "Approved"
        PARTLY_APPROVED = "partly_approved", "Approved in part"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    DECIDED = (Status.APPROVED, Status.PARTLY_APPROVED, Status.DECLINED, Status.WITHDRAWN)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="requests")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="requests")
    summary = models.TextField(max_length=4000, help_text="What the resources are for.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    needs_convenor = models.BooleanField(default=False, editable=False)
    needs_sponsor = models.BooleanField(default=False, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="resource_requests"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"Request for {self.project}"

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED


class RequestLine(models.Model):
    """One thing a request asks for: money, a member's released time, or an expert's hours.

    Time needs the consent of the member's line manager and expertise the
    expert's acceptance; ``approved`` is set when the request is decided and
    may be less than ``amount`` (a partial approval).
    """

    class Consent(models.TextChoices):
        NOT_NEEDED = "not_needed", "Not needed"
        PENDING = "pending", "Awaiting consent"
        GIVEN = "given", "Consent given"
        REFUSED = "refused", "Consent refused"

    request = models.ForeignKey(ResourceRequest, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    approved = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    purpose = models.CharField(max_length=300)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="released_time_lines",
        help_text="The member whose time is released.",
    )
    offer = models.ForeignKey(
        ExpertOffer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
        help_text="The expert's offer the hours come from.",
    )
    consent = models.CharField(max_length=10, choices=Consent.choices, default=Consent.NOT_NEEDED)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resource_consents",
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["request", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="request_line_amount_positive",
                violation_error_message="Ask for more than nothing.",
            ),
            models.CheckConstraint(
                condition=Q(approved__isnull=True)
                | (Q(approved__gte=0) & Q(approved__lte=F("amount"))),
                name="request_line_approved_within_amount",
                violation_error_message="A line cannot be approved for more than it asks.",
            ),
            models.CheckConstraint(
                condition=(Q(kind="funding") & Q(person__isnull=True) & Q(offer__isnull=True))
                | (Q(kind="time") & Q(person__isnull=False) & Q(offer__isnull=True))
                | (Q(kind="expertise") & Q(person__isnull=True) & Q(offer__isnull=False)),
                name="request_line_names_what_its_kind_needs",
                violation_error_message="Time names a member, expertise an expert's offer, "
                "and funding neither.",
            ),
        ]

    def __str__(self) -> str:
        return f"{describe(self.kind, self.amount)}: {self.purpose}"


class Approval(models.Model):
    """One approver's decision on a request, with a reason; unique per step."""

    class Step(models.TextChoices):
        CONVENOR = "convenor", "Convenor"
        SPONSOR = "sponsor", "Sponsor"

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        PARTLY = "partly", "Approved in part"
        DECLINED = "declined", "Declined"

    request = models.ForeignKey(ResourceRequest, on_delete=models.CASCADE, related_name="approvals")
    step = models.CharField(max_length=10, choices=Step.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="resource_approvals"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "step"],
                name="one_decision_per_request_step",
                violation_error_message="This step of the request is already decided.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.get_decision_display()}"


class AllocationRound(models.Model):
    """Members share a discretionary pot of their community's funding among proposals.

    Each member present when the round opens gets an equal budget; an entry's
    funding stops at its target, and when the round closes the entries that
    reached their minimum are funded from the envelope.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(max_length=200)
    pot = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closes_on = models.DateField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rounds_opened"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pot__gt=0),
                name="round_pot_positive",
                violation_error_message="A round shares out more than nothing.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class RoundEntry(models.Model):
    """A project's place in an allocation round, with the least it needs and the most it takes."""

    round = models.ForeignKey(AllocationRound, on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="round_entries")
    minimum = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    pledged = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))

    class Meta:
        ordering = ["round", "id"]
        verbose_name_plural = "round entries"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project"],
                name="one_entry_per_project_and_round",
                violation_error_message="The project is already in this round.",
            ),
            models.CheckConstraint(
                condition=Q(minimum__gt=0) & Q(target__gte=F("minimum")),
                name="round_entry_target_at_least_minimum",
                violation_error_message="The target must be at least the minimum, and both "
                "more than nothing.",
            ),
            models.CheckConstraint(
                condition=Q(pledged__gte=0) & Q(pledged__lte=F("target")),
                name="round_entry_pledged_within_target",
                violation_error_message="Funding stops at the target.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} in {self.round}"


class RoundBudget(models.Model):
    """One member's share of a round's pot, and what they have not yet pledged."""

    round = models.ForeignKey(AllocationRound, on_delete=models.CASCADE, related_name="budgets")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="round_budgets"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    remaining = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member"],
                name="one_budget_per_member_and_round",
                violation_error_message="The member already has a budget in this round.",
            ),
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & Q(remaining__lte=F("amount")),
                name="round_budget_remaining_within_amount",
                violation_error_message="A member cannot pledge more than their budget.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.round}"


class Pledge(models.Model):
    """What one member gives one entry in a round; changed by pledging again."""

    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="pledges")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pledges"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entry", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "member"],
                name="one_pledge_per_member_and_entry",
                violation_error_message="You have already pledged to this entry; change that "
                "pledge instead.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="pledge_amount_positive",
                violation_error_message="Pledge more than nothing.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} to {self.entry}"


class Allocation(models.Model):
    """An amount committed from an envelope to a project.

    ``amount = spent + released + unspent`` always holds; ``unspent`` is what the
    team may still claim or log, and what returns to the envelope when the project ends.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="allocations")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="allocations")
    line = models.OneToOneField(
        RequestLine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocation",
        help_text="The approved request line it came from.",
    )
    round_entry = models.OneToOneField(
        RoundEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocation",
        help_text="The allocation round it came from.",
    )
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
                condition=Q(line__isnull=True) | Q(round_entry__isnull=True),
                name="allocation_has_one_source",
                violation_error_message="An allocation comes from a request or a round, not both.",
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
    """One movement of resources, kept for ever: a commitment, a spend or a release.

    A spend of funding is a claim (with an optional receipt); a spend of time or
    expertise is hours logged by ``person`` for work done on ``worked_on``.
    """

    class Entry(models.TextChoices):
        COMMITMENT = "commitment", "Commitment"
        SPEND = "spend", "Spend"
        RELEASE = "release", "Release"

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="entries")
    entry = models.CharField(max_length=10, choices=Entry.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    description = models.CharField(max_length=300, blank=True)
    receipt = models.FileField(upload_to="receipts/%Y/%m/", blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hours_logged",
        help_text="Whose hours a spend of time or expertise logs.",
    )
    worked_on = models.DateField(null=True, blank=True)
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

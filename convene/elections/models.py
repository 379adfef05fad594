"""Convenor terms, nominations, elections and secret ballots.

A ballot is secret by construction: the Ballot table holds the election and
the choices, and nothing else. It has no link to a person, no timestamp and a
random (UUID4) key, so neither a column, a join nor the order of its keys
says who cast it or when. Who has voted lives apart, in Receipt, which says
nothing about how.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community
from convene.people.models import User

STATEMENT_LIMIT = 2000
REASON_LIMIT = 1000
# How far ahead an election's dates may be set: far enough for any real term, near enough
# that a mistyped year is refused rather than overflowing the calendar.
HORIZON = datetime.timedelta(days=5 * 366)


class TermPolicy(models.Model):
    """How a community chooses its convenor: term length, quorum and when reminders go out.

    A community without a row uses the defaults below.
    """

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="term_policy"
    )
    term_months = models.PositiveSmallIntegerField(
        default=12, help_text="How long a convenor serves before the next election."
    )
    quorum_percent = models.PositiveSmallIntegerField(
        default=50, help_text="The share of members who must vote for an election to count."
    )
    reminder_days = models.PositiveSmallIntegerField(
        default=42,
        help_text="How many days before a term ends the next nomination window opens.",
    )

    class Meta:
        ordering = ["community"]
        verbose_name_plural = "term policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(term_months__gte=3) & Q(term_months__lte=36),
                name="termpolicy_term_3_to_36_months",
                violation_error_message="A term lasts from 3 to 36 months.",
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1) & Q(quorum_percent__lte=100),
                name="termpolicy_quorum_1_to_100",
                violation_error_message="The quorum is a share of members from 1%% to 100%%.",
            ),
            models.CheckConstraint(
                condition=Q(reminder_days__gte=14) & Q(reminder_days__lte=120),
                name="termpolicy_reminder_14_to_120_days",
                violation_error_message="Reminders go out 14 to 120 days before a term ends.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community}: {self.term_months}-month terms"

    @classmethod
    def for_community(cls, community: Community) -> TermPolicy:
        """The community's policy, or the defaults (unsaved) when it has none."""
        return cls.objects.filter(community=community).first() or cls(community=community)


class TermQuerySet(models.QuerySet["Term"]):
    def in_office(self, today: datetime.date | None = None) -> TermQuerySet:
        """Terms whose holder has taken office and whose dates include today."""
        today = today or timezone.localdate()
        return self.filter(took_office_at__isnull=False, starts_on__lte=today, ends_on__gte=today)

    def due_for_handover(self, today: datetime.date | None = None) -> TermQuerySet:
        today = today or timezone.localdate()
        return self.filter(took_office_at__isnull=True, starts_on__lte=today, ends_on__gte=today)


class Term(models.Model):
    """One person's term as a community's convenor, and how they came to office."""

    class How(models.TextChoices):
        ELECTION = "election", "Elected"
        APPOINTMENT = "appointment", "Appointed"

    # CASCADE: a term belongs to its community; communities are never deleted in Convene.
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="terms")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="convenor_terms"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    how = models.CharField(max_length=12, choices=How.choices, default=How.APPOINTMENT)
    election = models.OneToOneField(
        "Election", null=True, blank=True, on_delete=models.CASCADE, related_name="term"
    )
    took_office_at = models.DateTimeField(
        null=True, blank=True, help_text="When the handover happened; empty until it is due."
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["community", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_after_it_starts",
                violation_error_message="A term cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(how="appointment") | Q(election__isnull=False),
                name="term_elected_has_election",
                violation_error_message="An elected term comes from an election.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} convenes {self.community} from {self.starts_on}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.took_office_at is not None and self.starts_on <= today <= self.ends_on


class ElectionQuerySet(models.QuerySet["Election"]):
    def visible_to(self, user: User | AnonymousUser) -> ElectionQuerySet:
        """Elections of communities whose conversations the person may read; all for
        administrators, who may run any community's election."""
        if user.is_authenticated and user.is_active and user.is_administrator:
            return self.all()
        return self.filter(community__in=Community.objects.readable_by(user))

    def not_closed(self) -> ElectionQuerySet:
        return self.filter(status=Election.Status.OPEN)

    def due_to_close(self, now: datetime.datetime | None = None) -> ElectionQuerySet:
        return self.not_closed().filter(voting_closes_at__lte=now or timezone.now())


class Election(models.Model):
    """One round of choosing a community's convenor: nominations, then a secret ballot.

    The phase follows the clock: nominations until `voting_opens_at`, voting
    until `voting_closes_at`, then counting at the close. Results exist only
    once the election is closed.
    """

    class Method(models.TextChoices):
        RANKED = "ranked", "Ranked choice (instant run-off)"
        APPROVAL = "approval", "Approval voting"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        ELECTED = "elected", "Elected"
        NO_QUORUM = "no_quorum", "Quorum not reached"
        NO_CONSENT = "no_consent", "Consent not given"
        NO_CANDIDATES = "no_candidates", "No candidates"
        NO_WINNER = "no_winner", "No winner"

    class Phase(models.TextChoices):
        NOMINATING = "nominating", "Nominations open"
        VOTING = "voting", "Voting open"
        COUNTING = "counting", "Voting ended; awaiting the count"
        CLOSED = "closed", "Closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="elections")
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.RANKED)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    nominations_open_at = models.DateTimeField(default=timezone.now)
    voting_opens_at = models.DateTimeField(help_text="Nominations close when voting opens.")
    voting_closes_at = models.DateTimeField()
    quorum_percent = models.PositiveSmallIntegerField(default=50)
    term_starts_on = models.DateField()
    term_ends_on = models.DateField()
    seed = models.CharField(
        max_length=64,
        help_text="Draws lots if a tie cannot be broken: its SHA-256 hash is published at "
        "opening, the seed itself at the close, so no one can steer a tie and anyone can check.",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    winner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    electorate = models.PositiveIntegerField(
        default=0, help_text="Members at the close, against whom the quorum is measured."
    )
    turnout = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True, help_text="The count, round by round.")

    objects = ElectionQuerySet.as_manager()

    class Meta:
        ordering = ["community", "-voting_closes_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(status="open"),
                name="election_one_open_per_community",
                violation_error_message="This community already has an election under way.",
            ),
            models.CheckConstraint(
                condition=Q(voting_opens_at__gt=models.F("nominations_open_at"))
                & Q(voting_closes_at__gt=models.F("voting_opens_at")),
                name="election_windows_in_order",
                violation_error_message="Nominations come before voting, and voting has a length.",
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1) & Q(quorum_percent__lte=100),
                name="election_quorum_1_to_100",
                violation_error_message="The quorum is a share of members from 1%% to 100%%.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community}: convenor election closing {self.voting_closes_at:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("elections:election_detail", args=[self.community.slug, self.pk])

    @property
    def title(self) -> str:
        return f"Convenor election for the term from {self.term_starts_on:%-d %B %Y}"

    def phase(self, now: datetime.datetime | None = None) -> Election.Phase:
        now = now or timezone.now()
        if self.status == self.Status.CLOSED:
            return self.Phase.CLOSED
        if now < self.voting_opens_at:
            return self.Phase.NOMINATING
        if now < self.voting_closes_at:
            return self.Phase.VOTING
        return self.Phase.COUNTING

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def seed_commitment(self) -> str:
        """The SHA-256 hash of the seed, published from the opening."""
        return hashlib.sha256(self.seed.encode()).hexdigest()

    @property
    def revealed_seed(self) -> str | None:
        """The seed itself, once the count is done; hidden before, so no one can work out how
        a tie would fall and vote to steer it."""
        return self.seed if self.is_closed else None

    def ballot_kind(self, candidate_count: int) -> str:
        """How members vote: a consent round for one candidate, otherwise the method."""
        return "consent" if candidate_count == 1 else str(self.method)


class NominationQuerySet(models.QuerySet["Nomination"]):
    def accepted(self) -> NominationQuerySet:
        return self.filter(status=Nomination.Status.ACCEPTED)


class Nomination(models.Model):
    """A member put forward as convenor, by themselves or a peer; a candidate once they accept."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting the nominee's answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the co-convenor is put forward as the natural successor.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    statement = models.TextField(max_length=STATEMENT_LIMIT, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["election", "nominee__full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "nominee"],
                name="nomination_once_per_person",
                violation_error_message="This member has already been nominated.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nominee} for {self.election}"

    @property
    def is_self_nomination(self) -> bool:
        return self.nominated_by_id == self.nominee_id

    @property
    def is_successor(self) -> bool:
        return self.nominated_by_id is None


class Receipt(models.Model):
    """That a member has voted in an election: never how, and never when beyond the election.

    A random key here too, so the receipts' ids do not give the order in which members voted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="receipts")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ballot_receipts"
    )

    class Meta:
        ordering = ["election", "voter"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "voter"],
                name="receipt_one_vote_per_member",
                violation_error_message="You have already voted in this election.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter} voted in {self.election}"


class Ballot(models.Model):
    """One secret ballot: the election and the choices, with nothing that says whose or when.

    `choices` lists candidates' nomination ids: in order of preference for a
    ranked ballot, in any order for approval. A consent ballot has no choices
    and a `consent` answer, with a reason for an objection.
    """

    class Consent(models.TextChoices):
        SUPPORT = "support", "I support"
        ABSTAIN = "abstain", "I abstain"
        OBJECT = "object", "I object"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField(default=list, blank=True)
    consent = models.CharField(max_length=8, choices=Consent.choices, blank=True)
    reason = models.TextField(max_length=REASON_LIMIT, blank=True)

    class Meta:
        # Random ids, so this order says nothing about when a ballot was cast.
        ordering = ["election", "id"]

    def __str__(self) -> str:
        return f"Ballot {self.pk}"

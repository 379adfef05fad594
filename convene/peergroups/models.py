from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community
from convene.discussions.models import RendersBody
from convene.people.models import User

WEIGHT_MAX = 10
MESSAGE_LIMIT = 5000


class DiversityWeights(models.Model):
    """How much each difference between two people counts when Convene forms diverse groups.

    One row for the organisation, set by administrators; a round keeps a copy
    of the weights it was formed with, so later changes never alter its scores.
    """

    FEATURES = ("function", "level", "site", "tenure", "expertise", "perspectives")

    function = models.PositiveSmallIntegerField(default=3, help_text="Different business function.")
    level = models.PositiveSmallIntegerField(default=2, help_text="Different management level.")
    site = models.PositiveSmallIntegerField(default=2, help_text="Working at a different site.")
    tenure = models.PositiveSmallIntegerField(
        default=1, help_text="A different length of service with the organisation."
    )
    expertise = models.PositiveSmallIntegerField(
        default=2, help_text="Different areas of expertise on the profile."
    )
    perspectives = models.PositiveSmallIntegerField(
        default=1, help_text="Different words in 'perspectives I bring' on the profile."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name_plural = "diversity weights"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    function__lte=WEIGHT_MAX,
                    level__lte=WEIGHT_MAX,
                    site__lte=WEIGHT_MAX,
                    tenure__lte=WEIGHT_MAX,
                    expertise__lte=WEIGHT_MAX,
                    perspectives__lte=WEIGHT_MAX,
                ),
                name="diversity_weights_at_most_ten",
                violation_error_message=f"Each weight is a whole number from 0 to {WEIGHT_MAX}.",
            ),
            models.CheckConstraint(
                condition=Q(function__gt=0)
                | Q(level__gt=0)
                | Q(site__gt=0)
                | Q(tenure__gt=0)
                | Q(expertise__gt=0)
                | Q(perspectives__gt=0),
                name="diversity_weights_not_all_zero",
                violation_error_message="At least one difference must count.",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in self.as_dict().items())

    @classmethod
    def current(cls) -> DiversityWeights:
        return cls.objects.get_or_create(pk=1)[0]

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.FEATURES}


class RoundQuerySet(models.QuerySet["Round"]):
    def managed_by(self, user: User | AnonymousUser) -> RoundQuerySet:
        """Rounds a person may form, adjust and publish: administrators all; leaders their own.

        A leader manages a round only if they lead every community it draws on,
        so no one forms groups over people they may not see.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:
            return self.all()
        drawn_on = Round.communities.through.objects.filter(round=OuterRef("pk"))
        not_led = drawn_on.exclude(community__in=Community.objects.led_by(user))
        return self.filter(Exists(drawn_on)).exclude(Exists(not_led))


class Round(models.Model):
    """One formation of peer groups, over the members of one or more communities."""

    class Kind(models.TextChoices):
        TRIAD = "triad", "Peer coaching triads"
        LEARNING_SET = "learning_set", "Action learning sets"
        PROJECT_TEAM = "project_team", "Project teams"

    class Status(models.TextChoices):
        FORMING = "forming", "Forming"
        READY = "ready", "Ready to review"
        FAILED = "failed", "Could not be formed"
        PUBLISHED = "published", "Published"

    class Phase(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        LOADING = "loading", "Reading profiles"
        SOLVING = "solving", "Searching for the most diverse groups"
        SAVING = "saving", "Saving the groups"
        DONE = "done", "Done"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRIAD)
    communities = models.ManyToManyField(Community, related_name="peer_group_rounds")
    min_size = models.PositiveSmallIntegerField(default=3)
    max_size = models.PositiveSmallIntegerField(default=4)
    avoid_line_managers = models.BooleanField(
        default=True, help_text="Never put a person in the same group as their line manager."
    )
    avoid_recent_rounds = models.PositiveSmallIntegerField(
        default=2,
        help_text="Keep apart people who shared a group in this many of the latest rounds.",
    )
    weights = models.JSONField(default=dict, help_text="The diversity weights used to form it.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.FORMING)
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.WAITING)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    solve_seconds = models.FloatField(default=0, help_text="The search's time limit.")
    failure = models.CharField(max_length=500, blank=True)
    score = models.FloatField(null=True, blank=True, help_text="The sum of pair diversity.")
    seed = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    formed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_size__gte=2) & Q(max_size__gte=models.F("min_size")),
                name="round_sizes_ordered",
                violation_error_message=(
                    "Groups need at least 2 people, and the most at least the fewest."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="round_has_a_title",
                violation_error_message="Give the round a title.",
            ),
            models.CheckConstraint(
                condition=Q(max_size__lte=12),
                name="round_groups_at_most_twelve",
                violation_error_message="Groups may have at most 12 people.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("peergroups:round_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def can_adjust(self) -> bool:
        return self.status == self.Status.READY

    def progress_percent(self, now: Any = None) -> int:
        """How far formation has got, for the progress bar: phases, and time within the search."""
        if self.status != self.Status.FORMING:
            return 100
        if self.phase == self.Phase.SOLVING and self.phase_started_at:
            elapsed = ((now or timezone.now()) - self.phase_started_at).total_seconds()
            return 15 + min(80, int(80 * elapsed / max(self.solve_seconds, 0.1)))
        return {self.Phase.WAITING: 0, self.Phase.LOADING: 5, self.Phase.SAVING: 95}.get(
            self.Phase(self.phase), 100
        )


class PeerGroupQuerySet(models.QuerySet["PeerGroup"]):
    def of_member(self, user: User | AnonymousUser) -> PeerGroupQuerySet:
        """Published groups the person belongs to: the only way into a group's private space."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            round__status=Round.Status.PUBLISHED,
            memberships__user=user,
        )


class PeerGroup(models.Model):
    """One group in a round; once published, a private space for its members."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveIntegerField()
    score = models.FloatField(default=0, help_text="The sum of pair diversity in the group.")

    objects = PeerGroupQuerySet.as_manager()

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"],
                name="peergroup_number_unique_in_round",
                violation_error_message="A round numbers its groups once each.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: group {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("peergroups:group_detail", args=[self.pk])


class GroupMember(models.Model):
    """A person's place in one group of a round; a round places each person once."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="placements")
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="peer_group_places"
    )
    pinned = models.BooleanField(
        default=False, help_text="Placed by hand; forming the round again keeps it here."
    )

    class Meta:
        ordering = ["group__number", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                name="groupmember_once_per_round",
                violation_error_message="This person already has a group in this round.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class GroupMessage(RendersBody):
    """A message in a peer group's private space, read only by the group's members."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=MESSAGE_LIMIT)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} in {self.group}"


class MeetingProposal(models.Model):
    """A time a group member suggests for the group to meet; the others say if it suits."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    place = models.CharField(
        max_length=200, blank=True, help_text="A room, or a link to an online meeting."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=15) & Q(minutes__lte=480),
                name="meeting_between_15_minutes_and_8_hours",
                violation_error_message="A meeting lasts from 15 minutes to 8 hours.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Availability(models.Model):
    """Whether a proposed meeting time suits one member of the group."""

    class Answer(models.TextChoices):
        YES = "yes", "Suits me"
        MAYBE = "maybe", "Might suit me"
        NO = "no", "Does not suit me"

    proposal = models.ForeignKey(
        MeetingProposal, on_delete=models.CASCADE, related_name="availabilities"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=5, choices=Answer.choices)

    class Meta:
        ordering = ["proposal", "user"]
        verbose_name_plural = "availabilities"
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"],
                name="availability_once_per_person",
                violation_error_message="You have already answered for this time.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.answer}"

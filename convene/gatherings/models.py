from __future__ import annotations

import datetime
import functools
import uuid
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.gatherings import formats
from convene.lib.markdown import render_markdown
from convene.people.models import User

TITLE_LIMIT = 120
NOTES_LIMIT = 20000
INTENTION_LIMIT = 2000
DEFAULT_TIME_ZONE = "Europe/London"


def readable_communities_for(user: User | AnonymousUser) -> models.QuerySet[Community]:
    """Communities whose gatherings a person may see: open ones and their own private ones.

    As with conversations, administrators and sponsors who are not members see
    that a private community exists, not its gatherings.
    """
    return Community.objects.readable_by(user)


def valid_time_zone(name: str) -> bool:
    """An IANA zone this system knows; not a file path or a `localtime` alias."""
    return name in _known_zones()


@functools.cache
def _known_zones() -> frozenset[str]:
    # The system's own aliases name no place a gathering happens in.
    return frozenset(zoneinfo.available_timezones() - {"localtime", "posixrules", "Factory"})


@dataclass(frozen=True)
class TimedStep:
    """An agenda step with its clock times in the gathering's zone."""

    starts: datetime.datetime
    ends: datetime.datetime
    minutes: int
    title: str
    detail: str


class GatheringQuerySet(models.QuerySet["Gathering"]):
    def visible_to(self, user: User | AnonymousUser) -> GatheringQuerySet:
        return self.filter(community__in=readable_communities_for(user))

    def mine(self, user: User | AnonymousUser) -> GatheringQuerySet:
        """A person's gatherings: those of their communities and any they said they might
        come to, that they may read now. The "My gatherings" page and the personal feed."""
        if not user.is_authenticated:
            return self.none()
        member = Membership.objects.current().filter(community=OuterRef("community"), user=user)
        coming = Rsvp.objects.filter(gathering=OuterRef("pk"), user=user).exclude(
            answer=Rsvp.Answer.NO
        )
        return self.visible_to(user).filter(Q(Exists(member)) | Q(Exists(coming)))

    def upcoming(self, now: datetime.datetime | None = None) -> GatheringQuerySet:
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now: datetime.datetime | None = None) -> GatheringQuerySet:
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-id")

    def for_list(self, user: User | AnonymousUser) -> GatheringQuerySet:
        """Annotate what a list row shows, in one query: the person's own answer."""
        mine = Rsvp.objects.filter(gathering=OuterRef("pk"), user=user.pk).values("answer")[:1]
        return self.select_related("community", "facilitator").annotate(my_answer=Subquery(mine))


class Gathering(models.Model):
    """A meeting of a community: when and where, its format and agenda, and who facilitates.

    Times are stored in UTC with the IANA zone the gathering happens in, and
    shown in that zone. `sequence` counts changes that calendar clients must
    notice (RFC 5545), so each edit or cancellation replaces the old event.
    """

    # Set by GatheringQuerySet.for_list().
    my_answer: str | None

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # A community with members cannot be deleted (memberships protect it); one without
    # takes its gatherings with it.
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="gatherings")
    title = models.CharField(max_length=TITLE_LIMIT)
    format = models.CharField(
        max_length=30, choices=formats.CHOICES, default=formats.OPEN_DISCUSSION.key
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64, default=DEFAULT_TIME_ZONE, help_text="An IANA zone, e.g. Europe/London."
    )
    place = models.CharField(max_length=200, blank=True, help_text="A room and building.")
    online_link = models.URLField(max_length=500, blank=True, help_text="A video-call link.")
    agenda = models.JSONField(default=list, blank=True, help_text="Steps: minutes, title, detail.")
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="The most who can come; blank for no limit."
    )
    # Kept by services.rsvp() under the row's lock; the constraint below makes overbooking
    # impossible even if two answers race.
    yes_count = models.PositiveIntegerField(default=0, editable=False)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_gatherings",
    )
    notes = models.TextField(max_length=NOTES_LIMIT, blank=True, help_text="Markdown.")
    notes_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = GatheringQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["community", "starts_at"], name="gathering_when_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="gathering_ends_after_it_starts",
                violation_error_message="A gathering must end after it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="gathering_has_a_title",
                violation_error_message="Give the gathering a title.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="gathering_capacity_at_least_one",
                violation_error_message="Capacity is at least 1, or blank for no limit.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(yes_count__lte=models.F("capacity")),
                name="gathering_never_over_capacity",
                violation_error_message="The gathering is full.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.notes_html = render_markdown(self.notes)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "notes" in update_fields:
            kwargs["update_fields"] = {*update_fields, "notes_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("gatherings:gathering_detail", args=[self.community.slug, self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self) -> datetime.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self) -> datetime.datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.yes_count >= self.capacity

    @property
    def format_info(self) -> formats.Format:
        return formats.get_format(self.format)

    def timed_agenda(self) -> list[TimedStep]:
        """The agenda with each step's clock times, from the start, in the gathering's zone."""
        clock, steps = self.local_starts_at, []
        for step in self.agenda:
            ends = clock + datetime.timedelta(minutes=int(step["minutes"]))
            steps.append(
                TimedStep(clock, ends, int(step["minutes"]), step["title"], step.get("detail", ""))
            )
            clock = ends
        return steps

    @property
    def agenda_minutes(self) -> int:
        return sum(int(step["minutes"]) for step in self.agenda)


class Rsvp(models.Model):
    """A member's answer to whether they will come; answering again changes it."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes, I will come"
        MAYBE = "maybe", "Maybe"
        NO = "no", "No, I cannot come"

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gathering_rsvps"
    )
    answer = models.CharField(max_length=5, choices=Answer.choices)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["gathering", "answered_at", "id"]
        verbose_name = "RSVP"
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "user"],
                name="rsvp_once_per_person",
                violation_error_message="You have already answered; change your answer instead.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.answer} to {self.gathering}"


class Attendance(models.Model):
    """That a person was at a gathering, as its facilitator or a convenor recorded it."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gathering_attendances"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["gathering", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "user"],
                name="attendance_once_per_person",
                violation_error_message="This person's attendance is already recorded.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.gathering}"


class IntentionQuerySet(models.QuerySet["Intention"]):
    def of(self, user: User | AnonymousUser) -> IntentionQuerySet:
        """A person's own intentions: private to them."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def due_for_follow_up(self, today: datetime.date) -> IntentionQuerySet:
        return self.filter(follow_up_on__lte=today, outcome="", user__is_active=True)


class Intention(models.Model):
    """What one attendee will apply from a gathering, and later what happened when they did.

    Private to its author: no other page or endpoint lists it. On the
    follow-up date Convene asks the author what happened; the outcome and when
    it was recorded feed later insights about applied value.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="intentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gathering_intentions"
    )
    text = models.TextField(max_length=INTENTION_LIMIT)
    follow_up_on = models.DateField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(max_length=INTENTION_LIMIT, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = IntentionQuerySet.as_manager()

    class Meta:
        ordering = ["follow_up_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "user"],
                name="intention_once_per_gathering",
                violation_error_message="You have already said what you will apply; change it.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="intention_has_text",
                violation_error_message="Say what you will try.",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", outcome_recorded_at__isnull=True)
                | (~Q(outcome="") & Q(outcome_recorded_at__isnull=False)),
                name="intention_outcome_has_its_time",
                violation_error_message="An outcome is recorded with the time it was recorded.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} after {self.gathering}"

    def get_absolute_url(self) -> str:
        return reverse(
            "gatherings:intention_edit", args=[self.gathering.community.slug, self.gathering_id]
        )

    @property
    def has_outcome(self) -> bool:
        return bool(self.outcome)

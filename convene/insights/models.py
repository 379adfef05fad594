"""Insights: executive reports, written in the background."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community
from convene.people.models import User


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: User | AnonymousUser) -> ReportQuerySet:
        """A report is its requester's alone: it holds what they may see, no more."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(requested_by=user)


class Report(models.Model):
    """A printable executive report on the payoffs for a period and a set of communities."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being written"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be written"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="insight_reports"
    )
    since = models.DateField()
    until = models.DateField()
    communities = models.ManyToManyField(Community, related_name="insight_reports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    step = models.CharField(max_length=120, blank=True, help_text="What is being written now.")
    failure = models.CharField(max_length=300, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__gte=F("since")),
                name="report_period_ends_after_it_starts",
                violation_error_message="A report's period cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="report_progress_at_most_100",
                violation_error_message="Progress runs from 0 to 100 per cent.",
            ),
        ]

    def __str__(self) -> str:
        return f"Executive report, {self.since:%-d %b %Y} to {self.until:%-d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("insights:report_detail", args=[self.pk])

    @property
    def is_working(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def filename(self) -> str:
        return f"convene-report-{self.since:%Y-%m-%d}-to-{self.until:%Y-%m-%d}.pdf"

"""Community projects: joint leadership work a community proposes, staffs and carries out."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community
from convene.discussions.models import Post
from convene.people.models import User

TITLE_LIMIT = 200
TEXT_LIMIT = 20_000


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user: User | AnonymousUser) -> ProjectQuerySet:
        """Projects of communities the person reads, and of communities they sponsor."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            Q(community__in=Community.objects.readable_by(user)) | Q(community__sponsor=user)
        )


class Project(models.Model):
    """A community's joint project, from a draft proposal to its close-out.

    The lifecycle runs draft → proposed → approved → active → completed; a
    proposal may instead be declined or withdrawn, and a project closed early.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CLOSED = "closed", "Closed"

    class Challenge(models.TextChoices):
        ADAPTIVE = "adaptive", "Adaptive"
        TECHNICAL = "technical", "Technical"

    ENDED = (Status.COMPLETED, Status.DECLINED, Status.WITHDRAWN, Status.CLOSED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=TITLE_LIMIT)
    problem = models.TextField(max_length=TEXT_LIMIT, help_text="Markdown: the problem to work on.")
    intended_outcomes = models.TextField(
        max_length=TEXT_LIMIT, help_text="Markdown: what the project means to change."
    )
    challenge = models.CharField(
        max_length=10,
        choices=Challenge.choices,
        default=Challenge.ADAPTIVE,
        help_text="Adaptive challenges need people to learn and change; technical ones have "
        "known answers.",
    )
    discussion = models.ForeignKey(
        Post,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text="The community conversation the project grew from or is discussed in.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_projects"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="project_has_a_title",
                violation_error_message="Give the project a title.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def is_ended(self) -> bool:
        return self.status in self.ENDED


class ProjectRole(models.Model):
    """A role in a project's team: filled by a member, or open for a member to volunteer."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(max_length=100)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_roles",
        help_text="Empty while the role is open for a member to volunteer.",
    )
    is_lead = models.BooleanField(default=False, help_text="Leads speak for the project.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_lead", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="project_role_has_a_name",
                violation_error_message="Name the role.",
            ),
            models.CheckConstraint(
                condition=Q(is_lead=False) | Q(person__isnull=False),
                name="project_lead_is_a_person",
                violation_error_message="A lead role needs a person in it.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} in {self.project}"

    @property
    def is_open(self) -> bool:
        return self.person_id is None

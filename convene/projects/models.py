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
from convene.lib.markdown import render_markdown
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

    def in_team_of(self, user: User) -> ProjectQuerySet:
        return self.filter(pk__in=ProjectRole.objects.filter(person=user).values("project"))

    def for_list(self) -> ProjectQuerySet:
        """Each project with its community, the issue it works on, its leads and the size of its
        team: three queries. Issues are the whole organisation's, so whoever sees the project
        may see its issue."""
        leads = ProjectRole.objects.filter(is_lead=True).select_related("person")
        return (
            self.select_related("community", "issue")
            .prefetch_related(models.Prefetch("roles", queryset=leads, to_attr="leads"))
            .annotate(
                team_size=models.Count("roles", filter=Q(roles__person__isnull=False)),
                open_roles=models.Count("roles", filter=Q(roles__person__isnull=True)),
            )
            .order_by("-created_at", "id")
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
    # Projects that took an issue on: proposed, under way or done, not drafts nor refused.
    WORKING = (Status.PROPOSED, Status.APPROVED, Status.ACTIVE, Status.COMPLETED, Status.CLOSED)

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
    issue = models.ForeignKey(
        "agenda.Issue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text="The organisational issue the project works on.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_projects"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    proposed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

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

    @property
    def problem_html(self) -> str:
        return render_markdown(self.problem)

    @property
    def intended_outcomes_html(self) -> str:
        return render_markdown(self.intended_outcomes)


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
            models.UniqueConstraint(
                fields=["project", "person"],
                condition=Q(person__isnull=False),
                name="one_role_per_person_in_a_project",
                violation_error_message="This person already has a role in the project.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} in {self.project}"

    @property
    def is_open(self) -> bool:
        return self.person_id is None


class ProjectDecision(models.Model):
    """A lifecycle step taken with a reason: a decision on a proposal, or an early end."""

    class Kind(models.TextChoices):
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CLOSED = "closed", "Closed early"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="project_decisions"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.project}"


class ProjectUpdate(models.Model):
    """A progress note the team posts about its project, in Markdown."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="project_updates"
    )
    body = models.TextField(max_length=TEXT_LIMIT)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""),
                name="project_update_has_a_body",
                violation_error_message="Write the update.",
            )
        ]

    def __str__(self) -> str:
        return f"Update on {self.project} by {self.author}"


class Milestone(models.Model):
    """A step the team means to reach by a date; done once someone in the team marks it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=TITLE_LIMIT)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_milestones_done",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="milestone_has_a_title",
                violation_error_message="Give the milestone a title.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()


class CloseOut(models.Model):
    """How a project ended against what it set out to do, and when to look back at it."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="close_out")
    expected_outcomes = models.TextField(max_length=TEXT_LIMIT)
    actual_outcomes = models.TextField(max_length=TEXT_LIMIT)
    lessons = models.TextField(max_length=TEXT_LIMIT)
    review_on = models.DateField(help_text="When the leads look back at what lasted.")
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="project_close_outs"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(actual_outcomes="") & ~Q(lessons=""),
                name="close_out_says_what_happened",
                violation_error_message="Say what actually happened and what you learned.",
            )
        ]

    def __str__(self) -> str:
        return f"Close-out of {self.project}"

    @property
    def expected_outcomes_html(self) -> str:
        return render_markdown(self.expected_outcomes)

    @property
    def actual_outcomes_html(self) -> str:
        return render_markdown(self.actual_outcomes)

    @property
    def lessons_html(self) -> str:
        return render_markdown(self.lessons)


class InnovationQuerySet(models.QuerySet["Innovation"]):
    def visible_to(self, user: User | AnonymousUser) -> InnovationQuerySet:
        """The register is open to everyone signed in; a private project's content is not."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self

    def for_list(self, user: User | AnonymousUser) -> InnovationQuerySet:
        readable = Community.objects.readable_by(user).filter(
            pk=models.OuterRef("project__community")
        )
        return self.select_related("project__community", "unit").annotate(
            project_readable=models.Exists(readable)
        )


class Innovation(models.Model):
    """A new solution from a community project, and how far the organisation took it up."""

    class Status(models.TextChoices):
        IDEA = "idea", "Idea"
        PILOTED = "piloted", "Piloted"
        ADOPTED = "adopted", "Adopted"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="innovations")
    title = models.CharField(max_length=TITLE_LIMIT)
    summary = models.TextField(max_length=4000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.IDEA)
    unit = models.ForeignKey(
        "people.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="innovations",
        help_text="The unit piloting or adopting it.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="innovations_added"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = InnovationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="innovation_has_a_title",
                violation_error_message="Give the innovation a title.",
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(unit__isnull=False),
                name="adopted_innovation_has_a_unit",
                violation_error_message="Name the unit that adopted it.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:innovation_detail", args=[self.pk])


class InnovationStatusChange(models.Model):
    """One step in an innovation's adoption, kept as it was."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=10, choices=Innovation.Status.choices)
    unit = models.ForeignKey(
        "people.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="innovation_changes",
    )
    note = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="innovation_changes"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.innovation} became {self.get_status_display().lower()}"

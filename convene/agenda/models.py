"""The organisational agenda: issues, the contributions communities make on them, and responses.

Links to projects: a project says which issue it works on (`Project.issue`,
kept on the project because many projects, from several communities, may work
on one issue, and each stays as private as its community), and a contribution
may name one project of its own community that it draws on or proposes
(`Contribution.project`). Pages show a linked project only to those who may
see it (`Project.objects.visible_to`); `convene.agenda.measures` counts the
issues that projects work on.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community
from convene.discussions.models import Post, Tag
from convene.lib.markdown import render_markdown
from convene.people.models import User
from convene.projects.models import Project

TITLE_LIMIT = 200
TEXT_LIMIT = 20_000
RESPONSE_LIMIT = 10_000
DEFAULT_RESPONSE_DAYS = 20


class AgendaSettings(models.Model):
    """The organisation's agenda settings: one row, set by administrators."""

    response_working_days = models.PositiveSmallIntegerField(
        default=DEFAULT_RESPONSE_DAYS,
        help_text="Working days (Monday to Friday) an executive has to respond to a contribution.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "agenda settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(response_working_days__gte=1, response_working_days__lte=120),
                name="agenda_response_days_in_range",
                violation_error_message="Allow from 1 to 120 working days for a response.",
            )
        ]

    def __str__(self) -> str:
        return f"Respond within {self.response_working_days} working days"

    @classmethod
    def current(cls) -> AgendaSettings:
        return cls.objects.get_or_create(pk=1)[0]


def _rendered(instance: models.Model, pairs: dict[str, str], kwargs: dict[str, Any]) -> None:
    """Render each Markdown source into its _html field, whichever fields a save names."""
    for source, target in pairs.items():
        setattr(instance, target, render_markdown(getattr(instance, source)))
    update_fields = kwargs.get("update_fields")
    if update_fields is not None:
        kwargs["update_fields"] = {*update_fields} | {
            target for source, target in pairs.items() if source in update_fields
        }


class IssueQuerySet(models.QuerySet["Issue"]):
    def visible_to(self, user: User | AnonymousUser) -> IssueQuerySet:
        """Issues are the organisation's: every signed-in, active person sees them all."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all()

    def for_list(self, user: User) -> IssueQuerySet:
        """Annotate what a list row shows, in a fixed number of queries."""
        return (
            self.select_related("raised_by")
            .prefetch_related("tags")
            .annotate(
                support_count=Count("supports", distinct=True),
                uptake_count=Count("uptakes", distinct=True),
                supported=Count("supports", filter=Q(supports__user=user), distinct=True),
                project_count=_count(Project.objects.visible_to(user).filter(issue=OuterRef("pk"))),
            )
        )


def _count(queryset: models.QuerySet[Any]) -> Coalesce:
    """The size of a correlated queryset, as a subquery that costs no extra query."""
    counted = queryset.order_by().values("issue").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class Issue(models.Model):
    """An actual or emerging organisational issue, raised by an executive or a member."""

    class Timing(models.TextChoices):
        ACTUAL = "actual", "Actual"
        EMERGING = "emerging", "Emerging"

    class Nature(models.TextChoices):
        ADAPTIVE = "adaptive", "Adaptive"
        TECHNICAL = "technical", "Technical"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        WORKED_ON = "worked_on", "Being worked on"
        SUBMITTED = "submitted", "Contribution submitted"
        ANSWERED = "answered", "Answered"
        RESOLVED = "resolved", "Resolved"
        PARKED = "parked", "Parked"

    # Set by IssueQuerySet.for_list().
    support_count: int
    uptake_count: int
    supported: int
    project_count: int

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=TITLE_LIMIT)
    description = models.TextField(max_length=TEXT_LIMIT, help_text="Markdown.")
    description_html = models.TextField(editable=False)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="raised_issues"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="issues")
    timing = models.CharField(max_length=10, choices=Timing.choices, default=Timing.ACTUAL)
    nature = models.CharField(max_length=10, choices=Nature.choices, default=Nature.ADAPTIVE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    source_post = models.ForeignKey(
        Post,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalated_issues",
        help_text="The conversation this issue was raised from.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="issue_has_a_title",
                violation_error_message="Give the issue a title.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        _rendered(self, {"description": "description_html"}, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("agenda:issue_detail", args=[self.pk])


class Support(models.Model):
    """A person's support for an issue, to show what matters most; once per person."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="issue_supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "user"],
                name="support_once_per_person",
                violation_error_message="You already support this issue.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} supports {self.issue}"


class Uptake(models.Model):
    """A community taking an issue up, on its convenor's word; many communities may."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="uptakes")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="issue_uptakes")
    taken_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "community"],
                name="uptake_once_per_community",
                violation_error_message="This community has already taken the issue up.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.community} takes up {self.issue}"


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def visible_to(self, user: User | AnonymousUser) -> ContributionQuerySet:
        """Open communities' and cross-community groups' contributions to everyone signed in;
        a private community's only to its members and the executive it is addressed to."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            Q(community__isnull=True)
            | Q(community__visibility=Community.Visibility.OPEN)
            | Q(community__in=Community.objects.joined_by(user))
            | Q(addressed_to=user)
        )

    def with_links_for(self, user: User | AnonymousUser) -> ContributionQuerySet:
        """The project each names and the post it is answered in, and whether the person may
        see each: no query per row."""
        project = Project.objects.visible_to(user).filter(pk=OuterRef("project"))
        thread = Post.objects.visible_to(user).filter(pk=OuterRef("thread_post"))
        return self.select_related("project").annotate(
            project_visible=Exists(project), thread_readable=Exists(thread)
        )

    def awaiting(self, user: User) -> ContributionQuerySet:
        """Submitted contributions addressed to the person: overdue and oldest first."""
        return (
            self.filter(status=Contribution.Status.SUBMITTED, addressed_to=user)
            .select_related("issue", "community", "submitted_by", "lead")
            .order_by("target_on", "submitted_at", "id")
        )


class Contribution(models.Model):
    """A community's (or a cross-community group's) considered answer to an issue.

    Its text lives in versions, every one kept. The convenor (or the group's
    lead) submits it to an executive or sponsor, who responds; a request for
    more information returns it to draft, and the next submission starts a
    new clock (see `Response`).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting response"
        ANSWERED = "answered", "Answered"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # A community that can be deleted (one without history) takes its contributions with it.
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="contributions")
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agenda_contributions",
        help_text="Empty for a group of members from several communities.",
    )
    title = models.CharField(max_length=TITLE_LIMIT)
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        help_text="A project of the same community that the contribution draws on or proposes.",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_contributions",
        help_text="Who started it; a cross-community group's lead submits it.",
    )
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="contributions"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions_addressed",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    target_on = models.DateField(null=True, blank=True)
    submission_count = models.PositiveSmallIntegerField(default=0)
    thread_post = models.ForeignKey(
        Post,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_contributions",
        help_text="The post in the community's conversation where responses are posted.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="submitted")
                | Q(
                    addressed_to__isnull=False, submitted_at__isnull=False, target_on__isnull=False
                ),
                name="contribution_submitted_is_addressed",
                violation_error_message="A submitted contribution needs an addressee and a target.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:contribution_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def visible_project(self) -> Project | None:
        """The project it names, if the person it was fetched for may see it (see
        `ContributionQuerySet.with_links_for`); None when it was fetched without asking."""
        return self.project if getattr(self, "project_visible", False) else None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.SUBMITTED and bool(
            self.target_on and self.target_on < today
        )


class ContributionVersion(models.Model):
    """One version of a contribution's text, as one person wrote it; never changed."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    analysis = models.TextField(max_length=TEXT_LIMIT, blank=True, help_text="Markdown.")
    analysis_html = models.TextField(editable=False, blank=True)
    options = models.TextField(max_length=TEXT_LIMIT, blank=True, help_text="Markdown.")
    options_html = models.TextField(editable=False, blank=True)
    recommendation = models.TextField(max_length=TEXT_LIMIT, blank=True, help_text="Markdown.")
    recommendation_html = models.TextField(editable=False, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="What changed, in a sentence.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    SECTIONS = ("analysis", "options", "recommendation")

    class Meta:
        ordering = ["contribution", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "number"],
                name="contribution_version_number_unique",
                violation_error_message="This version number is taken; reload and try again.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contribution}, version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _rendered(self, {name: f"{name}_html" for name in self.SECTIONS}, kwargs)
        super().save(*args, **kwargs)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in self.SECTIONS)

    def as_text(self) -> str:
        return "\n\n".join(
            f"## {name.capitalize()}\n\n{getattr(self, name).strip()}" for name in self.SECTIONS
        )


class Response(models.Model):
    """An executive's response to one submission of a contribution, with how long it took.

    `working_days` counts Monday to Friday after the day of submission up to
    the day of the response (`convene.agenda.workdays`). "More information
    needed" is a response too, and is measured; it returns the contribution to
    draft, and the next submission starts a fresh clock with a fresh target.
    """

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        ACCEPTED_IN_PART = "accepted_in_part", "Accepted in part"
        DECLINED = "declined", "Declined"
        MORE_INFORMATION = "more_information", "More information needed"

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="responses"
    )
    submission = models.PositiveSmallIntegerField(help_text="Which submission this answers.")
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agenda_responses"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    body = models.TextField(max_length=RESPONSE_LIMIT, blank=True, help_text="Markdown.")
    body_html = models.TextField(editable=False, blank=True)
    submitted_at = models.DateTimeField()
    target_on = models.DateField()
    responded_at = models.DateTimeField(default=timezone.now)
    working_days = models.PositiveIntegerField()
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-responded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "submission"],
                name="response_once_per_submission",
                violation_error_message="This submission has already been answered.",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["accepted", "accepted_in_part"]) | ~Q(body=""),
                name="response_gives_reasons",
                violation_error_message="Give your reasons, or say what more you need.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.contribution}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _rendered(self, {"body": "body_html"}, kwargs)
        super().save(*args, **kwargs)

    @property
    def within_target(self) -> bool:
        return timezone.localdate(self.responded_at) <= self.target_on

    @property
    def is_acceptance(self) -> bool:
        return self.outcome in {self.Outcome.ACCEPTED, self.Outcome.ACCEPTED_IN_PART}


class Action(models.Model):
    """A follow-up action agreed in a response, tracked until its owner marks it done."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agenda_actions"
    )
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="action_has_text",
                violation_error_message="Say what the action is.",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

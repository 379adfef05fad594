"""Value-creation stories: a member's account of how taking part made a difference.

After Wenger, Trayner & de Laat (2011), a story traces one thread through the
cycles of value creation, step by step: something worthwhile happened, it
gave the author something to bank, they put it to use, it made a difference,
and sometimes it changed what counts as success. A story may be told before
it ends, with the ending the author hopes for, and finished later.

A story is its author's own and private by default. Shared with its community
or the whole organisation only with the author's consent to it being quoted in
reports, and then either under the author's name or as "a member of" its
community. No role opens a private story: not convenor, sponsor or administrator.
"""

from __future__ import annotations

import calendar
import datetime
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from convene.agenda.models import Contribution
from convene.communities.models import Community
from convene.discussions.models import Post
from convene.gatherings.models import Gathering, Intention
from convene.lib.markdown import render_markdown
from convene.people.models import User
from convene.projects.models import Project

TITLE_LIMIT = 160
STEP_LIMIT = 5_000
ENDING_LIMIT = 2_000
STEP_COUNT_LIMIT = 30


def three_months_after(day: datetime.date) -> datetime.date:
    """The same day three months on, or the month's last day if it has no such day."""
    month_index = day.month - 1 + 3
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


class Cycle(models.TextChoices):
    """The five cycles of value creation (Wenger, Trayner & de Laat 2011), in their usual order."""

    IMMEDIATE = "immediate", "Immediate value"
    POTENTIAL = "potential", "Potential value"
    APPLIED = "applied", "Applied value"
    REALISED = "realised", "Realised value"
    REFRAMING = "reframing", "Reframing value"


CYCLE_HELP = {
    Cycle.IMMEDIATE: "Taking part was worth something there and then: a useful tip, the right "
    "person met, feeling less alone with a problem.",
    Cycle.POTENTIAL: "You came away with something banked for later: a skill, a contact, a tool "
    "or document, more confidence, or a better way of learning.",
    Cycle.APPLIED: "You adapted what you gained and used it in your own work, so something was "
    "done differently.",
    Cycle.REALISED: "The change made a real difference to something that matters: to your "
    "results, your team's, or the organisation's. Say how you know.",
    Cycle.REFRAMING: "It changed how success itself is judged: a goal, a measure, a policy or an "
    "arrangement was rethought.",
}
CYCLE_SOURCE = (
    "The five cycles come from Wenger, Trayner & de Laat (2011), “Promoting and assessing value "
    "creation in communities and networks”. Value need not flow in this order."
)
FINISHING_CYCLES = frozenset({Cycle.REALISED, Cycle.REFRAMING})


class StoryQuerySet(models.QuerySet["Story"]):
    def visible_to(self, user: User | AnonymousUser) -> StoryQuerySet:
        """The person's own stories, stories shared with communities they belong to now, and
        stories shared with the whole organisation. Roles open nothing more."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            Q(author=user)
            | Q(visibility=Story.Visibility.ORGANISATION)
            | Q(
                visibility=Story.Visibility.COMMUNITY,
                community__in=Community.objects.joined_by(user),
            )
        )

    def shared(self) -> StoryQuerySet:
        return self.exclude(visibility=Story.Visibility.PRIVATE)

    def reportable(self) -> StoryQuerySet:
        """Stories whose authors consent to their being quoted in reports."""
        return self.filter(consent_to_quote=True)

    def for_list(self, viewer: User | AnonymousUser) -> StoryQuerySet:
        """With author, community, step count and whether the viewer may see the community's
        name: one query, however many rows."""
        return (
            self.select_related("author", "community")
            .annotate(
                step_count=Count("steps", distinct=True),
                community_known=community_known_to(viewer),
            )
            .order_by("-updated_at", "id")
        )


def community_known_to(viewer: User | AnonymousUser) -> Exists:
    """Whether the viewer may know the story's community exists, so may read its name."""
    return Exists(Community.objects.visible_to(viewer).filter(pk=OuterRef("community")))


class Story(models.Model):
    """A value-creation story: ordered steps, each tagged with a cycle of value creation."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Only me"
        COMMUNITY = "community", "Members of its community"
        ORGANISATION = "organisation", "Everyone in the organisation"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="value_stories"
    )
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="value_stories",
        help_text="A community the author belonged to when choosing it; empty for none.",
    )
    title = models.CharField(max_length=TITLE_LIMIT)
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    consent_to_quote = models.BooleanField(
        default=False, help_text="The author agrees to the story being quoted in reports."
    )
    quote_by_name = models.BooleanField(
        default=False,
        help_text="Others see the author's name; otherwise “a member of” its community.",
    )
    aspirational_ending = models.TextField(max_length=ENDING_LIMIT, blank=True)
    remind_on = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    is_finished = models.BooleanField(
        default=False, help_text="A step has reached realised or reframing value."
    )
    intention = models.OneToOneField(
        Intention,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="story",
        help_text="The “What will I apply?” intention the story was started from.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["visibility", "community"], name="story_shared_in"),
            models.Index(fields=["is_finished", "remind_on"], name="story_reminder_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="story_has_title",
                violation_error_message="A story needs a title.",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["private", "community", "organisation"]),
                name="story_visibility_known",
                violation_error_message="A story is private, or shared with its community or the "
                "organisation.",
            ),
            models.CheckConstraint(
                condition=~Q(visibility="community") | Q(community__isnull=False),
                name="story_shared_with_a_community_names_it",
                violation_error_message="Choose the community to share the story with.",
            ),
            models.CheckConstraint(
                condition=Q(visibility="private") | Q(consent_to_quote=True),
                name="story_shared_with_consent",
                violation_error_message="A shared story needs its author's consent to quoting.",
            ),
            models.CheckConstraint(
                condition=Q(is_finished=False) | Q(remind_on__isnull=True),
                name="story_finished_needs_no_reminder",
                violation_error_message="A finished story has no reminder.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:story_detail", args=[self.pk])

    @property
    def is_shared(self) -> bool:
        return self.visibility != self.Visibility.PRIVATE

    def byline_for(self, viewer: User | AnonymousUser) -> str:
        """Who told the story, as the viewer may read it: the name, or "a member of" its
        community (named only to those who may know the community exists)."""
        if self.quote_by_name or viewer.pk == self.author_id:
            return self.author.full_name
        if self.community is None:
            return "A member of the organisation"
        known = getattr(self, "community_known", None)
        if known is None:
            known = Community.objects.visible_to(viewer).filter(pk=self.community.pk).exists()
        return f"A member of {self.community.name}" if known else "A member of a community"

    @property
    def known_community(self) -> Community | None:
        """The story's community if the reader may know it exists; needs the `community_known`
        annotation (for_list(), or the access helper)."""
        return self.community if getattr(self, "community_known", False) else None


class LinkKind(models.TextChoices):
    """What a step may come from."""

    GATHERING = "gathering", "Gathering"
    POST = "post", "Discussion post"
    PROJECT = "project", "Project"
    CONTRIBUTION = "contribution", "Agenda contribution"


class StepQuerySet(models.QuerySet["Step"]):
    def with_links_for(self, viewer: User | AnonymousUser) -> StepQuerySet:
        """Each step with what it came from and whether the viewer may see that: no query per
        row. A step whose source the viewer may not see shows without it."""
        posts = Post.objects.visible_to(viewer).filter(deleted_at__isnull=True)
        return self.select_related(
            "gathering__community", "post__community", "project", "contribution"
        ).annotate(
            gathering_visible=Exists(
                Gathering.objects.visible_to(viewer).filter(pk=OuterRef("gathering"))
            ),
            post_visible=Exists(posts.filter(pk=OuterRef("post"))),
            project_visible=Exists(
                Project.objects.visible_to(viewer).filter(pk=OuterRef("project"))
            ),
            contribution_visible=Exists(
                Contribution.objects.visible_to(viewer).filter(pk=OuterRef("contribution"))
            ),
        )


class Step(models.Model):
    """One step of a story, in order, tagged with the cycle of value it tells of.

    It may name what it came from: a gathering, a discussion post, a project or
    an agenda contribution, which the author could see when choosing it.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    cycle = models.CharField(max_length=10, choices=Cycle.choices)
    text = models.TextField(max_length=STEP_LIMIT)
    text_html = models.TextField(editable=False, blank=True)
    gathering = models.ForeignKey(
        Gathering, null=True, blank=True, on_delete=models.SET_NULL, related_name="story_steps"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="story_steps"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="story_steps"
    )
    contribution = models.ForeignKey(
        Contribution, null=True, blank=True, on_delete=models.SET_NULL, related_name="story_steps"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = StepQuerySet.as_manager()

    # Set by StepQuerySet.with_links_for().
    gathering_visible: bool
    post_visible: bool
    project_visible: bool
    contribution_visible: bool

    class Meta:
        ordering = ["story", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="story_step_has_text",
                violation_error_message="Say what happened in this step.",
            ),
            models.CheckConstraint(
                condition=Q(cycle__in=Cycle.values),
                name="story_step_cycle_known",
                violation_error_message="Tag the step with one of the five cycles of value.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(gathering__isnull=True, post__isnull=True, project__isnull=True)
                    | Q(gathering__isnull=True, post__isnull=True, contribution__isnull=True)
                    | Q(gathering__isnull=True, project__isnull=True, contribution__isnull=True)
                    | Q(post__isnull=True, project__isnull=True, contribution__isnull=True)
                ),
                name="story_step_links_to_one_thing",
                violation_error_message="A step comes from one thing at most.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.story}: step {self.position} ({self.get_cycle_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text_html = render_markdown(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.story.get_absolute_url()}#step-{self.pk}"

    @property
    def link_kind(self) -> str:
        for kind in LinkKind.values:
            if getattr(self, f"{kind}_id") is not None:
                return kind
        return ""

    def visible_link(self) -> tuple[str, str, str] | None:
        """(kind label, title, address) of what the step came from, if the viewer may see it;
        needs with_links_for()'s annotations."""
        kind = self.link_kind
        if not kind or not getattr(self, f"{kind}_visible", False):
            return None
        target = getattr(self, kind)
        return LinkKind(kind).label, str(target.title), target.get_absolute_url()

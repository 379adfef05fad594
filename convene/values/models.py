"""The organisation's espoused values, set by administrators, and stories of people living them.

A value-in-action story tells of someone (a colleague, the author, or a
team) living one or more of the values. It is seen organisation-wide unless
its author keeps it to a community's members; a story tied to a private
community is never shown outside that community. The person a story is
about may hide it, and then only its author and that person see it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community
from convene.lib.markdown import render_markdown
from convene.people.models import User

NAME_LIMIT = 80
DESCRIPTION_LIMIT = 600
TITLE_LIMIT = 160
STORY_LIMIT = 5_000
TEAM_LIMIT = 120


class ValueQuerySet(models.QuerySet["Value"]):
    def active(self) -> ValueQuerySet:
        return self.filter(is_active=True)


class Value(models.Model):
    """One of the values the organisation says it lives by, such as "We act with integrity".

    A retired value stays for the stories and survey answers that name it,
    but is no longer offered for new ones.
    """

    name = models.CharField(max_length=NAME_LIMIT, unique=True)
    description = models.TextField(
        max_length=DESCRIPTION_LIMIT,
        blank=True,
        help_text="What living this value looks like day to day, in a sentence or two.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        "offered",
        default=True,
        help_text="Retired values stay on the stories and answers that name them.",
    )

    objects = ValueQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("values:value_detail", args=[self.pk])


class ValueStoryQuerySet(models.QuerySet["ValueStory"]):
    def visible_to(self, user: User | AnonymousUser) -> ValueStoryQuerySet:
        """Stories the person may read.

        Their own, always. Others' when not hidden (or hidden but about them),
        and shown organisation-wide without a community or with an open one, or
        tied to a community they are a current member of. Being an
        administrator or a sponsor opens no private community's stories.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        not_hidden_from = Q(hidden_at__isnull=True) | Q(about_person=user)
        return self.filter(Q(author=user) | (not_hidden_from & _in_reach_of(user)))

    def not_hidden(self) -> ValueStoryQuerySet:
        return self.filter(hidden_at__isnull=True)

    def for_list(self) -> ValueStoryQuerySet:
        """With the people, the community and the values a story row shows, in two queries."""
        return self.select_related("author", "about_person", "community").prefetch_related(
            Prefetch("values", queryset=Value.objects.order_by("order", "name"))
        )


def _in_reach_of(user: User) -> Q:
    """Stories whose audience includes the person, hidden or not."""
    joined = Community.objects.joined_by(user).values("pk")
    everyone = Q(audience=ValueStory.Audience.ORGANISATION) & (
        Q(community__isnull=True) | Q(community__visibility=Community.Visibility.OPEN)
    )
    return everyone | Q(community__in=joined)


class ValueStory(models.Model):
    """Someone living one or more of the organisation's values, told by a colleague or themself.

    Stories from within a community's own work, and from beyond it (evidence
    of ripple effects), are told apart; a story tied to no community counts
    as beyond communities.
    """

    class Audience(models.TextChoices):
        ORGANISATION = "organisation", "Everyone in the organisation"
        COMMUNITY = "community", "The community's members only"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="values_in_action_told"
    )
    values = models.ManyToManyField(Value, related_name="stories")
    title = models.CharField(max_length=TITLE_LIMIT)
    body = models.TextField(
        "What happened",
        max_length=STORY_LIMIT,
        help_text="Markdown: what the person or team did, and why it showed the value.",
    )
    body_html = models.TextField(editable=False, blank=True)
    happened_on = models.DateField()
    about_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="values_in_action_about",
        help_text="The colleague the story is about, or yourself; they are told of it.",
    )
    about_team = models.CharField(
        max_length=TEAM_LIMIT,
        blank=True,
        help_text="Or the team, such as “the Leeds night shift”.",
    )
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="values_in_action",
        help_text="The community the story came from, if any.",
    )
    beyond_community = models.BooleanField(
        default=True,
        help_text="It happened outside the community's own work: a ripple effect.",
    )
    audience = models.CharField(
        max_length=12, choices=Audience.choices, default=Audience.ORGANISATION
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ValueStoryQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-created_at", "id"]
        verbose_name_plural = "value stories"
        indexes = [models.Index(fields=["-happened_on"], name="value_story_happened")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="value_story_has_title",
                violation_error_message="A story needs a title.",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=["organisation", "community"]),
                name="value_story_audience_known",
                violation_error_message="A story is shown organisation-wide or to a community.",
            ),
            models.CheckConstraint(
                condition=Q(community__isnull=False)
                | (Q(audience="organisation") & Q(beyond_community=True)),
                name="value_story_without_community_is_beyond_and_open",
                violation_error_message="A story tied to no community happened beyond "
                "communities and is shown organisation-wide.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("values:story_detail", args=[self.pk])

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def about(self) -> str:
        """Who the story is about, as a row shows it."""
        names = [str(self.about_person) if self.about_person else "", self.about_team]
        return " and ".join(name for name in names if name)

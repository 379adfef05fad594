"""Stretch goals: development goals a member sets for themself, and their monthly check-ins.

A goal belongs to its owner and to no group. It is private unless the owner
shares it with their peer groups, in which case the people who share a
published peer group with the owner may read it, its check-ins and the
replies, and encourage the owner with replies of their own. No one else sees
a goal: not administrators, not convenors.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from convene.lib.markdown import render_markdown
from convene.peergroups.models import GroupMember, PeerGroup, Round
from convene.people.models import User

TITLE_LIMIT = 160
TEXT_LIMIT = 5_000
NOTE_LIMIT = 5_000
REPLY_LIMIT = 1_000


def month_of(day: datetime.date) -> datetime.date:
    """The first day of the month `day` falls in: how check-ins name their month."""
    return day.replace(day=1)


def this_month() -> datetime.date:
    return month_of(timezone.localdate())


def shares_a_group_with(user: User) -> Exists:
    """True for rows whose `owner` shares a published peer group with `user`.

    Used as a filter on goals: a placement of the goal's owner, in a group of a
    published round, which also places `user`.
    """
    return Exists(
        GroupMember.objects.filter(
            user=OuterRef("owner"),
            group__round__status=Round.Status.PUBLISHED,
            group__memberships__user=user,
        )
    )


class StretchGoalQuerySet(models.QuerySet["StretchGoal"]):
    def visible_to(self, user: User | AnonymousUser) -> StretchGoalQuerySet:
        """The person's own goals, and goals shared by people in a published peer group with them.

        Nothing else: being an administrator or a convenor opens no one's goals.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        shared = Q(visibility=StretchGoal.Visibility.PEER_GROUP) & shares_a_group_with(user)
        return self.filter(Q(owner=user) | shared)

    def owned_by(self, user: User | AnonymousUser) -> StretchGoalQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def shared_with(self, user: User | AnonymousUser) -> StretchGoalQuerySet:
        """Goals peers share with the person, leaving out the person's own."""
        if not user.is_authenticated:
            return self.none()
        return self.visible_to(user).exclude(owner=user)

    def shared_in(self, group: PeerGroup) -> StretchGoalQuerySet:
        """Shared goals of the members of one group; check the viewer may see the group first."""
        return self.filter(
            visibility=StretchGoal.Visibility.PEER_GROUP,
            owner__in=GroupMember.objects.filter(group=group).values("user"),
        )

    def active(self) -> StretchGoalQuerySet:
        return self.filter(status=StretchGoal.Status.ACTIVE)

    def for_list(self, *, by_person: bool = False) -> StretchGoalQuerySet:
        """With the owner, the count of check-ins and the latest one's month and rating.

        Active goals come first, then achieved, then set aside, newest first in each;
        `by_person` orders them by owner first, for pages that group them by person.
        """
        latest = CheckIn.objects.filter(goal=OuterRef("pk")).order_by("-month")
        people = ("owner__full_name", "owner_id") if by_person else ()
        return (
            self.select_related("owner")
            .annotate(
                check_in_count=Count("check_ins", distinct=True),
                latest_month=Subquery(latest.values("month")[:1]),
                latest_rating=Subquery(latest.values("rating")[:1]),
                status_rank=Case(
                    When(status=StretchGoal.Status.ACTIVE, then=Value(0)),
                    When(status=StretchGoal.Status.ACHIEVED, then=Value(1)),
                    default=Value(2),
                ),
            )
            .order_by(*people, "status_rank", "-created_at", "id")
        )


class StretchGoal(models.Model):
    """A development goal that stretches its owner, checked in on monthly; private by default."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ACHIEVED = "achieved", "Achieved"
        SET_ASIDE = "set_aside", "Set aside"

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Only me"
        PEER_GROUP = "peer_group", "Me and my peer groups"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stretch_goals"
    )
    title = models.CharField(max_length=TITLE_LIMIT)
    success = models.TextField(
        "What success looks like",
        max_length=TEXT_LIMIT,
        blank=True,
        help_text="Markdown: how you and others would notice that you got there.",
    )
    success_html = models.TextField(editable=False, blank=True)
    stretch = models.TextField(
        "Why it stretches me",
        max_length=TEXT_LIMIT,
        blank=True,
        help_text="Markdown: what makes this hard for you, and what you will have to learn.",
    )
    stretch_html = models.TextField(editable=False, blank=True)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = StretchGoalQuerySet.as_manager()

    # Set by StretchGoalQuerySet.for_list().
    check_in_count: int
    latest_month: datetime.date | None
    latest_rating: int | None

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["owner", "status"], name="goal_owner_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="goal_has_title",
                violation_error_message="A stretch goal needs a title.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "achieved", "set_aside"]),
                name="goal_status_known",
                violation_error_message="A goal is active, achieved or set aside.",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["private", "peer_group"]),
                name="goal_visibility_known",
                violation_error_message="A goal is private or shared with peer groups.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.success_html = render_markdown(self.success)
        self.stretch_html = render_markdown(self.stretch)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            rendered = {"success": "success_html", "stretch": "stretch_html"}
            extra = {html for source, html in rendered.items() if source in update_fields}
            kwargs["update_fields"] = {*update_fields, *extra}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("goals:goal_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_shared(self) -> bool:
        return self.visibility == self.Visibility.PEER_GROUP

    @property
    def latest_rating_label(self) -> str:
        """The words for the latest rating, from for_list()'s annotation."""
        rating = getattr(self, "latest_rating", None)
        return CheckIn.Rating(rating).label if rating else ""

    @property
    def checked_in_this_month(self) -> bool:
        """From for_list()'s annotation: whether the latest check-in is this month's."""
        return getattr(self, "latest_month", None) == this_month()


def shared_goals_for_group(group: PeerGroup, viewer: User | AnonymousUser) -> list[StretchGoal]:
    """The goals members of `group` share with it, for the group's page; empty to outsiders.

    The peer-group page shows them with the partial template::

        # in the view
        context["shared_goals"] = shared_goals_for_group(group, request.user)

        {# in the template #}
        {% include "goals/_shared_goals.html" with goals=shared_goals %}

    The list costs two queries, whatever its length: one to check that the
    viewer belongs to the published group, one for the goals with their owners
    and latest check-in. Only goals shared with peer groups appear, the
    viewer's own included; private goals never do.
    """
    if not PeerGroup.objects.of_member(viewer).filter(pk=group.pk).exists():
        return []
    goals = StretchGoal.objects.shared_in(group).exclude(status=StretchGoal.Status.SET_ASIDE)
    return list(goals.for_list(by_person=True))


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def visible_to(self, user: User | AnonymousUser) -> CheckInQuerySet:
        """Check-ins on goals the person may see."""
        return self.filter(goal__in=StretchGoal.objects.visible_to(user))

    def with_replies(self) -> CheckInQuerySet:
        replies = CheckInReply.objects.select_related("author")
        return self.prefetch_related(Prefetch("replies", queryset=replies))


class CheckIn(models.Model):
    """The owner's monthly word on a goal: how far they got, from 1 to 5, and a note.

    One per goal and month; a second for the same month is refused, and the
    owner edits the first instead.
    """

    class Rating(models.IntegerChoices):
        STALLED = 1, "Stalled"
        EARLY_STEPS = 2, "First steps"
        STEADY = 3, "Steady progress"
        STRONG = 4, "Strong progress"
        BREAKTHROUGH = 5, "Breakthrough"

    goal = models.ForeignKey(StretchGoal, on_delete=models.CASCADE, related_name="check_ins")
    month = models.DateField(help_text="The first day of the month the check-in is for.")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    note = models.TextField(max_length=NOTE_LIMIT, blank=True)
    note_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "month"],
                name="check_in_once_per_goal_and_month",
                violation_error_message="This goal already has a check-in for that month.",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="check_in_rating_one_to_five",
                violation_error_message="A progress rating is a whole number from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="check_in_month_starts_on_the_first",
                violation_error_message="A check-in's month is given by its first day.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.month:%B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.note_html = render_markdown(self.note)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "note" in update_fields:
            kwargs["update_fields"] = {*update_fields, "note_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.goal.get_absolute_url()}#check-in-{self.pk}"


class CheckInReplyQuerySet(models.QuerySet["CheckInReply"]):
    def visible_to(self, user: User | AnonymousUser) -> CheckInReplyQuerySet:
        """Replies on check-ins of goals the person may see."""
        return self.filter(check_in__goal__in=StretchGoal.objects.visible_to(user))


class CheckInReply(models.Model):
    """A short word of encouragement from a peer, or the owner's answer, on a shared check-in."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_in_replies"
    )
    body = models.TextField(max_length=REPLY_LIMIT)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CheckInReplyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "check-in replies"
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""),
                name="check_in_reply_has_text",
                violation_error_message="A reply needs some words.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.check_in}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.check_in.goal.get_absolute_url()}#reply-{self.pk}"

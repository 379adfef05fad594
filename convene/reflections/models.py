"""The reflection journal: private answers to prompts, and anonymous copies shared with a community.

A reflection belongs to its author and to no one else: not other members, not
convenors, sponsors or administrators. An author may share one answer with a
community they belong to; that makes a SharedReflection, a copy of the text
that carries no author, no link back to the reflection and only the month it
was shared, so nothing on the shared side can lead back to the person.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import MD5
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.lib.markdown import render_markdown
from convene.people.models import User
from convene.reflections.prompts import BY_KEY, Prompt

PROMPT_LIMIT = 300
BODY_LIMIT = 5_000
# In a smaller community, a shared answer could too easily be told apart as one
# person's; the same floor as Convene's anonymity threshold for surveys.
SHARING_MINIMUM_MEMBERS = 5
# Within a month, shared answers are ordered by their words' hash: neither the
# order they were shared in nor their ids may hint at who wrote them.
SHARED_ORDER = ("-shared_on", MD5("body"), "prompt")


def current_member_count(community: Community) -> int:
    """How many active people belong to the community now: what anonymity is judged by."""
    return Membership.objects.current().filter(community=community, user__is_active=True).count()


class ReflectionQuerySet(models.QuerySet["Reflection"]):
    def visible_to(self, user: User | AnonymousUser) -> ReflectionQuerySet:
        """The person's own reflections, and nothing else, whatever their role."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(author=user)

    def for_journal(self) -> ReflectionQuerySet:
        """With their communities, oldest first, as the side-by-side view reads them."""
        return self.select_related("community", "shared_with").order_by("created_at", "id")


class Reflection(models.Model):
    """A member's private answer to one of the journal's prompts; only its author ever sees it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    prompt = models.CharField(max_length=40, help_text="The key of a prompt in prompts.py.")
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The community the answer is about, if any.",
    )
    body = models.TextField(max_length=BODY_LIMIT)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Kept on the private side only, so the author knows the answer has gone and
    # is not offered to share it twice; the shared copy knows nothing of this.
    shared_with = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_on = models.DateField(null=True, blank=True)

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["author", "prompt"], name="reflection_author_prompt")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""),
                name="reflection_has_text",
                violation_error_message="A reflection needs some words.",
            ),
            models.CheckConstraint(
                condition=~Q(prompt=""),
                name="reflection_has_prompt",
                violation_error_message="A reflection answers a prompt.",
            ),
        ]

    def __str__(self) -> str:
        return f"Reflection of {self.created_at:%-d %B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{reverse('reflections:journal')}#reflection-{self.pk}"

    @property
    def prompt_entry(self) -> Prompt | None:
        return BY_KEY.get(self.prompt)

    @property
    def prompt_text(self) -> str:
        entry = self.prompt_entry
        return entry.text if entry else self.prompt

    @property
    def is_shared(self) -> bool:
        return self.shared_on is not None


class SharedReflectionQuerySet(models.QuerySet["SharedReflection"]):
    def visible_in(self, community: Community) -> SharedReflectionQuerySet:
        """One community's shared reflections, newest month first; none while it has fewer
        current members than keep them anonymous, however many it had when they were shared."""
        if current_member_count(community) < SHARING_MINIMUM_MEMBERS:
            return self.none()
        return self.filter(community=community).order_by(*SHARED_ORDER)

    def visible_to(self, user: User | AnonymousUser) -> SharedReflectionQuerySet:
        """Shared reflections in communities the person may read (Community.readable_by)."""
        return self.filter(community__in=Community.objects.readable_by(user))


class SharedReflection(models.Model):
    """An answer a member chose to share with a community, anonymously.

    It carries no author, no link to the private reflection, and only the month
    it was shared in: `shared_on` is always the first day of that month.
    """

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="shared_reflections"
    )
    prompt = models.CharField(max_length=PROMPT_LIMIT)
    body = models.TextField(max_length=BODY_LIMIT)
    body_html = models.TextField(editable=False)
    shared_on = models.DateField()

    objects = SharedReflectionQuerySet.as_manager()

    class Meta:
        ordering = SHARED_ORDER

    def __str__(self) -> str:
        return f"A reflection shared with {self.community} in {self.shared_on:%B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The day would narrow down who shared it; only the month is kept.
        self.shared_on = self.shared_on.replace(day=1)
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

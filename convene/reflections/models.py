"""The reflection journal: private answers to prompts, and anonymous copies shared with a community.

A reflection belongs to its author and to no one else: not other members, not
convenors, sponsors or administrators. An author may share one answer with a
community they belong to; that makes a SharedReflection, a copy of the text
that carries no author, no link back to the reflection and only the day it was
shared, so nothing on the shared side can lead back to the person.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models

from convene.communities.models import Community
from convene.lib.markdown import render_markdown
from convene.people.models import User

PROMPT_LIMIT = 300
BODY_LIMIT = 5_000


class SharedReflectionQuerySet(models.QuerySet["SharedReflection"]):
    def for_community(self, community: Community) -> SharedReflectionQuerySet:
        """One community's shared reflections, newest first."""
        return self.filter(community=community).order_by("-shared_on", "-id")

    def visible_to(self, user: User | AnonymousUser) -> SharedReflectionQuerySet:
        """Shared reflections in communities the person may read (Community.readable_by)."""
        return self.filter(community__in=Community.objects.readable_by(user))


class SharedReflection(models.Model):
    """An answer a member chose to share with a community, anonymously.

    It carries no author, no link to the private reflection, and only the day
    it was shared.
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
        ordering = ["-shared_on", "-id"]

    def __str__(self) -> str:
        return f"A reflection shared with {self.community} on {self.shared_on:%-d %B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

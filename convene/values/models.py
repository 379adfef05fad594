"""The organisation's espoused values, set by administrators."""

from __future__ import annotations

from django.db import models

NAME_LIMIT = 80
DESCRIPTION_LIMIT = 600


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

"""Builders for values tests: the organisation's values and stories told about them."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from convene.people.models import User
from convene.values import services
from convene.values.models import Value, ValueStory

_numbers = itertools.count(1)


def make_value(name: str | None = None, *, active: bool = True, order: int = 0) -> Value:
    number = next(_numbers)
    return Value.objects.create(
        name=name or f"Value {number}",
        description=f"What value {number} looks like day to day.",
        is_active=active,
        order=order or Value.objects.count() + 1,
    )


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def tell(author: User, *values: Value, **fields: Any) -> ValueStory:
    """Tell a story through the service, naming `values` (a new value if none)."""
    fields.setdefault("title", f"Story {next(_numbers)}")
    fields.setdefault("body", "They listened first, then acted.")
    fields.setdefault("happened_on", days_ago(3))
    return services.tell_story(actor=author, values=values or [make_value()], **fields)

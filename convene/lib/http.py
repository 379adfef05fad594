"""Request types for views that only signed-in people reach."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from convene.people.models import User


class AuthenticatedRequest(HttpRequest):
    """A request behind `login_required` or API authentication: `user` is a person."""

    user: User
    htmx: HtmxDetails

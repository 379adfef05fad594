"""What the insights home page offers a person: their own journey, the shared evidence, and
the dashboards their roles open to them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from convene.communities.models import Community
from convene.insights.access import payoff_communities
from convene.people.models import User
from convene.surveys.models import Receipt, Survey


@dataclass(frozen=True)
class Hub:
    surveys_waiting: int
    led: list[Community]
    sees_payoffs: bool
    manages_surveys: bool


def hub_for(user: User) -> Hub:
    """Everything the page needs, in five queries whatever the organisation's size."""
    answered = Receipt.objects.filter(survey=OuterRef("pk"), person=user)
    waiting = Survey.objects.addressed_to(user).filter(status=Survey.Status.OPEN)
    leads = Community.objects.all() if user.is_administrator else Community.objects.led_by(user)
    led = list(leads.order_by("name"))
    sponsored = list(Community.objects.filter(sponsor=user).exclude(pk__in=[c.pk for c in led]))
    return Hub(
        surveys_waiting=waiting.exclude(Exists(answered)).count(),
        led=sorted(led + sponsored, key=lambda community: community.name),
        sees_payoffs=user.is_executive or user.is_administrator or bool(payoff_communities(user)),
        manages_surveys=bool(led),
    )

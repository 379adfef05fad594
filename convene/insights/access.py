"""The one way views and the API find what a person may see in insights.

A community whose health someone may not see, and a report that is not
theirs, are indistinguishable from ones that do not exist (404).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.communities.models import Community
from convene.insights.dashboards import PULSES
from convene.insights.models import Report
from convene.insights.services import InsightError
from convene.people.models import User


def get_health_community_for_user(user: User, slug: str) -> Community:
    """A community whose health dashboard the person may see: its convenors and co-convenors,
    its sponsor and administrators."""
    community = get_object_or_404(Community.objects.visible_to(user), slug=slug)
    if not (user.is_administrator or community.sponsor_id == user.pk or community.is_led_by(user)):
        raise Http404
    return community


def payoff_communities(user: User) -> list[Community]:
    """Communities whose payoffs the person may see.

    Sponsors see the communities they sponsor; executives and administrators
    see every community they can read. A private community's figures go only
    to those who can read it, and to its own sponsor.
    """
    shown = Q(sponsor=user)
    if user.is_executive or user.is_administrator:
        shown |= Q(pk__in=Community.objects.readable_by(user).values("pk"))
    return list(Community.objects.filter(shown).order_by("name"))


def get_payoff_communities(user: User | AnonymousUser) -> list[Community]:
    """The communities for the payoffs page; 404 for someone who neither sponsors nor leads."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    communities = payoff_communities(user)
    if not communities and not (user.is_executive or user.is_administrator):
        raise Http404
    return communities


def choose_communities(available: list[Community], slugs: Iterable[str]) -> list[Community]:
    """The communities named, all of them if none is; refuse a name the person may not use."""
    wanted = [slug for slug in dict.fromkeys(slugs) if slug]
    if not wanted:
        return available
    by_slug = {community.slug: community for community in available}
    unknown = [slug for slug in wanted if slug not in by_slug]
    if unknown:
        raise InsightError(
            f"There is no community '{unknown[0]}' whose payoffs you may see. "
            "Choose from the communities listed."
        )
    return [by_slug[slug] for slug in wanted]


def get_pulse(instrument: str) -> str:
    """One of the pulses the dashboards follow; any other name does not exist here."""
    if instrument not in PULSES:
        raise Http404
    return instrument


def get_report_for_user(user: User | AnonymousUser, report_id: uuid.UUID) -> Report:
    return get_object_or_404(Report.objects.visible_to(user), pk=report_id)

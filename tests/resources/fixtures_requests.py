"""A community with this quarter's parameters, an approved project and people to release.

Each test module defines its own ``world`` fixture from ``build_world``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.people.models import User
from convene.projects import services as projects
from convene.projects.models import Project
from convene.resources import requests as services
from convene.resources.models import (
    ApprovalRule,
    Cap,
    Envelope,
    ExpertOffer,
    Kind,
    Period,
    RequestLine,
    ResourceRequest,
)
from tests.factories import make_person

PERIOD_NAME = "Q4 2026"


@dataclass
class World:
    community: Community
    lead: User
    convenor: User
    sponsor: User
    worker: User
    manager: User
    expert: User
    period: Period
    project: Project
    offer: ExpertOffer

    def envelope(self, kind: str = Kind.FUNDING) -> Envelope:
        return Envelope.objects.get(period=self.period, community=self.community, kind=kind)


def make_period(name: str = PERIOD_NAME) -> Period:
    today = timezone.localdate()
    return Period.objects.create(
        name=name,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
    )


def set_envelope(period: Period, community: Community, kind: str, total: str) -> Envelope:
    return Envelope.objects.create(
        period=period, community=community, kind=kind, total=Decimal(total)
    )


def make_project(
    community: Community, lead: User, decider: User, title: str = "Buddy scheme"
) -> Project:
    project = projects.draft_project(
        actor=lead,
        community=community,
        title=title,
        problem="New starters feel alone in their first month.",
        intended_outcomes="Every new starter has a buddy from another team.",
    )
    projects.propose_project(actor=lead, project=project)
    return projects.approve_project(actor=decider, project=project)


def draft(world: World, *lines: tuple[str, str], lead: User | None = None) -> ResourceRequest:
    """A draft request of the world's project with funding lines of (amount, purpose)."""
    request = services.draft_request(
        actor=lead or world.lead, project=world.project, summary="Materials and a facilitator."
    )
    for amount, purpose in lines:
        services.add_line(
            actor=lead or world.lead,
            request=request,
            kind=Kind.FUNDING,
            amount=Decimal(amount),
            purpose=purpose,
        )
    return request


def submitted(world: World, *lines: tuple[str, str]) -> ResourceRequest:
    return services.submit_request(actor=world.lead, request=draft(world, *lines))


def time_line(world: World, request: ResourceRequest, hours: str = "10") -> RequestLine:
    return services.add_line(
        actor=world.lead,
        request=request,
        kind=Kind.TIME,
        amount=Decimal(hours),
        purpose="Running the buddy sessions",
        person=world.worker,
    )


def build_world(people) -> World:
    community = people.open_community
    manager = make_person("Mona Manager")
    worker = make_person("Ada Lovelace", line_manager=manager)
    expert = make_person("Grace Hopper")
    Membership.objects.create(community=community, user=worker)
    period = make_period()
    set_envelope(period, community, Kind.FUNDING, "1000")
    set_envelope(period, community, Kind.TIME, "100")
    set_envelope(period, community, Kind.EXPERTISE, "50")
    Cap.objects.create(period=period, kind=Kind.FUNDING, amount=Decimal("1200"))
    ApprovalRule.objects.create(period=period, kind=Kind.FUNDING, above=Decimal("0"))
    ApprovalRule.objects.create(
        period=period, kind=Kind.FUNDING, above=Decimal("500"), needs_sponsor=True
    )
    offer = ExpertOffer.objects.create(
        expert=expert, topic="Coaching skills", hours=Decimal("20"), remaining=Decimal("20")
    )
    return World(
        community=community,
        lead=people.member,
        convenor=people.convenor,
        sponsor=people.sponsor,
        worker=worker,
        manager=manager,
        expert=expert,
        period=period,
        project=make_project(community, people.member, people.convenor),
        offer=offer,
    )

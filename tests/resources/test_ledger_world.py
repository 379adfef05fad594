"""A private community with this quarter's envelopes, an approved project and its allocations.

Shared by the ledger's test modules; it holds no tests itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from convene.communities.models import Community, Membership
from convene.people.models import User
from convene.projects.models import Project, ProjectRole
from convene.resources.models import (
    Allocation,
    Envelope,
    ExpertOffer,
    Kind,
    Period,
    RequestLine,
    ResourceRequest,
)
from tests.factories import make_person
from tests.resources.fixtures_requests import PERIOD_NAME, make_period, make_project, set_envelope

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@dataclass
class LedgerWorld:
    community: Community
    lead: User
    helper: User
    worker: User
    expert: User
    convenor: User
    period: Period
    project: Project
    funding: Allocation
    time: Allocation
    expertise: Allocation


def receipt(name: str = "receipt.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def allocate(
    project: Project,
    envelope: Envelope,
    amount: str,
    *,
    person: User | None = None,
    offer: ExpertOffer | None = None,
    purpose: str = "Materials",
) -> Allocation:
    """An allocation from an approved request line, taken from the envelope as approval does."""
    request = ResourceRequest.objects.create(
        project=project,
        period=envelope.period,
        summary="What the project needs.",
        status=ResourceRequest.Status.APPROVED,
        requested_by=project.created_by,
    )
    line = RequestLine.objects.create(
        request=request,
        kind=envelope.kind,
        amount=Decimal(amount),
        approved=Decimal(amount),
        purpose=purpose,
        person=person,
        offer=offer,
    )
    Envelope.objects.filter(pk=envelope.pk).update(remaining=F("remaining") - Decimal(amount))
    return Allocation.objects.create(
        envelope=envelope,
        project=project,
        line=line,
        amount=Decimal(amount),
        unspent=Decimal(amount),
    )


def build_ledger_world(people, *, community: Community | None = None) -> LedgerWorld:
    community = community or people.private_community
    helper = make_person("Hal Helper")
    worker = make_person("Wren Worker")
    expert = make_person("Esme Expert")
    for person in (helper, worker):
        Membership.objects.create(community=community, user=person)
    period = Period.objects.filter(name=PERIOD_NAME).first() or make_period()
    funding = set_envelope(period, community, Kind.FUNDING, "1000")
    time = set_envelope(period, community, Kind.TIME, "100")
    expertise = set_envelope(period, community, Kind.EXPERTISE, "50")
    project = make_project(community, people.member, people.convenor)
    ProjectRole.objects.create(project=project, person=helper, name="Helper")
    offer = ExpertOffer.objects.create(
        expert=expert, topic="Coaching", hours=Decimal("20"), remaining=Decimal("12")
    )
    return LedgerWorld(
        community=community,
        lead=people.member,
        helper=helper,
        worker=worker,
        expert=expert,
        convenor=people.convenor,
        period=period,
        project=project,
        funding=allocate(project, funding, "200"),
        time=allocate(project, time, "30", person=worker, purpose="Running sessions"),
        expertise=allocate(project, expertise, "8", offer=offer, purpose="Coaching the team"),
    )


def big_file(size: int) -> io.BytesIO:
    return io.BytesIO(PDF + b"\x00" * (size - len(PDF)))

"""Approving resource requests: the chain, reasons, partial approval and the commitment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from convene.audit.models import AuditEvent
from convene.notifications.models import Notification
from convene.projects import services as projects
from convene.projects.models import Project
from convene.resources import approvals
from convene.resources import requests as services
from convene.resources.models import (
    Allocation,
    Approval,
    Envelope,
    ExpertOffer,
    Kind,
    LedgerEntry,
    RequestLine,
    ResourceRequest,
)
from convene.resources.services import ResourceError
from tests.factories import make_person
from tests.resources.fixtures_requests import World, build_world, draft, submitted, time_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people) -> World:
    return build_world(people)


def approve(actor, request, step="convenor", **options):
    return approvals.decide(
        actor=actor,
        request=request,
        step=step,
        decision=options.pop("decision", "approved"),
        **options,
    )


def test_the_convenor_approves_a_small_request_and_the_funding_is_committed(world):
    request = approve(world.convenor, submitted(world, ("300", "Pens"), ("100", "Paper")))
    assert request.status == ResourceRequest.Status.APPROVED
    envelope = world.envelope()
    assert envelope.remaining == Decimal("600")
    allocations = Allocation.objects.filter(project=world.project)
    assert sorted(a.amount for a in allocations) == [Decimal("100"), Decimal("300")]
    assert all(a.unspent == a.amount and a.line_id for a in allocations)
    commitments = LedgerEntry.objects.filter(entry=LedgerEntry.Entry.COMMITMENT)
    assert commitments.aggregate(total=Sum("amount"))["total"] == Decimal("400")
    assert envelope.total - envelope.remaining == Decimal("400")
    assert Notification.objects.filter(recipient=world.lead, key__startswith="resource-approved")
    assert AuditEvent.objects.filter(action="resources.request_approved").exists()


def test_the_sponsor_decides_after_the_convenor_and_only_then_is_anything_committed(world):
    request = submitted(world, ("600", "Venue"))
    with pytest.raises(ResourceError, match="The convenor decides first"):
        approve(world.sponsor, request, step="sponsor")
    approve(world.convenor, request)
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.SUBMITTED
    assert not Allocation.objects.exists()
    assert Notification.objects.filter(recipient=world.sponsor, key__startswith="resource-sponsor")
    approve(world.sponsor, request, step="sponsor", reason="A good use of the envelope.")
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.APPROVED
    assert world.envelope().remaining == Decimal("400")
    with pytest.raises(ResourceError, match="not awaiting a decision"):
        approve(world.sponsor, request, step="sponsor")


def test_no_one_approves_their_own_request(world):
    projects.add_role(
        actor=world.lead, project=world.project, name="Co-lead", person=world.convenor, is_lead=True
    )
    co_convenor = make_person("Cleo Coconvenor")
    world.community.memberships.create(user=co_convenor, role="co_convenor")
    request = services.submit_request(
        actor=world.convenor, request=draft(world, ("100", "Pens"), lead=world.convenor)
    )
    with pytest.raises(ResourceError, match="You made this request, so someone else approves it"):
        approve(world.convenor, request)
    assert not Approval.objects.exists()
    approve(co_convenor, request)


def test_no_one_approves_a_request_with_a_line_naming_them(world):
    world.community.memberships.create(user=world.manager)
    convenor_as_worker = world.convenor
    convenor_as_worker.line_manager = world.manager
    convenor_as_worker.save()
    co_convenor = make_person("Cleo Coconvenor")
    world.community.memberships.create(user=co_convenor, role="co_convenor")
    request = draft(world)
    services.add_line(
        actor=world.lead,
        request=request,
        kind=Kind.TIME,
        amount=Decimal("4"),
        purpose="Facilitating",
        person=world.convenor,
    )
    services.submit_request(actor=world.lead, request=request)
    with pytest.raises(ResourceError, match="A line of this request names you"):
        approve(world.convenor, request)


def test_someone_who_is_not_an_approver_is_told_who_decides(world):
    request = submitted(world, ("100", "Pens"))
    with pytest.raises(ResourceError, match="Only the convenors of Open Circle"):
        approve(world.worker, request)


def test_a_partial_approval_lowers_lines_and_needs_a_reason(world):
    request = submitted(world, ("300", "Venue"), ("100", "Paper"))
    venue, paper = request.lines.order_by("amount").reverse()
    with pytest.raises(ResourceError, match="Give a reason for approving the request in part"):
        approve(world.convenor, request, decision="partly", approved={venue.pk: Decimal("200")})
    with pytest.raises(ResourceError, match="Lower at least one line"):
        approve(world.convenor, request, decision="partly", reason="Less", approved={})
    with pytest.raises(ResourceError, match=r"between nothing and £300\.00 for “Venue”"):
        approve(
            world.convenor,
            request,
            decision="partly",
            reason="x",
            approved={venue.pk: Decimal("301")},
        )
    with pytest.raises(ResourceError, match=r"between nothing and £100\.00"):
        approve(
            world.convenor,
            request,
            decision="partly",
            reason="x",
            approved={paper.pk: Decimal("-1")},
        )
    approve(
        world.convenor,
        request,
        decision="partly",
        reason="The venue can be cheaper.",
        approved={venue.pk: Decimal("200")},
    )
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.PARTLY_APPROVED
    assert world.envelope().remaining == Decimal("700")
    assert Approval.objects.get().reason == "The venue can be cheaper."


def test_a_line_approved_at_nothing_gets_no_allocation(world):
    request = submitted(world, ("300", "Venue"), ("100", "Paper"))
    paper = request.lines.get(purpose="Paper")
    approve(world.convenor, request, decision="partly", reason="No paper", approved={paper.pk: 0})
    assert Allocation.objects.count() == 1
    assert RequestLine.objects.get(pk=paper.pk).approved == 0


def test_a_decline_needs_a_reason_and_ends_the_request(world):
    request = submitted(world, ("600", "Venue"))
    with pytest.raises(ResourceError, match="Give a reason for declining"):
        approve(world.convenor, request, decision="declined")
    approve(world.convenor, request, decision="declined", reason="Try the community fund first.")
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.DECLINED
    assert services.current_step(request) is None
    assert world.envelope().remaining == Decimal("1000")
    assert Notification.objects.filter(recipient=world.lead, key__startswith="resource-declined")


def test_the_final_approval_waits_for_consent(world):
    request = draft(world, ("100", "Pens"))
    time_line(world, request)
    services.submit_request(actor=world.lead, request=request)
    with pytest.raises(ResourceError, match="Waiting for Ada Lovelace's line manager to consent"):
        approve(world.convenor, request)
    assert not Approval.objects.exists()
    request.lines.filter(kind=Kind.TIME).update(consent=RequestLine.Consent.GIVEN)
    approve(world.convenor, request)
    assert world.envelope(Kind.TIME).remaining == Decimal("90")


def test_a_refused_consent_gives_the_line_nothing(world):
    request = draft(world, ("100", "Pens"))
    time_line(world, request)
    services.submit_request(actor=world.lead, request=request)
    request.lines.filter(kind=Kind.TIME).update(consent=RequestLine.Consent.REFUSED)
    approve(world.convenor, request)
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.PARTLY_APPROVED
    assert request.lines.get(kind=Kind.TIME).approved == 0
    assert world.envelope(Kind.TIME).remaining == Decimal("100")


def test_expert_hours_come_out_of_the_offer_when_approved(world):
    request = draft(world)
    services.add_line(
        actor=world.lead,
        request=request,
        kind=Kind.EXPERTISE,
        amount=Decimal("6"),
        purpose="Coaching the buddies",
        offer=world.offer,
    )
    services.submit_request(actor=world.lead, request=request)
    with pytest.raises(ResourceError, match="Waiting for Grace Hopper to accept"):
        approve(world.convenor, request)
    request.lines.update(consent=RequestLine.Consent.GIVEN)
    approve(world.convenor, request)
    assert ExpertOffer.objects.get().remaining == Decimal("14")
    assert world.envelope(Kind.EXPERTISE).remaining == Decimal("44")


def test_an_envelope_spent_since_submission_refuses_the_approval_and_writes_nothing(world):
    request = submitted(world, ("400", "Venue"))
    Envelope.objects.filter(kind=Kind.FUNDING).update(remaining=Decimal("250"))
    with pytest.raises(ResourceError) as refused:
        approve(world.convenor, request)
    assert str(refused.value) == (
        "Funding: approving this commits £400.00 but the community's funding envelope for "
        "Q4 2026 has £250.00 left: £150.00 short."
    )
    assert not Approval.objects.exists()
    assert not Allocation.objects.exists()
    assert not LedgerEntry.objects.exists()
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.SUBMITTED
    assert world.envelope().remaining == Decimal("250")


def test_the_cap_is_checked_again_when_committing(world):
    Envelope.objects.filter(kind=Kind.FUNDING).update(total=5000, remaining=5000)
    first, second = submitted(world, ("500", "Venue")), submitted(world, ("500", "Food"))
    third = submitted(world, ("500", "Prizes"))
    approve(world.convenor, first)
    approve(world.convenor, second)
    with pytest.raises(
        ResourceError, match=r"the cap for Q4 2026 is £1,200\.00 a project: £300\.00"
    ):
        approve(world.convenor, third)
    approved = {third.lines.get().pk: Decimal("200")}
    approve(world.convenor, third, decision="partly", reason="Up to the cap", approved=approved)
    assert world.envelope().remaining == Decimal("3800")


def test_a_proposed_project_cannot_have_resources_committed(world, people):
    project = projects.propose_project(
        actor=world.lead,
        project=projects.draft_project(
            actor=world.lead,
            community=world.community,
            title="Lunch and learn",
            problem="p",
            intended_outcomes="o",
        ),
    )
    request = services.draft_request(actor=world.lead, project=project, summary="Food")
    services.add_line(
        actor=world.lead, request=request, kind=Kind.FUNDING, amount=Decimal("50"), purpose="Food"
    )
    services.submit_request(actor=world.lead, request=request)
    with pytest.raises(ResourceError, match="once the project is approved; this one is proposed"):
        approve(world.convenor, request)
    assert Project.objects.get(pk=project.pk).allocations.count() == 0


def test_the_queue_holds_only_requests_awaiting_your_step(world, people):
    small = submitted(world, ("100", "Pens"))
    large = submitted(world, ("600", "Venue"))
    assert list(services.awaiting(world.convenor)) == [small, large]
    assert list(services.awaiting(world.sponsor)) == []
    approve(world.convenor, large)
    assert list(services.awaiting(world.sponsor)) == [large]
    assert list(services.awaiting(world.convenor)) == [small]
    assert list(services.awaiting(people.admin)) == []
    assert list(services.awaiting(world.lead)) == []


def test_an_administrator_takes_the_sponsor_step_when_there_is_no_sponsor(world, people):
    world.community.sponsor = None
    world.community.save()
    request = submitted(world, ("600", "Venue"))
    approve(world.convenor, request)
    assert list(services.awaiting(people.admin)) == [request]
    approve(people.admin, request, step="sponsor")
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.APPROVED


def test_an_administrator_stands_in_for_a_sponsor_the_request_names(world, people):
    sponsor = world.sponsor
    sponsor.line_manager = world.manager
    sponsor.save()
    world.community.memberships.create(user=sponsor)
    request = draft(world, ("600", "Venue"))
    services.add_line(
        actor=world.lead,
        request=request,
        kind=Kind.TIME,
        amount=Decimal("3"),
        purpose="Opening the launch",
        person=sponsor,
    )
    services.submit_request(actor=world.lead, request=request)
    request.lines.filter(kind=Kind.TIME).update(consent=RequestLine.Consent.GIVEN)
    approve(world.convenor, request)
    with pytest.raises(ResourceError, match="A line of this request names you"):
        approve(sponsor, request, step="sponsor")
    assert list(services.awaiting(sponsor)) == []
    assert list(services.awaiting(people.admin)) == [request]
    approve(people.admin, request, step="sponsor")
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.APPROVED

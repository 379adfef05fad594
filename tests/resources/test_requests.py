"""Drafting a resource request and checking it against the agreed parameters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from convene.audit.models import AuditEvent
from convene.notifications.models import Notification
from convene.projects import services as projects
from convene.resources import approvals
from convene.resources import requests as services
from convene.resources.models import (
    Allocation,
    ApprovalRule,
    Cap,
    Envelope,
    Kind,
    Period,
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


def add_funding(world, request, amount, purpose="Printing"):
    return services.add_line(
        actor=world.lead, request=request, kind=Kind.FUNDING, amount=amount, purpose=purpose
    )


# -- Drafting -------------------------------------------------------------------------------


def test_a_lead_drafts_a_request_for_the_current_period(world):
    request = draft(world)
    assert request.status == ResourceRequest.Status.DRAFT
    assert request.period == world.period
    assert AuditEvent.objects.filter(action="resources.request_drafted").count() == 1


def test_someone_who_does_not_lead_the_project_cannot_draft(world):
    with pytest.raises(ResourceError, match="Only the project's leads"):
        services.draft_request(actor=world.worker, project=world.project, summary="More")
    assert not ResourceRequest.objects.exists()


def test_without_a_current_period_the_draft_is_refused_saying_why(world):
    Period.objects.update(
        starts_on=world.period.starts_on.replace(year=2020),
        ends_on=world.period.starts_on.replace(year=2020),
    )
    with pytest.raises(ResourceError, match="No period of agreed parameters covers today"):
        draft(world)


def test_a_draft_project_cannot_ask_for_resources(world, people):
    project = projects.draft_project(
        actor=world.lead,
        community=world.community,
        title="Not yet",
        problem="p",
        intended_outcomes="o",
    )
    with pytest.raises(ResourceError, match="once it is proposed"):
        services.draft_request(actor=world.lead, project=project, summary="Money")


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), Decimal("-0.01")])
def test_zero_and_negative_amounts_are_refused_and_nothing_is_written(world, amount):
    request = draft(world)
    with pytest.raises(ResourceError, match="Ask for more than nothing"):
        add_funding(world, request, amount)
    assert not RequestLine.objects.exists()


def test_an_amount_with_fractions_of_a_penny_is_refused(world):
    with pytest.raises(ResourceError, match="two decimal places"):
        add_funding(world, draft(world), Decimal("1.005"))


def test_hours_for_someone_who_is_not_a_member_are_refused(world):
    stranger = make_person("Sam Stranger", line_manager=world.manager)
    request = draft(world)
    with pytest.raises(ResourceError, match="Sam Stranger is not a current member of Open Circle"):
        services.add_line(
            actor=world.lead,
            request=request,
            kind=Kind.TIME,
            amount=Decimal("5"),
            purpose="Help",
            person=stranger,
        )
    assert not RequestLine.objects.exists()


def test_hours_for_a_member_without_a_line_manager_are_refused(world, people):
    request = draft(world)
    with pytest.raises(ResourceError, match="Maya Member has no line manager recorded"):
        services.add_line(
            actor=world.lead,
            request=request,
            kind=Kind.TIME,
            amount=Decimal("5"),
            purpose="Help",
            person=people.member,
        )


def test_expert_hours_beyond_what_the_offer_has_left_are_refused(world):
    request = draft(world)
    with pytest.raises(ResourceError, match="has 20 hours left, fewer than the 25 hours asked"):
        services.add_line(
            actor=world.lead,
            request=request,
            kind=Kind.EXPERTISE,
            amount=Decimal("25"),
            purpose="Coaching",
            offer=world.offer,
        )


def test_a_closed_offer_takes_no_new_requests(world):
    world.offer.is_open = False
    world.offer.save()
    with pytest.raises(ResourceError, match="is closed to new requests"):
        services.add_line(
            actor=world.lead,
            request=draft(world),
            kind=Kind.EXPERTISE,
            amount=Decimal("2"),
            purpose="Coaching",
            offer=world.offer,
        )


def test_a_lead_removes_a_line_from_a_draft(world):
    request = draft(world, ("100", "Printing"))
    services.remove_line(actor=world.lead, line=request.lines.get())
    assert not request.lines.exists()


# -- Checks before approvers see it -------------------------------------------------------------


def test_a_request_over_the_envelope_is_refused_naming_the_limit_and_by_how_much(world):
    Cap.objects.all().delete()
    request = draft(world, ("1000", "Venue"), ("500", "Facilitator"))
    with pytest.raises(ResourceError) as refused:
        services.submit_request(actor=world.lead, request=request)
    assert str(refused.value) == (
        "Funding: this request asks for £1,500.00 but the community's funding envelope for "
        "Q4 2026 has £1,000.00 left: £500.00 over."
    )
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.DRAFT


def test_a_request_over_the_cap_counts_what_the_project_already_holds(world):
    Envelope.objects.filter(kind=Kind.FUNDING).update(
        total=Decimal("5000"), remaining=Decimal("5000")
    )
    first = draft(world, ("900", "Venue"))
    services.submit_request(actor=world.lead, request=first)
    approvals.decide(actor=world.convenor, request=first, step="convenor", decision="approved")
    approvals.decide(actor=world.sponsor, request=first, step="sponsor", decision="approved")
    second = draft(world, ("400", "Catering"))
    with pytest.raises(ResourceError) as refused:
        services.submit_request(actor=world.lead, request=second)
    assert str(refused.value) == (
        "Funding: with this request the project would hold £1,300.00 (£900.00 already given and "
        "£400.00 asked), but the cap for Q4 2026 is £1,200.00 a project: £100.00 over."
    )


def test_every_limit_broken_is_named_at_once(world):
    request = draft(world, ("1500", "Venue"))
    time_line(world, request, hours="120")
    with pytest.raises(ResourceError) as refused:
        services.submit_request(actor=world.lead, request=request)
    message = str(refused.value)
    assert "funding envelope for Q4 2026 has £1,000.00 left: £500.00 over." in message
    assert "the cap for Q4 2026 is £1,200.00 a project: £300.00 over." in message
    assert "released-time envelope for Q4 2026 has 100 hours left: 20 hours over." in message


def test_a_missing_envelope_counts_as_nothing_available(world):
    Envelope.objects.filter(kind=Kind.FUNDING).delete()
    with pytest.raises(ResourceError, match="the community has no funding envelope for Q4 2026"):
        submitted(world, ("10", "Pens"))


def test_a_request_with_no_lines_cannot_be_submitted(world):
    with pytest.raises(ResourceError, match="Add at least one line"):
        services.submit_request(actor=world.lead, request=draft(world))


# -- The approval chain ------------------------------------------------------------------------


def test_a_small_request_needs_only_the_convenor(world):
    request = submitted(world, ("200", "Pens"))
    assert (request.needs_convenor, request.needs_sponsor) == (True, False)


def test_a_request_above_the_higher_threshold_needs_convenor_and_sponsor(world):
    request = submitted(world, ("600", "Venue"))
    assert (request.needs_convenor, request.needs_sponsor) == (True, True)


def test_a_kind_without_a_rule_is_approved_by_the_convenor(world):
    ApprovalRule.objects.all().delete()
    request = submitted(world, ("900", "Venue"))
    assert (request.needs_convenor, request.needs_sponsor) == (True, False)


def test_the_chain_is_the_union_of_each_kinds_rule(world):
    ApprovalRule.objects.create(
        period=world.period,
        kind=Kind.TIME,
        above=Decimal("5"),
        needs_convenor=False,
        needs_sponsor=True,
    )
    request = draft(world, ("100", "Pens"))
    time_line(world, request, hours="6")
    request = services.submit_request(actor=world.lead, request=request)
    assert services.steps(request) == ["convenor", "sponsor"]


def test_when_the_only_convenor_made_the_request_the_sponsor_decides(world, people):
    projects.add_role(
        actor=world.lead, project=world.project, name="Co-lead", person=world.convenor, is_lead=True
    )
    request = draft(world, ("100", "Pens"), lead=world.convenor)
    request = services.submit_request(actor=world.convenor, request=request)
    assert services.steps(request) == ["sponsor"]


def test_submitting_asks_for_consents_and_tells_the_first_approvers(world):
    request = draft(world, ("100", "Pens"))
    time_line(world, request)
    services.add_line(
        actor=world.lead,
        request=request,
        kind=Kind.EXPERTISE,
        amount=Decimal("4"),
        purpose="Coaching",
        offer=world.offer,
    )
    services.submit_request(actor=world.lead, request=request)
    assert set(request.lines.values_list("consent", flat=True)) == {"not_needed", "pending"}
    told = set(Notification.objects.values_list("recipient__full_name", flat=True))
    assert told == {"Mona Manager", "Grace Hopper", "Connor Convenor"}
    asked = Notification.objects.get(recipient=world.manager)
    assert asked.url == reverse("resources:consents")
    assert "10 hours of Ada Lovelace's time" in asked.message


# -- Nothing changes once submitted or decided ---------------------------------------------


def test_a_submitted_request_cannot_be_edited(world):
    request = submitted(world, ("100", "Pens"))
    with pytest.raises(ResourceError, match="awaiting approval, so it can no longer be changed"):
        add_funding(world, request, Decimal("5"))
    with pytest.raises(ResourceError, match="can no longer be changed"):
        services.edit_summary(actor=world.lead, request=request, summary="Something else")


def test_an_approved_request_cannot_be_edited_or_withdrawn(world):
    request = submitted(world, ("100", "Pens"))
    approvals.decide(actor=world.convenor, request=request, step="convenor", decision="approved")
    with pytest.raises(ResourceError, match="approved, so it can no longer be changed"):
        services.remove_line(actor=world.lead, line=request.lines.get())
    with pytest.raises(ResourceError, match="approved, so it can no longer change"):
        services.withdraw_request(actor=world.lead, request=request)
    assert request.lines.count() == 1


def test_a_lead_withdraws_a_submitted_request(world):
    request = services.withdraw_request(actor=world.lead, request=submitted(world, ("100", "Pens")))
    assert request.status == ResourceRequest.Status.WITHDRAWN
    with pytest.raises(ResourceError, match="not awaiting a decision"):
        approvals.decide(
            actor=world.convenor, request=request, step="convenor", decision="approved"
        )


def test_a_closed_project_refuses_every_action(world):
    request = submitted(world, ("100", "Pens"))
    projects.close_project(actor=world.lead, project=world.project, reason="Merged with another")
    request.refresh_from_db()
    with pytest.raises(ResourceError, match="closed"):
        services.draft_request(actor=world.lead, project=request.project, summary="More")
    with pytest.raises(ResourceError, match="closed, so its resources can no longer change"):
        approvals.decide(
            actor=world.convenor, request=request, step="convenor", decision="approved"
        )
    assert not Allocation.objects.exists()

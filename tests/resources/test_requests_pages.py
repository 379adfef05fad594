"""The request pages: drafting in the browser, the decision form, the queue, and who gets a 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from convene.resources import approvals
from convene.resources import requests as services
from convene.resources.models import Envelope, Kind, ResourceRequest
from tests.conftest import client_for
from tests.resources.fixtures_requests import (
    World,
    build_world,
    draft,
    make_project,
    set_envelope,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people) -> World:
    return build_world(people)


def detail(request: ResourceRequest) -> str:
    return reverse("resources:request_detail", args=[request.pk])


def test_a_lead_drafts_a_request_adds_a_line_and_submits_it_in_the_browser(world):
    client = client_for(world.lead)
    page = client.get(reverse("resources:request_create", args=[world.project.pk]))
    assert page.status_code == 200
    created = client.post(
        reverse("resources:request_create", args=[world.project.pk]),
        {"summary": "A launch session for the buddies."},
    )
    request = ResourceRequest.objects.get()
    assert created["Location"] == detail(request)
    added = client.post(
        reverse("resources:request_line_add", args=[request.pk]),
        {"kind": "funding", "amount": "250", "purpose": "Venue"},
    )
    assert added.status_code == 302
    page = client.get(detail(request))
    assert "Venue" in page.content.decode() and "£250.00" in page.content.decode()
    client.post(reverse("resources:request_submit", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.SUBMITTED


def test_a_negative_amount_is_shown_as_a_form_error(world):
    request = draft(world)
    response = client_for(world.lead).post(
        reverse("resources:request_line_add", args=[request.pk]),
        {"kind": "funding", "amount": "-20", "purpose": "Venue"},
    )
    assert response.status_code == 400
    assert "Ask for more than nothing." in response.content.decode()
    assert not request.lines.exists()


def test_time_for_a_non_member_is_shown_as_a_form_error(world, people):
    request = draft(world)
    response = client_for(world.lead).post(
        reverse("resources:request_line_add", args=[request.pk]),
        {"kind": "time", "amount": "5", "purpose": "Help", "person": people.outsider.pk},
    )
    assert response.status_code == 400
    assert not request.lines.exists()


def test_the_draft_page_shows_the_limits_it_breaks_and_submitting_says_so(world):
    request = draft(world, ("1500", "Venue"))
    client = client_for(world.lead)
    page = client.get(detail(request)).content.decode()
    assert "£500.00 over" in page
    response = client.post(reverse("resources:request_submit", args=[request.pk]), follow=True)
    assert "Q4 2026 has £1,000.00 left: £500.00 over." in response.content.decode()
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.DRAFT


def test_someone_who_is_not_a_lead_is_told_why_on_opening_the_form(world):
    response = client_for(world.worker).get(
        reverse("resources:request_create", args=[world.project.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == world.project.get_absolute_url()
    assert "Only the project&#x27;s leads ask for its resources." in response.content.decode()


def test_a_lead_who_is_not_an_approver_sees_no_decision_form(world):
    request = submitted(world, ("100", "Pens"))
    page = client_for(world.lead).get(detail(request)).content.decode()
    assert "Your decision" not in page
    assert "Withdraw the request" in page


def test_the_convenor_approves_in_part_from_the_page(world):
    request = submitted(world, ("300", "Venue"))
    line = request.lines.get()
    client = client_for(world.convenor)
    assert "Your decision" in client.get(detail(request)).content.decode()
    response = client.post(
        reverse("resources:request_decide", args=[request.pk]),
        {"decision": "partly", "reason": "A smaller room", f"line_{line.pk}": "200"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.PARTLY_APPROVED
    assert world.envelope().remaining == Decimal("800")


def test_a_refused_decision_is_shown_on_the_page_and_changes_nothing(world):
    request = submitted(world, ("300", "Venue"))
    response = client_for(world.convenor).post(
        reverse("resources:request_decide", args=[request.pk]), {"decision": "declined"}
    )
    assert response.status_code == 400
    assert "Give a reason for declining the request." in response.content.decode()
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.SUBMITTED


def test_an_approver_cannot_decide_their_own_request_from_the_page(world, people):
    request = submitted(world, ("300", "Venue"))
    response = client_for(world.lead).post(
        reverse("resources:request_decide", args=[request.pk]),
        {"decision": "approved"},
    )
    assert response.status_code == 400
    assert "You made this request, so someone else approves it." in response.content.decode()


# -- Outsiders ---------------------------------------------------------------------------------


@pytest.fixture
def private_request(world, people) -> ResourceRequest:
    project = make_project(people.private_community, people.member, people.convenor, "Quiet")
    set_envelope(world.period, people.private_community, Kind.FUNDING, "500")
    request = services.draft_request(actor=people.member, project=project, summary="Books")
    services.add_line(
        actor=people.member,
        request=request,
        kind=Kind.FUNDING,
        amount=Decimal("50"),
        purpose="Books",
    )
    return request


def test_outsiders_get_404_on_every_request_page(private_request, people):
    client = client_for(people.outsider)
    project = private_request.project
    line = private_request.lines.get()
    gets = [
        reverse("resources:request_create", args=[project.pk]),
        reverse("resources:project_requests", args=[project.pk]),
        detail(private_request),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("resources:request_create", args=[project.pk]),
        reverse("resources:request_edit", args=[private_request.pk]),
        reverse("resources:request_line_add", args=[private_request.pk]),
        reverse("resources:request_line_remove", args=[private_request.pk, line.pk]),
        reverse("resources:request_submit", args=[private_request.pk]),
        reverse("resources:request_withdraw", args=[private_request.pk]),
        reverse("resources:request_decide", args=[private_request.pk]),
    ]
    for url in posts:
        assert client.post(url, {"summary": "x", "decision": "approved"}).status_code == 404, url
    assert private_request.lines.count() == 1


def test_the_sponsor_of_a_private_community_sees_its_requests(private_request, people):
    assert client_for(people.sponsor).get(detail(private_request)).status_code == 200


# -- Lists keep a constant number of queries ---------------------------------------------------


def many_submitted(world: World, count: int) -> None:
    Envelope.objects.filter(kind=Kind.FUNDING).update(total=100000, remaining=100000)
    for index in range(count):
        submitted(world, ("10", f"Item {index}"), ("5", "Extra"))


@pytest.mark.parametrize("count", [2, 40])
def test_the_approval_queue_costs_the_same_queries_at_any_size(
    world, count, django_assert_num_queries
):
    many_submitted(world, count)
    client = client_for(world.convenor)
    with django_assert_num_queries(6):
        response = client.get(reverse("resources:approval_queue"))
    assert response.content.decode().count("request-row") == count


@pytest.mark.parametrize("count", [2, 40])
def test_a_projects_request_list_costs_the_same_queries_at_any_size(
    world, count, django_assert_num_queries
):
    many_submitted(world, count)
    client = client_for(world.lead)
    with django_assert_num_queries(8):
        response = client.get(reverse("resources:project_requests", args=[world.project.pk]))
    assert response.content.decode().count("request-row") == count


def test_a_lead_changes_the_summary_and_removes_a_line_from_the_draft(world):
    request = draft(world, ("100", "Pens"))
    client = client_for(world.lead)
    client.post(reverse("resources:request_edit", args=[request.pk]), {"summary": "Only pens"})
    line = request.lines.get()
    client.post(reverse("resources:request_line_remove", args=[request.pk, line.pk]))
    request.refresh_from_db()
    assert request.summary == "Only pens"
    assert not request.lines.exists()


def test_someone_outside_the_team_who_adds_a_line_is_told_why(world):
    request = draft(world)
    response = client_for(world.worker).post(
        reverse("resources:request_line_add", args=[request.pk]),
        {"kind": "funding", "amount": "20", "purpose": "Venue"},
    )
    assert response.status_code == 400
    assert "Only the project&#x27;s leads can ask for its resources." in response.content.decode()
    assert not request.lines.exists()


def test_an_approved_request_shows_its_chain_with_reasons_and_no_forms(world):
    request = submitted(world, ("300", "Venue"))
    line = request.lines.get()
    approvals.decide(
        actor=world.convenor,
        request=request,
        step="convenor",
        decision="partly",
        reason="A smaller room will do.",
        approved={line.pk: Decimal("250")},
    )
    page = client_for(world.lead).get(detail(request)).content.decode()
    assert "Approved in part by Connor Convenor" in page
    assert "A smaller room will do." in page
    assert "£250.00" in page
    assert "Add the line" not in page and "Withdraw the request" not in page

"""Resource requests through the API: the same services, the same refusals, the same 404s."""

# ruff: noqa: F811  (api_as is a fixture imported from the API tests)

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.projects.models import Project
from convene.resources import approvals
from convene.resources import requests as services
from convene.resources.models import Envelope, Kind, ResourceRequest
from tests.api.conftest import api_as  # noqa: F401
from tests.resources.fixtures_requests import (
    World,
    build_world,
    draft,
    make_project,
    submitted,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/resources/requests"


@pytest.fixture
def world(people) -> World:
    return build_world(people)


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_a_lead_drafts_adds_lines_and_submits_through_the_api(world, api_as):
    client = api_as(world.lead)
    created = post(client, BASE, {"project": str(world.project.pk), "summary": "Launch day"})
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    line = post(
        client,
        f"{BASE}/{request_id}/lines",
        {"kind": "time", "amount": "6", "purpose": "Hosting", "person": world.worker.handle},
    )
    assert line.status_code == 201, line.content
    assert line.json()["person"]["handle"] == world.worker.handle
    funding = post(
        client, f"{BASE}/{request_id}/lines", {"kind": "funding", "amount": "80", "purpose": "Food"}
    )
    assert client.delete(f"{BASE}/{request_id}/lines/{funding.json()['id']}").status_code == 204
    submitted = post(client, f"{BASE}/{request_id}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["lines"][0]["consent"] == "pending"
    assert submitted.json()["awaiting"] == "convenor"


@pytest.mark.parametrize("amount", ["0", "-10"])
def test_zero_and_negative_amounts_are_a_400_with_the_reason(world, api_as, amount):
    request = draft(world)
    response = post(
        api_as(world.lead),
        f"{BASE}/{request.pk}/lines",
        {"kind": "funding", "amount": amount, "purpose": "Food"},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Ask for more than nothing."
    assert not request.lines.exists()


def test_an_amount_in_exponent_form_is_answered_in_pounds_and_pence(world, api_as):
    request = draft(world)
    response = post(
        api_as(world.lead),
        f"{BASE}/{request.pk}/lines",
        {"kind": "funding", "amount": "1E+2", "purpose": "Food"},
    )
    assert response.status_code == 201
    assert response.json()["amount"] == "100.00"


def test_approving_in_part_a_line_of_another_request_is_a_400_and_changes_nothing(world, api_as):
    request = submitted(world, ("100", "Pens"))
    other = submitted(world, ("50", "Paper"))
    line = other.lines.get()
    response = post(
        api_as(world.convenor),
        f"{BASE}/{request.pk}/decide",
        {"decision": "partly", "reason": "Less", "approved": {str(line.pk): "10"}},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == f"This request has no line with the id {line.pk}."
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.SUBMITTED
    assert not request.approvals.exists()
    assert request.lines.get().approved is None


def test_a_closed_offer_is_answered_as_unknown_without_its_topic(world, api_as):
    world.offer.is_open = False
    world.offer.save(update_fields=["is_open"])
    request = draft(world)
    response = post(
        api_as(world.lead),
        f"{BASE}/{request.pk}/lines",
        {"kind": "expertise", "amount": "2", "purpose": "Coaching", "offer": str(world.offer.pk)},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "No offer in the pool of expertise has that id."
    assert not request.lines.exists()


def test_hours_for_someone_outside_the_community_are_a_400(world, api_as, people):
    response = post(
        api_as(world.lead),
        f"{BASE}/{draft(world).pk}/lines",
        {"kind": "time", "amount": "3", "purpose": "Help", "person": people.outsider.handle},
    )
    assert response.status_code == 400
    assert "Olu Outsider is not a current member of Open Circle" in response.json()["detail"]


def test_an_over_envelope_request_is_a_400_naming_the_limit(world, api_as):
    request = draft(world, ("1100", "Venue"))
    response = post(api_as(world.lead), f"{BASE}/{request.pk}/submit")
    assert response.status_code == 400
    assert "has £1,000.00 left: £100.00 over." in response.json()["detail"]


def test_the_convenor_decides_from_the_queue(world, api_as):
    request = submitted(world, ("300", "Venue"))
    client = api_as(world.convenor)
    queue = client.get(f"{BASE}/awaiting")
    assert [item["id"] for item in queue.json()["items"]] == [str(request.pk)]
    line_id = queue.json()["items"][0]["lines"][0]["id"]
    decided = post(
        client,
        f"{BASE}/{request.pk}/decide",
        {"decision": "partly", "reason": "Smaller room", "approved": {str(line_id): "120"}},
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "partly_approved"
    assert decided.json()["approvals"][0]["reason"] == "Smaller room"
    assert world.envelope().remaining == Decimal("880")


def test_approving_ones_own_request_is_a_400(world, api_as):
    request = submitted(world, ("300", "Venue"))
    response = post(api_as(world.lead), f"{BASE}/{request.pk}/decide", {"decision": "approved"})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.SUBMITTED


def test_editing_an_approved_request_is_a_400(world, api_as):
    request = submitted(world, ("300", "Venue"))
    approvals.decide(actor=world.convenor, request=request, step="convenor", decision="approved")
    client = api_as(world.lead)
    response = client.put(
        f"{BASE}/{request.pk}", {"summary": "Changed"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "approved, so it can no longer be changed" in response.json()["detail"]
    assert post(client, f"{BASE}/{request.pk}/withdraw").status_code == 400


def test_deciding_for_an_ended_project_is_a_400_and_commits_nothing(world, api_as):
    request = submitted(world, ("300", "Venue"))
    Project.objects.filter(pk=world.project.pk).update(status=Project.Status.CLOSED)
    response = post(api_as(world.convenor), f"{BASE}/{request.pk}/decide", {"decision": "approved"})
    assert response.status_code == 400
    assert "can no longer change" in response.json()["detail"]
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.SUBMITTED
    assert not request.approvals.exists()
    assert world.envelope().remaining == world.envelope().total


def test_a_lead_withdraws_through_the_api(world, api_as):
    request = submitted(world, ("300", "Venue"))
    response = post(api_as(world.lead), f"{BASE}/{request.pk}/withdraw")
    assert response.json()["status"] == "withdrawn"


def test_outsiders_get_404_everywhere(world, api_as, people):
    project = make_project(people.private_community, people.member, people.convenor, "Quiet")
    request = services.draft_request(actor=people.member, project=project, summary="Books")
    line = services.add_line(
        actor=people.member, request=request, kind=Kind.FUNDING, amount=Decimal("5"), purpose="B"
    )
    client = api_as(people.outsider)
    assert client.get(f"{BASE}?project={project.pk}").status_code == 404
    assert client.get(f"{BASE}/{request.pk}").status_code == 404
    assert post(client, BASE, {"project": str(project.pk), "summary": "x"}).status_code == 404
    for action in ("submit", "withdraw"):
        assert post(client, f"{BASE}/{request.pk}/{action}").status_code == 404
    assert post(client, f"{BASE}/{request.pk}/decide", {"decision": "approved"}).status_code == 404
    assert (
        post(
            client,
            f"{BASE}/{request.pk}/lines",
            {"kind": "funding", "amount": "1", "purpose": "x"},
        ).status_code
        == 404
    )
    assert client.delete(f"{BASE}/{request.pk}/lines/{line.pk}").status_code == 404
    assert (
        client.put(
            f"{BASE}/{request.pk}", {"summary": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(f"{BASE}/awaiting").json()["items"] == []


@pytest.mark.parametrize("count", [2, 40])
def test_the_api_lists_cost_the_same_queries_at_any_size(world, api_as, count):
    Envelope.objects.filter(kind=Kind.FUNDING).update(total=100000, remaining=100000)
    for index in range(count):
        submitted(world, ("10", f"Item {index}"), ("5", "Extra"))
    lead, convenor = api_as(world.lead), api_as(world.convenor)
    with CaptureQueriesContext(connection) as listed:
        response = lead.get(f"{BASE}?project={world.project.pk}&limit=100")
    assert response.json()["count"] == count
    with CaptureQueriesContext(connection) as queued:
        response = convenor.get(f"{BASE}/awaiting?limit=100")
    assert response.json()["count"] == count
    assert (len(listed), len(queued)) == (LISTED_QUERIES, QUEUED_QUERIES)


LISTED_QUERIES = 6
QUEUED_QUERIES = 5

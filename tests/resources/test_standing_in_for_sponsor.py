"""An administrator standing in for a sponsor opens exactly the private requests they decide."""

# ruff: noqa: F811  (api_as is a fixture imported from the API tests)

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from convene.resources import approvals
from convene.resources import requests as services
from convene.resources.models import Kind, ResourceRequest
from tests.api.conftest import api_as  # noqa: F401
from tests.conftest import client_for
from tests.resources.fixtures_requests import World, build_world, make_project, set_envelope

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people) -> World:
    return build_world(people)


@pytest.fixture
def quiet(world, people):
    """A project of the private community, which has no sponsor, with its funding envelope."""
    community = people.private_community
    community.sponsor = None
    community.save(update_fields=["sponsor"])
    set_envelope(world.period, community, Kind.FUNDING, "2000")
    return make_project(community, people.member, people.convenor, "Quiet")


def drafted(people, project, amount: str) -> ResourceRequest:
    request = services.draft_request(actor=people.member, project=project, summary="Books")
    services.add_line(
        actor=people.member,
        request=request,
        kind=Kind.FUNDING,
        amount=Decimal(amount),
        purpose="Books",
    )
    return request


def detail(request: ResourceRequest) -> str:
    return reverse("resources:request_detail", args=[request.pk])


def test_an_administrator_opens_and_decides_a_private_request_without_a_sponsor(quiet, people):
    request = services.submit_request(actor=people.member, request=drafted(people, quiet, "600"))
    approvals.decide(actor=people.convenor, request=request, step="convenor", decision="approved")
    client = client_for(people.admin)
    page = client.get(detail(request))
    assert page.status_code == 200
    assert 'name="decision"' in page.content.decode()
    decided = client.post(
        reverse("resources:request_decide", args=[request.pk]), {"decision": "approved"}
    )
    assert decided.status_code == 302
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.APPROVED
    assert client.get(detail(request)).status_code == 200


def test_standing_in_opens_no_drafts_nor_the_private_project(quiet, people):
    draft = drafted(people, quiet, "600")
    small = services.submit_request(actor=people.member, request=drafted(people, quiet, "20"))
    client = client_for(people.admin)
    assert client.get(detail(draft)).status_code == 404
    assert client.get(detail(small)).status_code == 404
    assert client.get(reverse("resources:project_requests", args=[quiet.pk])).status_code == 404
    assert client.get(quiet.get_absolute_url()).status_code == 404


def test_an_administrator_opens_a_private_request_naming_its_sponsor_in_the_api(
    world, people, api_as
):
    community = people.private_community
    sponsor = people.sponsor
    sponsor.line_manager = world.manager
    sponsor.save(update_fields=["line_manager"])
    community.memberships.create(user=sponsor)
    set_envelope(world.period, community, Kind.FUNDING, "2000")
    set_envelope(world.period, community, Kind.TIME, "100")
    project = make_project(community, people.member, people.convenor, "Quiet")
    request = drafted(people, project, "600")
    services.add_line(
        actor=people.member,
        request=request,
        kind=Kind.TIME,
        amount=Decimal("3"),
        purpose="Opening",
        person=sponsor,
    )
    services.submit_request(actor=people.member, request=request)
    response = api_as(people.admin).get(f"/api/v1/resources/requests/{request.pk}")
    assert response.status_code == 200
    assert response.json()["needs_sponsor"] is True
    outsider = api_as(people.outsider).get(f"/api/v1/resources/requests/{request.pk}")
    assert outsider.status_code == 404

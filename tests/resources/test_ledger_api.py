"""The ledger through the API: the same services, the same refusals, the same 404s."""

# ruff: noqa: F811  (api_as is a fixture imported from the API tests)

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from convene.resources import ledger
from convene.resources.models import Allocation, LedgerEntry
from tests.api.conftest import api_as  # noqa: F401
from tests.resources.test_ledger_world import (
    JPEG,
    LedgerWorld,
    build_ledger_world,
    receipt,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(people) -> LedgerWorld:
    return build_ledger_world(people)


def project_base(world: LedgerWorld) -> str:
    return f"/api/v1/resources/projects/{world.project.pk}/ledger"


def community_base(world: LedgerWorld) -> str:
    return f"/api/v1/resources/communities/{world.community.slug}"


def test_a_team_member_claims_with_a_receipt_over_multipart(world, api_as, people):
    response = api_as(world.helper).post(
        f"{project_base(world)}/claims",
        {
            "allocation": str(world.funding.pk),
            "description": "Printing",
            "amount": "19.99",
            "receipt": receipt("scan.jpg", JPEG),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount_text"] == "£19.99" and body["kind"] == "funding"
    entry = LedgerEntry.objects.get()
    assert body["receipt_url"] == f"{project_base(world)}/{entry.pk}/receipt"
    download = api_as(world.convenor).get(body["receipt_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == JPEG
    assert api_as(people.outsider).get(body["receipt_url"]).status_code == 404
    assert Allocation.objects.get(pk=world.funding.pk).unspent == Decimal("180.01")


def test_a_claim_without_a_receipt_is_accepted(world, api_as):
    response = api_as(world.lead).post(
        f"{project_base(world)}/claims",
        {"allocation": str(world.funding.pk), "description": "Tea", "amount": "5"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["receipt_url"] is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": "0"}, "The amount must be more than nothing."),
        ({"amount": "-3"}, "The amount must be more than nothing."),
        ({"amount": "240"}, "This claim is £40.00 more than the £200.00 left of the allocation."),
        ({"receipt": receipt("x.pdf", b"GIF89a")}, "A receipt must be a PDF, PNG or JPEG file."),
    ],
)
def test_bad_claims_are_a_400_with_the_reason_and_change_nothing(world, api_as, fields, message):
    data = {"allocation": str(world.funding.pk), "description": "Stage", "amount": "5", **fields}
    response = api_as(world.helper).post(f"{project_base(world)}/claims", data)
    assert response.status_code == 400
    assert response.json()["detail"] == message
    assert not LedgerEntry.objects.exists()


def test_a_claim_on_another_projects_allocation_is_a_404(world, api_as, people):
    other = build_ledger_world(people, community=people.open_community)
    response = api_as(world.helper).post(
        f"{project_base(world)}/claims",
        {"allocation": str(other.funding.pk), "description": "X", "amount": "5"},
    )
    assert response.status_code == 404


def test_hours_are_logged_through_the_api(world, api_as):
    response = api_as(world.lead).post(
        f"{project_base(world)}/hours",
        {
            "allocation": str(world.time.pk),
            "hours": "1.5",
            "worked_on": timezone.localdate().isoformat(),
            "note": "Planning",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"]["handle"] == world.worker.handle
    assert body["amount_text"] == "1.5 hours"


def test_hours_for_someone_else_by_a_non_lead_are_a_400(world, api_as):
    response = api_as(world.helper).post(
        f"{project_base(world)}/hours",
        {"allocation": str(world.time.pk), "hours": "1", "worked_on": "2026-01-05"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "only they or a project lead" in response.json()["detail"]


def test_balances_and_ledgers_read_through_the_api(world, api_as):
    ledger.claim(actor=world.lead, allocation=world.funding, description="Room", amount="50")
    client = api_as(world.convenor)
    balances = client.get(f"{project_base(world)}/balances").json()
    assert balances[0]["kind"] == "funding" and balances[0]["texts"]["unspent"] == "£150.00"
    entries = client.get(project_base(world)).json()
    assert entries["count"] == 1 and entries["items"][0]["description"] == "Room"
    community = client.get(f"{community_base(world)}/balances").json()
    assert community["period"] == world.period.name
    assert community["balances"][0]["committed"] == "200.00"
    assert community["balances"][0]["remaining"] == "800.00"
    assert client.get(f"{community_base(world)}/ledger").json()["count"] == 1


@pytest.mark.parametrize("path", ["/balances", ""])
def test_outsiders_get_404_on_the_project_readings(world, api_as, people, path):
    assert api_as(people.outsider).get(f"{project_base(world)}{path}").status_code == 404


def test_outsiders_get_404_when_claiming_or_logging(world, api_as, people):
    client = api_as(people.outsider)
    claim = {"allocation": str(world.funding.pk), "description": "X", "amount": "5"}
    assert client.post(f"{project_base(world)}/claims", claim).status_code == 404
    hours = {"allocation": str(world.time.pk), "hours": "1", "worked_on": "2026-01-05"}
    response = client.post(f"{project_base(world)}/hours", hours, content_type="application/json")
    assert response.status_code == 404
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("path", ["/balances", "/ledger"])
def test_outsiders_get_404_on_the_community_endpoints(world, api_as, people, path):
    assert api_as(people.outsider).get(f"{community_base(world)}{path}").status_code == 404


@pytest.mark.parametrize("url", ["project", "community"])
def test_the_ledger_endpoints_cost_the_same_queries_at_two_sizes(world, api_as, url):
    client = api_as(world.convenor)
    path = project_base(world) if url == "project" else f"{community_base(world)}/ledger"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    ledger.claim(actor=world.lead, allocation=world.funding, description="A", amount="1")
    queries()  # the token's first use of the minute is recorded once
    small = queries()
    for number in range(20):
        ledger.claim(
            actor=world.lead, allocation=world.funding, description=f"{number}", amount="1"
        )
    assert queries() == small


def test_a_receipt_asked_for_under_another_project_is_a_404(world, api_as, people):
    other = build_ledger_world(people, community=people.open_community)
    entry = ledger.claim(
        actor=world.lead, allocation=world.funding, description="X", amount="1", receipt=receipt()
    )
    path = f"/api/v1/resources/projects/{other.project.pk}/ledger/{entry.pk}/receipt"
    assert api_as(people.convenor).get(path).status_code == 404

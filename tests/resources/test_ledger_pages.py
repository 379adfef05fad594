"""The resources pages of a project and a community, the CSV downloads and receipts."""

# ruff: noqa: F811  (api_as is a fixture imported from the API tests)

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from convene.projects.models import Project
from convene.resources import ledger
from convene.resources.models import Allocation, LedgerEntry, ResourceRequest
from tests.api.conftest import api_as  # noqa: F401
from tests.conftest import client_for
from tests.resources.test_ledger_world import (
    PDF,
    LedgerWorld,
    allocate,
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


def project_url(world: LedgerWorld, name: str = "project_resources") -> str:
    return reverse(f"resources:{name}", args=[world.project.pk])


def community_url(world: LedgerWorld, name: str = "community_resources") -> str:
    return reverse(f"resources:{name}", args=[world.community.slug])


def test_a_lead_sees_balances_allocations_requests_and_both_forms(world):
    ledger.claim(actor=world.lead, allocation=world.funding, description="Room", amount="50")
    page = client_for(world.lead).get(project_url(world))
    assert page.status_code == 200
    text = page.content.decode()
    assert "£150.00" in text and "£50.00" in text
    assert "Claim spending" in text and "Log hours" in text
    assert reverse("resources:request_create", args=[world.project.pk]) in text
    request = ResourceRequest.objects.filter(project=world.project).first()
    assert request is not None
    assert reverse("resources:request_detail", args=[request.pk]) in text
    assert project_url(world, "project_ledger_csv") in text


def test_a_member_outside_the_team_sees_the_page_but_no_forms(world, people):
    from convene.communities.models import Membership
    from tests.factories import make_person

    reader = make_person("Rita Reader")
    Membership.objects.create(community=world.community, user=reader)
    text = client_for(reader).get(project_url(world)).content.decode()
    assert "Balances" in text
    assert "Claim spending" not in text and "Log hours" not in text
    assert reverse("resources:request_create", args=[world.project.pk]) not in text


def test_a_claim_through_the_page_is_recorded_with_its_receipt(world):
    client = client_for(world.helper)
    response = client.post(
        project_url(world, "claim_create"),
        {
            "allocation": str(world.funding.pk),
            "description": "Printing",
            "amount": "12.50",
            "receipt": receipt(),
        },
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get()
    assert entry.amount == Decimal("12.50") and entry.receipt
    page = client.get(project_url(world)).content.decode()
    assert reverse("resources:receipt", args=[entry.pk]) in page
    assert (entry.receipt.name or "(none)") not in page


def test_a_claim_above_the_allocation_shows_the_figure_and_changes_nothing(world):
    response = client_for(world.helper).post(
        project_url(world, "claim_create"),
        {"allocation": str(world.funding.pk), "description": "Stage", "amount": "240"},
    )
    assert response.status_code == 400
    assert "This claim is £40.00 more than the £200.00 left of the allocation." in (
        response.content.decode()
    )
    assert not LedgerEntry.objects.exists()


def test_a_claim_with_a_disguised_receipt_is_refused_on_the_page(world):
    fake = receipt("invoice.pdf", b"MZ\x90\x00 not a pdf")
    response = client_for(world.helper).post(
        project_url(world, "claim_create"),
        {"allocation": str(world.funding.pk), "description": "X", "amount": "5", "receipt": fake},
    )
    assert response.status_code == 400
    assert "A receipt must be a PDF, PNG or JPEG file." in response.content.decode()
    assert Allocation.objects.get(pk=world.funding.pk).unspent == Decimal("200")


def test_a_zero_claim_is_refused_on_the_page(world):
    response = client_for(world.helper).post(
        project_url(world, "claim_create"),
        {"allocation": str(world.funding.pk), "description": "X", "amount": "0"},
    )
    assert response.status_code == 400
    assert "The amount must be more than nothing." in response.content.decode()


def test_hours_logged_through_the_page(world):
    response = client_for(world.worker).post(
        project_url(world, "hours_log"),
        {
            "allocation": str(world.time.pk),
            "hours": "2",
            "worked_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.get().person == world.worker


def test_a_non_lead_cannot_pick_someone_elses_hours_on_the_page(world):
    response = client_for(world.helper).post(
        project_url(world, "hours_log"),
        {"allocation": str(world.time.pk), "hours": "2", "worked_on": "2026-01-01"},
    )
    assert response.status_code == 400
    assert not LedgerEntry.objects.exists()


def test_an_ended_project_offers_no_forms_and_refuses_a_post(world):
    Project.objects.filter(pk=world.project.pk).update(status=Project.Status.COMPLETED)
    client = client_for(world.lead)
    text = client.get(project_url(world)).content.decode()
    assert "Claim spending" not in text
    assert "nothing more can be spent" in text
    response = client.post(
        project_url(world, "claim_create"),
        {"allocation": str(world.funding.pk), "description": "Late", "amount": "5"},
    )
    assert response.status_code == 400
    assert not LedgerEntry.objects.exists()


def test_the_community_page_shows_parameters_balances_allocations_and_links(world):
    from convene.resources.models import ApprovalRule, Cap, Kind

    Cap.objects.create(period=world.period, kind=Kind.FUNDING, amount=Decimal("1200"))
    ApprovalRule.objects.create(
        period=world.period, kind=Kind.FUNDING, above=Decimal("500"), needs_sponsor=True
    )
    ledger.claim(actor=world.lead, allocation=world.funding, description="Room", amount="50")
    response = client_for(world.convenor).get(community_url(world))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Funding: up to £1,200.00 for one project" in text
    assert "Funding above £500.00: the convenor and the sponsor approve" in text
    assert "£1,000.00" in text and "£800.00" in text
    assert world.project.title in text and "Room" in text
    assert reverse("resources:round_list", args=[world.community.slug]) in text
    assert reverse("resources:parameters") in text
    assert community_url(world, "community_ledger_csv") in text


def test_the_community_ledger_follows_the_chosen_period(world, people):
    from tests.resources.fixtures_requests import make_period, set_envelope

    earlier = make_period("Q3 2026")
    earlier.starts_on = earlier.starts_on.replace(year=2025)
    earlier.ends_on = earlier.ends_on.replace(year=2025)
    earlier.save()
    old = allocate(world.project, set_envelope(earlier, world.community, "funding", "90"), "90")
    ledger.claim(actor=world.lead, allocation=old, description="Old spend", amount="9")
    ledger.claim(actor=world.lead, allocation=world.funding, description="New spend", amount="8")
    client = client_for(world.convenor)
    now = client.get(community_url(world)).content.decode()
    assert "New spend" in now and "Old spend" not in now
    then = client.get(community_url(world), {"period": earlier.pk}).content.decode()
    assert "Old spend" in then and "New spend" not in then
    assert client.get(community_url(world), {"period": "99999"}).status_code == 404


def test_the_sponsor_and_an_administrator_see_the_community_page(world, people):
    assert client_for(people.sponsor).get(community_url(world)).status_code == 200
    assert client_for(people.admin).get(community_url(world)).status_code == 200


@pytest.mark.parametrize(
    "name", ["project_resources", "project_ledger_csv", "claim_create", "hours_log"]
)
def test_outsiders_get_404_on_every_project_page(world, people, name):
    client = client_for(people.outsider)
    method = client.post if name in {"claim_create", "hours_log"} else client.get
    assert method(project_url(world, name)).status_code == 404


@pytest.mark.parametrize("name", ["community_resources", "community_ledger_csv"])
def test_outsiders_get_404_on_every_community_page(world, people, name):
    assert client_for(people.outsider).get(community_url(world, name)).status_code == 404


def test_a_receipt_is_served_only_to_people_who_see_the_project(world, people):
    entry = ledger.claim(
        actor=world.helper,
        allocation=world.funding,
        description="Printing",
        amount="12",
        receipt=receipt(),
    )
    url = reverse("resources:receipt", args=[entry.pk])
    served = client_for(people.convenor).get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF  # type: ignore[attr-defined]
    assert served["Content-Disposition"].startswith("attachment")
    assert "no-store" in served["Cache-Control"]
    assert client_for(people.outsider).get(url).status_code == 404
    assert client_for(people.outsider).get(f"/media/{entry.receipt.name}").status_code == 404
    assert client_for(people.convenor).get(f"/{entry.receipt.name}").status_code == 404


def test_an_entry_without_a_receipt_has_no_receipt_to_serve(world):
    entry = ledger.claim(actor=world.helper, allocation=world.funding, description="X", amount="1")
    url = reverse("resources:receipt", args=[entry.pk])
    assert client_for(world.lead).get(url).status_code == 404


def test_the_csv_has_every_column_and_guards_against_formulas(world):
    ledger.claim(
        actor=world.lead, allocation=world.funding, description="=cmd|' /C calc'!A0", amount="10"
    )
    response = client_for(world.lead).get(project_url(world, "project_ledger_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Date", "Project", "Kind"] and rows[0][-1] == "Recorded by"
    assert rows[1][1:6] == ["Buddy scheme", "Funding", "Spend", "10.00", "'=cmd|' /C calc'!A0"]
    community = client_for(world.convenor).get(community_url(world, "community_ledger_csv"))
    assert list(csv.reader(io.StringIO(community.content.decode())))[1][5].startswith("'=")


def _build(world: LedgerWorld, count: int) -> None:
    for number in range(count):
        ledger.claim(
            actor=world.lead,
            allocation=world.funding,
            description=f"Item {number}",
            amount="1",
            receipt=receipt() if number % 2 else None,
        )
        allocate(world.project, world.funding.envelope, "1", purpose=f"Extra {number}")
        ledger.log_hours(
            actor=world.lead, allocation=world.time, hours="0.5", worked_on=timezone.localdate()
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["project_resources", "project_ledger_csv"])
def test_the_project_pages_cost_the_same_queries_at_two_sizes(world, name):
    client = client_for(world.lead)
    _build(world, 2)
    small = _queries(client, project_url(world, name))
    _build(world, 20)
    assert _queries(client, project_url(world, name)) == small


@pytest.mark.parametrize("name", ["community_resources", "community_ledger_csv"])
def test_the_community_pages_cost_the_same_queries_at_two_sizes(world, name):
    client = client_for(world.convenor)
    _build(world, 2)
    small = _queries(client, community_url(world, name))
    _build(world, 20)
    assert _queries(client, community_url(world, name)) == small


def test_an_administrator_sees_a_private_communitys_balances_but_not_its_projects(
    world, people, api_as
):
    ledger.claim(
        actor=world.helper, allocation=world.funding, description="Flip charts", amount="40"
    )
    page = client_for(people.admin).get(community_url(world)).content.decode()
    assert "£1,000.00" in page and "Flip charts" not in page
    assert world.project.title not in page and "Running sessions" not in page
    csv = client_for(people.admin).get(community_url(world, "community_ledger_csv"))
    assert "Flip charts" not in csv.content.decode()
    api = api_as(people.admin).get(f"/api/v1/resources/communities/{world.community.slug}/ledger")
    assert api.status_code == 200 and api.json()["items"] == []
    sponsor = client_for(people.sponsor).get(community_url(world, "community_ledger_csv"))
    assert "Flip charts" in sponsor.content.decode()

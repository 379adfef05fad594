"""The resources panels on the community page and on a project's page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from convene.resources import ledger
from convene.resources.models import Kind, Period
from convene.resources.summaries import community_panel, community_summary, project_panel
from tests.conftest import client_for
from tests.factories import make_person
from tests.resources.test_ledger_world import LedgerWorld, allocate, build_ledger_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people) -> LedgerWorld:
    return build_ledger_world(people)


def summary_url(world: LedgerWorld) -> str:
    return reverse("resources:community_summary", args=[world.community.slug])


def test_the_community_summary_shows_what_is_left_of_each_envelope(world):
    summary = community_summary(world.community)
    assert summary["period"] == world.period
    assert {b.kind: b.texts["remaining"] for b in summary["balances"]} == {
        Kind.FUNDING: "£800.00",
        Kind.TIME: "70 hours",
        Kind.EXPERTISE: "42 hours",
    }
    text = client_for(world.convenor).get(summary_url(world)).content.decode()
    assert "Left to give projects in Q4 2026" in text
    assert "£800.00" in text and "of £1,000.00" in text and "42 hours" in text


def test_the_community_page_loads_the_summary_into_its_panel(world):
    text = client_for(world.convenor).get(world.community.get_absolute_url()).content.decode()
    assert f'hx-get="{summary_url(world)}"' in text
    assert reverse("resources:community_resources", args=[world.community.slug]) in text


def test_someone_who_cannot_read_the_community_gets_no_panel_and_no_summary(world, people):
    assert community_panel(world.community, people.outsider, readable=False) == {}
    assert client_for(people.outsider).get(summary_url(world)).status_code == 404
    assert community_panel(world.community, people.sponsor, readable=False)
    assert client_for(people.sponsor).get(summary_url(world)).status_code == 200


def test_without_a_current_period_the_summary_says_so(world):
    Period.objects.filter(pk=world.period.pk).update(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 3, 31)
    )
    text = client_for(world.convenor).get(summary_url(world)).content.decode()
    assert "No period of agreed parameters is running now." in text


def test_the_community_panel_itself_costs_no_query(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        community_panel(world.community, world.convenor, readable=True)


@pytest.mark.parametrize("count", [1, 15])
def test_the_community_summary_costs_the_same_queries_at_two_sizes(
    world, count, django_assert_num_queries
):
    for number in range(count):
        allocate(world.project, world.funding.envelope, "1", purpose=f"Extra {number}")
    with django_assert_num_queries(3):
        community_summary(world.community)


def test_the_project_panel_shows_balances_and_offers_leads_a_request(world):
    ledger.claim(actor=world.lead, allocation=world.funding, description="Room", amount="50")
    panel = project_panel(world.project, world.lead)["resources_panel"]
    funding = next(b for b in panel["balances"] if b.kind == Kind.FUNDING)
    assert funding.texts["unspent"] == "£150.00"
    assert panel["may_request"] is True
    assert project_panel(world.project, world.helper)["resources_panel"]["may_request"] is False


def test_the_project_page_shows_the_panel_with_its_links(world):
    text = client_for(world.lead).get(world.project.get_absolute_url()).content.decode()
    assert reverse("resources:project_resources", args=[world.project.pk]) in text
    assert reverse("resources:request_create", args=[world.project.pk]) in text
    reader = make_person("Rita Reader")
    world.community.memberships.create(user=reader)
    other = client_for(reader).get(world.project.get_absolute_url()).content.decode()
    assert reverse("resources:project_resources", args=[world.project.pk]) in other
    assert reverse("resources:request_create", args=[world.project.pk]) not in other


@pytest.mark.parametrize("count", [1, 15])
def test_the_project_panel_costs_the_same_queries_at_two_sizes(
    world, count, django_assert_num_queries
):
    for number in range(count):
        allocate(world.project, world.funding.envelope, "1", purpose=f"Extra {number}")
    with django_assert_num_queries(2):
        project_panel(world.project, world.lead)

"""The allocation-round pages: a community's rounds and one round, with their forms."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from convene.resources import rounds
from convene.resources.models import Allocation, AllocationRound, Pledge, RoundBudget
from tests.conftest import client_for
from tests.factories import make_person
from tests.resources.test_rounds import World, build_world, enter, make_project, open_one

D = Decimal


@pytest.fixture
def world(db) -> World:
    return build_world(private=True)


def list_url(world: World) -> str:
    return reverse("resources:round_list", args=[world.community.slug])


def detail_url(round_: AllocationRound) -> str:
    return reverse("resources:round_detail", args=[round_.pk])


def test_a_convenor_opens_a_round_from_the_list_page(world):
    client = client_for(world.convenor)
    page = client.get(list_url(world))
    assert "Open the round" in page.content.decode()
    closes = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = client.post(
        list_url(world), {"title": "Spring ideas", "pot": "800", "closes_on": closes}
    )
    opened = AllocationRound.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(opened)
    assert RoundBudget.objects.filter(round=opened).count() == 4


def test_a_refused_opening_shows_why_and_opens_nothing(world):
    client = client_for(world.convenor)
    closes = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = client.post(list_url(world), {"title": "Big", "pot": "5000", "closes_on": closes})
    assert response.status_code == 400
    assert "which is £2,000.00; this pot is £3,000.00 over" in response.content.decode()
    response = client.post(list_url(world), {"title": "Big", "pot": "-1", "closes_on": closes})
    assert response.status_code == 400 and "Give more than nothing." in response.content.decode()
    assert not AllocationRound.objects.exists()


def test_a_member_sees_no_opening_form_and_cannot_open_by_posting(world):
    client = client_for(world.lead)
    assert "Open the round" not in client.get(list_url(world)).content.decode()
    closes = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = client.post(list_url(world), {"title": "Mine", "pot": "100", "closes_on": closes})
    assert response.status_code == 400
    assert "or an administrator open a round" in response.content.decode()
    assert not AllocationRound.objects.exists()


def test_the_list_says_why_a_convenor_cannot_open_another(world):
    open_one(world)
    page = client_for(world.convenor).get(list_url(world)).content.decode()
    assert "already has an open round" in page and "Open the round</button>" not in page


def test_outsiders_get_404_on_every_round_page(world):
    entry = enter(world, open_one(world))
    client = client_for(world.outsider)
    round_ = entry.round
    urls = [
        list_url(world),
        detail_url(round_),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    posts = [
        reverse("resources:round_pledge", args=[round_.pk, entry.pk]),
        reverse("resources:round_entry_add", args=[round_.pk]),
        reverse("resources:round_entry_remove", args=[round_.pk, entry.pk]),
        reverse("resources:round_close", args=[round_.pk]),
    ]
    for url in posts:
        assert client.post(url, {"e1-amount": "5"}).status_code == 404
    assert AllocationRound.objects.get().status == "open"


def test_the_sponsor_and_administrators_see_a_private_communitys_rounds(world):
    round_ = open_one(world)
    assert client_for(world.sponsor).get(detail_url(round_)).status_code == 200
    assert client_for(world.admin).get(list_url(world)).status_code == 200


def test_the_round_page_shows_my_budget_and_each_entrys_progress(world):
    entry = enter(world, open_one(world))
    rounds.pledge(actor=world.members[0], entry=entry, amount="120")
    page = client_for(world.members[0]).get(detail_url(entry.round)).content.decode()
    assert "£250.00, of which £130.00 is left to give" in page
    assert "£120.00 pledged towards a minimum of £200.00 and a target of £400.00." in page
    assert (
        f'<progress max="400.00" value="120.00" aria-labelledby="entry-{entry.pk}-progress-text">'
        in page
    )
    assert "Member 0: £120.00" in page
    assert "visible to everyone who can see the round" in page


def test_a_member_pledges_from_the_round_page(world):
    entry = enter(world, open_one(world))
    client = client_for(world.members[1])
    url = reverse("resources:round_pledge", args=[entry.round.pk, entry.pk])
    response = client.post(url, {f"e{entry.pk}-amount": "75.25"})
    assert response.status_code == 302
    assert Pledge.objects.get().amount == D("75.25")
    follow = client.get(detail_url(entry.round)).content.decode()
    assert "You pledge £75.25 to “Repair café”." in follow


def test_a_refused_pledge_shows_the_reason_beside_the_entry(world):
    entry = enter(world, open_one(world))
    client = client_for(world.members[1])
    url = reverse("resources:round_pledge", args=[entry.round.pk, entry.pk])
    response = client.post(url, {f"e{entry.pk}-amount": "300"})
    assert response.status_code == 400
    assert "You have £250.00 left to give." in response.content.decode()
    response = client.post(url, {f"e{entry.pk}-amount": "-3"})
    assert (
        response.status_code == 400 and "It cannot be below nothing." in response.content.decode()
    )
    assert not Pledge.objects.exists()


def test_a_lead_enters_and_removes_a_project_from_the_round_page(world):
    round_ = open_one(world)
    client = client_for(world.lead)
    assert "Enter a project you lead" in client.get(detail_url(round_)).content.decode()
    add = reverse("resources:round_entry_add", args=[round_.pk])
    bad = client.post(add, {"project": world.project.pk, "minimum": "300", "target": "100"})
    assert bad.status_code == 400
    assert "must be at least the minimum" in bad.content.decode()
    assert (
        client.post(
            add, {"project": world.project.pk, "minimum": "100", "target": "300"}
        ).status_code
        == 302
    )
    entry = round_.entries.get()
    remove = reverse("resources:round_entry_remove", args=[round_.pk, entry.pk])
    assert client.post(remove).status_code == 302
    assert not round_.entries.exists()


def test_a_member_who_leads_nothing_sees_no_entry_form(world):
    round_ = open_one(world)
    page = client_for(world.members[0]).get(detail_url(round_)).content.decode()
    assert "Enter a project you lead" not in page and "Close the round" not in page


def test_a_convenor_closes_the_round_and_the_page_shows_what_each_entry_got(world):
    entry = enter(world, open_one(world))
    other = make_project(world.community, world.lead, world.convenor, "Quiet garden")
    rounds.add_entry(
        actor=world.lead, round=entry.round, project=other, minimum="100", target="200"
    )
    rounds.pledge(actor=world.members[0], entry=entry, amount="210")
    client = client_for(world.convenor)
    response = client.post(reverse("resources:round_close", args=[entry.round.pk]))
    assert response.status_code == 302
    page = client.get(detail_url(entry.round)).content.decode()
    assert "Funded with £210.00." in page
    assert "Not funded.</strong> Pledges did not reach its minimum." in page
    assert Allocation.objects.get().amount == D("210")


def test_a_member_cannot_close_the_round(world):
    round_ = open_one(world)
    response = client_for(world.lead).post(reverse("resources:round_close", args=[round_.pk]))
    assert response.status_code == 400
    assert "Only the convenors of Makers" in response.content.decode()
    assert AllocationRound.objects.get().status == "open"


def test_the_list_page_costs_the_same_queries_for_2_or_40_rounds(world, django_assert_num_queries):
    client = client_for(world.convenor)

    def add_closed(count: int) -> None:
        for n in range(count):
            AllocationRound.objects.create(
                envelope=world.envelope,
                title=f"Old {n}",
                pot=D("100"),
                status="closed",
                closes_on=timezone.localdate(),
                opened_by=world.convenor,
            )

    add_closed(2)
    client.get(list_url(world))
    with django_assert_num_queries(counted := _count(client, list_url(world))):
        client.get(list_url(world))
    add_closed(38)
    with django_assert_num_queries(counted):
        page = client.get(list_url(world))
    assert page.content.decode().count("Old ") == 40


def test_the_round_page_costs_the_same_queries_for_2_or_20_entries(
    world, django_assert_num_queries
):
    round_ = open_one(world)
    client = client_for(world.lead)

    def add_entries(start: int, count: int) -> None:
        for n in range(start, start + count):
            project = make_project(world.community, world.lead, world.convenor, f"Idea {n}")
            entry = rounds.add_entry(
                actor=world.lead, round=round_, project=project, minimum="1", target="50"
            )
            rounds.pledge(actor=world.members[n % 2], entry=entry, amount="1")

    add_entries(0, 2)
    counted = _count(client, detail_url(round_))
    with django_assert_num_queries(counted):
        client.get(detail_url(round_))
    add_entries(2, 18)
    with django_assert_num_queries(counted):
        page = client.get(detail_url(round_))
    assert page.content.decode().count("<progress") == 20
    assert counted <= 25


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_newcomer_can_see_the_round_but_has_no_budget(world):
    round_ = open_one(world)
    newcomer = make_person("New Comer")
    world.community.memberships.create(user=newcomer)
    page = client_for(newcomer).get(detail_url(round_)).content.decode()
    assert "Only the members of Makers when the round opened have a budget" in page

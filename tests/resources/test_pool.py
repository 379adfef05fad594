"""People offer hours of expertise, change and close their offers, and find others' by topic."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from convene.api.models import ApiToken
from convene.audit.models import AuditEvent
from convene.people.models import User
from convene.projects.models import Project
from convene.resources import pool
from convene.resources.models import (
    Allocation,
    Envelope,
    ExpertOffer,
    Kind,
    Period,
    RequestLine,
    ResourceRequest,
)
from convene.resources.services import ResourceError
from tests.api.conftest import bearer
from tests.conftest import client_for
from tests.factories import make_person, make_unit

PAGE = reverse("resources:pool")
API = "/api/v1/resources/pool"
JSON = "application/json"


@pytest.fixture
def api(db):
    """One token client per person, as scripts sign in."""
    clients: dict[int, Client] = {}

    def client(user: User) -> Client:
        if user.pk not in clients:
            clients[user.pk] = bearer(ApiToken.issue(user, "tests")[1])
        return clients[user.pk]

    return client


def offer(expert, topic: str = "Facilitation", hours: str = "10") -> ExpertOffer:
    return pool.offer_expertise(
        actor=expert, topic=topic, description="Workshops.", hours=Decimal(hours)
    )


def promise(offer: ExpertOffer, people, hours: str) -> RequestLine:
    """Promise part of an offer to a project, as an approved request does."""
    today = timezone.localdate()
    period, _ = Period.objects.get_or_create(
        name="Now",
        defaults={
            "starts_on": today - datetime.timedelta(days=1),
            "ends_on": today + datetime.timedelta(days=30),
        },
    )
    project = Project.objects.create(
        community=people.open_community,
        title="Better hand-overs",
        problem="p",
        intended_outcomes="o",
        status=Project.Status.ACTIVE,
        created_by=people.member,
    )
    request = ResourceRequest.objects.create(
        project=project,
        period=period,
        summary="Help",
        status=ResourceRequest.Status.APPROVED,
        requested_by=people.member,
    )
    amount = Decimal(hours)
    line = RequestLine.objects.create(
        request=request,
        kind=Kind.EXPERTISE,
        amount=amount,
        approved=amount,
        purpose="Run the first workshop",
        offer=offer,
    )
    envelope, _ = Envelope.objects.get_or_create(
        period=period,
        community=people.open_community,
        kind=Kind.EXPERTISE,
        defaults={"total": Decimal("100"), "remaining": Decimal("100")},
    )
    Allocation.objects.create(
        envelope=envelope, project=project, line=line, amount=amount, unspent=amount
    )
    ExpertOffer.objects.filter(pk=offer.pk).update(remaining=offer.remaining - amount)
    offer.refresh_from_db()
    return line


# -- Offering, editing, closing -----------------------------------------------------------


def test_a_person_offers_expertise_from_the_pool_page(people, as_member):
    response = as_member.post(
        PAGE, {"topic": "Coaching new leads", "description": "Ten years of it.", "hours": "12.5"}
    )
    assert response.status_code == 302
    made = ExpertOffer.objects.get()
    assert (made.expert, made.hours, made.remaining) == (
        people.member,
        Decimal("12.5"),
        Decimal("12.5"),
    )
    assert AuditEvent.objects.filter(action="resources.offer_made").exists()
    shown = as_member.get(PAGE).content.decode()
    assert "Coaching new leads" in shown and "12.5 hours" in shown


@pytest.mark.parametrize("hours", ["0", "-3", "abc", "1.234"])
def test_an_offer_of_no_hours_or_bad_hours_is_refused(people, as_member, hours):
    response = as_member.post(PAGE, {"topic": "Coaching", "hours": hours})
    assert response.status_code == 400
    assert not ExpertOffer.objects.exists()


def test_an_expert_raises_and_lowers_their_offer_but_not_below_what_is_promised(people):
    mine = offer(people.member, hours="10")
    promise(mine, people, "4")
    pool.edit_offer(
        actor=people.member, offer=mine, topic="Facilitation", description="", hours=Decimal("15")
    )
    mine.refresh_from_db()
    assert (mine.hours, mine.remaining) == (Decimal("15"), Decimal("11"))
    pool.edit_offer(
        actor=people.member, offer=mine, topic="Facilitation", description="", hours=Decimal("4")
    )
    mine.refresh_from_db()
    assert (mine.hours, mine.remaining) == (Decimal("4"), Decimal("0"))
    with pytest.raises(ResourceError, match="already promised 4 hours"):
        pool.edit_offer(
            actor=people.member, offer=mine, topic="F", description="", hours=Decimal("3")
        )
    mine.refresh_from_db()
    assert (mine.hours, mine.remaining) == (Decimal("4"), Decimal("0"))


def test_lowering_below_promised_on_the_page_shows_the_figures(people, as_member):
    mine = offer(people.member, hours="10")
    promise(mine, people, "6")
    response = as_member.post(
        reverse("resources:offer_edit", args=[mine.pk]), {"topic": "Facilitation", "hours": "5"}
    )
    assert response.status_code == 400
    assert "already promised 6 hours" in response.content.decode()


def test_only_the_expert_edits_closes_or_reopens_an_offer(people, as_member, as_convenor):
    mine = offer(people.member)
    edit = reverse("resources:offer_edit", args=[mine.pk])
    assert as_convenor.get(edit).status_code == 404
    close = reverse("resources:offer_toggle", args=[mine.pk, "close"])
    assert as_convenor.post(close).status_code == 404
    with pytest.raises(ResourceError, match="Only the expert"):
        pool.close_offer(actor=people.convenor, offer=mine)

    as_member.post(close)
    mine.refresh_from_db()
    assert not mine.is_open
    assert "Facilitation" not in as_convenor.get(PAGE).content.decode()
    assert as_convenor.get(edit).status_code == 404
    as_member.post(reverse("resources:offer_toggle", args=[mine.pk, "reopen"]))
    mine.refresh_from_db()
    assert mine.is_open


def test_my_offers_say_what_each_was_promised_to(people, as_member):
    mine = offer(people.member, hours="10")
    promise(mine, people, "3")
    shown = as_member.get(PAGE).content.decode()
    assert "7 hours left of 10 hours" in shown
    assert "3 hours to “Better hand-overs”: Run the first workshop" in shown


# -- Finding expertise ----------------------------------------------------------------


def test_the_pool_lists_open_offers_with_hours_left_searchable_by_topic(people, as_outsider):
    unit = make_unit("Fleet")
    expert = make_person("Eve Expert", org_unit=unit)
    offer(expert, "Data analysis")
    offer(people.member, "Facilitation")
    spent = offer(people.convenor, "Budgeting", hours="2")
    ExpertOffer.objects.filter(pk=spent.pk).update(remaining=0)
    shown = as_outsider.get(PAGE).content.decode()
    assert "Data analysis" in shown and "Eve Expert" in shown and "Fleet" in shown
    assert "Budgeting" not in shown
    found = as_outsider.get(PAGE, {"q": "analysis"}).content.decode()
    assert "Data analysis" in found and "Facilitation" not in found


def test_the_pool_costs_the_same_queries_for_two_offers_as_for_forty(people):
    client = client_for(people.member)
    counts = []
    for added in (2, 38):
        for n in range(added):
            expert = make_person(f"Expert {n}", org_unit=make_unit(f"Unit {n}"))
            offer(expert, f"Topic {n}")
            promise(offer(people.member, f"Mine {n}"), people, "1")
        client.get(PAGE)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# -- The API ------------------------------------------------------------------------------


def test_offers_are_made_changed_closed_and_reopened_over_the_api(people, api):
    member, convenor = api(people.member), api(people.convenor)
    made = member.post(API, {"topic": "Coaching", "hours": "8"}, content_type=JSON)
    assert made.status_code == 201
    url = f"{API}/{made.json()['id']}"
    assert member.patch(url, {"hours": "10"}, content_type=JSON).json()["remaining"] == "10.00"
    assert convenor.patch(url, {"hours": "1"}, content_type=JSON).status_code == 400
    assert [each["topic"] for each in convenor.get(API, {"search": "coach"}).json()["items"]] == [
        "Coaching"
    ]
    assert member.post(f"{url}/close").json()["is_open"] is False
    assert convenor.get(url).status_code == 404
    assert convenor.get(API).json()["items"] == []
    assert member.get(API, {"mine": True}).json()["count"] == 1
    assert member.post(f"{url}/reopen").json()["is_open"] is True
    assert member.post(API, {"topic": "X", "hours": "0"}, content_type=JSON).status_code == 400
    assert member.patch(url, {"hours": "-1"}, content_type=JSON).status_code == 400


def test_the_pool_api_costs_the_same_queries_for_two_offers_as_for_forty(people, api):
    client = api(people.member)
    counts: list[int] = []
    for added in (2, 38):
        for n in range(added):
            offer(make_person(f"Expert {n}", org_unit=make_unit(f"Unit {n}")), f"Topic {n}")
        client.get(API)
        with CaptureQueriesContext(connection) as queries:
            listed = client.get(API).json()
        assert len(listed["items"]) == listed["count"] == ExpertOffer.objects.count()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

"""Line managers consent to released time and experts accept hours, once, while a request waits."""

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
from convene.notifications.models import Notification
from convene.people.models import User
from convene.projects.models import Project
from convene.resources import pool
from convene.resources.models import ExpertOffer, Kind, Period, RequestLine, ResourceRequest
from convene.resources.services import ResourceError
from tests.api.conftest import bearer
from tests.conftest import client_for
from tests.factories import make_person

PAGE = reverse("resources:consents")
API = "/api/v1/resources/consents"
JSON = "application/json"
Consent = RequestLine.Consent


@pytest.fixture
def api(db):
    """One token client per person, as scripts sign in."""
    clients: dict[int, Client] = {}

    def client(user: User) -> Client:
        if user.pk not in clients:
            clients[user.pk] = bearer(ApiToken.issue(user, "tests")[1])
        return clients[user.pk]

    return client


@pytest.fixture
def manager(people):
    """The line manager of the member whose time a request asks for."""
    boss = make_person("Mina Manager")
    people.member.line_manager = boss
    people.member.save(update_fields=["line_manager"])
    return boss


@pytest.fixture
def expert(db):
    return make_person("Eve Expert")


@pytest.fixture
def request_(people):
    today = timezone.localdate()
    period = Period.objects.create(
        name="Now",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=30),
    )
    project = Project.objects.create(
        community=people.open_community,
        title="Better hand-overs",
        problem="p",
        intended_outcomes="o",
        status=Project.Status.ACTIVE,
        created_by=people.convenor,
    )
    return ResourceRequest.objects.create(
        project=project,
        period=period,
        summary="Time and help to run hand-over workshops.",
        status=ResourceRequest.Status.SUBMITTED,
        requested_by=people.convenor,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def time_line(people, manager, request_):
    return RequestLine.objects.create(
        request=request_,
        kind=Kind.TIME,
        amount=Decimal("16"),
        purpose="Two days to design the workshop",
        person=people.member,
        consent=Consent.PENDING,
    )


@pytest.fixture
def expertise_line(expert, request_):
    offer = pool.offer_expertise(
        actor=expert, topic="Facilitation", description="", hours=Decimal("10")
    )
    return RequestLine.objects.create(
        request=request_,
        kind=Kind.EXPERTISE,
        amount=Decimal("6"),
        purpose="Facilitate the first workshop",
        offer=offer,
        consent=Consent.PENDING,
    )


def decide(line: RequestLine, actor, give: bool = True, note: str = "") -> RequestLine:
    return pool.decide_consent(actor=actor, line=line, give=give, note=note)


# -- What is asked of whom -----------------------------------------------------------------


def test_the_line_manager_and_the_expert_each_see_only_what_is_asked_of_them(
    people, manager, expert, time_line, expertise_line
):
    assert list(pool.consents_for(manager)) == [time_line]
    assert list(pool.consents_for(expert)) == [expertise_line]
    assert list(pool.consents_for(people.member)) == []
    shown = client_for(manager).get(PAGE).content.decode()
    assert "16 hours of Maya Member" in shown and "Better hand-overs" in shown
    assert "Facilitate the first workshop" not in shown
    assert "6 hours of your expertise" in client_for(expert).get(PAGE).content.decode()


def test_lines_of_a_draft_or_already_decided_are_not_asked(manager, time_line):
    RequestLine.objects.filter(pk=time_line.pk).update(consent=Consent.GIVEN)
    assert list(pool.consents_for(manager)) == []


# -- Deciding ---------------------------------------------------------------------------


def test_the_line_manager_gives_consent_and_the_requester_is_told(people, manager, time_line):
    response = client_for(manager).post(
        reverse("resources:consent_decide", args=[time_line.pk]), {"decision": "give"}
    )
    assert response.status_code == 302
    time_line.refresh_from_db()
    assert (time_line.consent, time_line.consent_by) == (Consent.GIVEN, manager)
    told = Notification.objects.get(recipient=people.convenor)
    assert told.kind == Notification.Kind.RESOURCE
    assert told.url == reverse("resources:request_detail", args=[time_line.request_id])
    assert "Mina Manager gave consent to releasing 16 hours of Maya Member's time" in told.message
    assert AuditEvent.objects.filter(action="resources.consent_given").exists()


def test_the_expert_declines_with_a_note(people, expert, expertise_line):
    decide(expertise_line, expert, give=False, note="Booked solid this month.")
    expertise_line.refresh_from_db()
    assert expertise_line.consent == Consent.REFUSED
    assert expertise_line.consent_note == "Booked solid this month."
    assert "Eve Expert declined" in Notification.objects.get(recipient=people.convenor).message


def test_refusing_without_a_note_is_refused_and_changes_nothing(manager, time_line):
    with pytest.raises(ResourceError, match="Say why in a note"):
        decide(time_line, manager, give=False, note="   ")
    response = client_for(manager).post(
        reverse("resources:consent_decide", args=[time_line.pk]), {"decision": "refuse"}
    )
    assert response.status_code == 302
    time_line.refresh_from_db()
    assert time_line.consent == Consent.PENDING
    assert not Notification.objects.exists()


def test_a_second_decision_is_refused_and_keeps_the_first(manager, time_line):
    decide(time_line, manager, give=True)
    with pytest.raises(ResourceError, match="already decided: consent given"):
        decide(time_line, manager, give=False, note="Changed my mind.")
    time_line.refresh_from_db()
    assert (time_line.consent, time_line.consent_note) == (Consent.GIVEN, "")
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    "status", [ResourceRequest.Status.WITHDRAWN, ResourceRequest.Status.DECLINED]
)
def test_a_withdrawn_or_decided_request_no_longer_takes_consent(manager, time_line, status):
    ResourceRequest.objects.filter(pk=time_line.request_id).update(status=status)
    with pytest.raises(ResourceError, match="no longer waits for consent"):
        decide(time_line, manager)
    time_line.refresh_from_db()
    assert time_line.consent == Consent.PENDING


def test_only_the_line_manager_or_the_expert_decides(
    people, manager, expert, time_line, expertise_line
):
    with pytest.raises(ResourceError, match="Only the line manager"):
        decide(time_line, expert)
    with pytest.raises(ResourceError, match="Only the line manager"):
        decide(expertise_line, manager)
    for outsider in (people.member, people.convenor, people.admin, expert):
        url = reverse("resources:consent_decide", args=[time_line.pk])
        assert client_for(outsider).post(url, {"decision": "give"}).status_code == 404
    time_line.refresh_from_db()
    assert time_line.consent == Consent.PENDING


def test_an_expert_cannot_accept_more_hours_than_their_offer_has_left(expert, expertise_line):
    ExpertOffer.objects.filter(pk=expertise_line.offer_id).update(remaining=Decimal("2"))
    with pytest.raises(ResourceError, match="has 2 hours left, fewer than the 6 hours"):
        decide(expertise_line, expert)


# -- The API ------------------------------------------------------------------------------


def test_consents_are_listed_and_decided_over_the_api(people, manager, time_line, api):
    mine = api(manager).get(API).json()
    assert [(each["id"], each["text"], each["person"]["full_name"]) for each in mine] == [
        (time_line.pk, "16 hours", "Maya Member")
    ]
    url = f"{API}/{time_line.pk}"
    assert api(people.convenor).post(url, {"give": True}, content_type=JSON).status_code == 404
    no_note = api(manager).post(url, {"give": False}, content_type=JSON)
    assert no_note.status_code == 400 and "note" in no_note.json()["detail"]
    given = api(manager).post(url, {"give": True, "note": "Fine by me."}, content_type=JSON)
    assert given.json()["consent"] == Consent.GIVEN
    again = api(manager).post(url, {"give": True}, content_type=JSON)
    assert again.status_code == 400 and "already decided" in again.json()["detail"]
    assert api(manager).get(API).json() == []


# -- Query counts -------------------------------------------------------------------------


def _ask_for_time(manager, request_: ResourceRequest, count: int) -> None:
    for n in range(count):
        person = make_person(f"Report {n}", line_manager=manager)
        RequestLine.objects.create(
            request=request_,
            kind=Kind.TIME,
            amount=Decimal("4"),
            purpose=f"Cover {n}",
            person=person,
            consent=Consent.PENDING,
        )


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_consents_page_and_api_cost_the_same_queries_for_two_lines_as_for_forty(
    manager, request_, api
):
    page, token = client_for(manager), api(manager)
    counts = []
    for added in (2, 38):
        _ask_for_time(manager, request_, added)
        counts.append((_queries(page, PAGE), _queries(token, API)))
    assert len(pool.consents_for(manager)) == 40
    assert counts[0] == counts[1], counts


def test_a_line_manager_outside_a_private_community_sees_the_line_but_not_the_request(
    people, manager, request_, time_line
):
    request_.project.community = people.private_community
    request_.project.save(update_fields=["community"])
    request_.summary = "Confidential restructuring of the finance team."
    request_.save(update_fields=["summary"])
    page = client_for(manager).get(PAGE).content.decode()
    assert "16 hours of" in page
    assert "Two days to design the workshop" in page
    assert "Better hand-overs" in page
    assert "Confidential restructuring" not in page
    people.private_community.memberships.create(user=manager)
    assert "Confidential restructuring" in client_for(manager).get(PAGE).content.decode()

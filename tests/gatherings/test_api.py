"""Gatherings over the API: the same rules as the pages, errors as JSON with a `detail`."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from convene.gatherings import services
from convene.gatherings.models import Attendance, Gathering, Intention, Rsvp
from tests.conftest import client_for
from tests.gatherings.conftest import DAY, attended, make_gathering

pytestmark = pytest.mark.django_db


def iso(moment: datetime.datetime) -> str:
    return moment.isoformat()


def new(**changes: object) -> dict[str, object]:
    starts = timezone.now() + 5 * DAY
    return {
        "title": "Troika Consulting",
        "format": "troika",
        "starts_at": starts.replace(tzinfo=None).strftime("%Y-%m-%dT18:00:00"),
        "ends_at": starts.replace(tzinfo=None).strftime("%Y-%m-%dT19:00:00"),
        "time_zone": "Europe/London",
        "capacity": 1,
        **changes,
    }


def test_a_convenor_schedules_over_the_api_with_the_formats_agenda(people, api_as):
    response = api_as(people.convenor).post(
        "/api/v1/communities/open-circle/gatherings",
        new(facilitator=people.member.handle),
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["agenda"][0]["title"] == "Think about your challenge"
    assert body["facilitator"]["handle"] == people.member.handle
    assert (
        body["local_starts_at"].startswith(body["local_starts_at"][:11])
        and "T18:00" in body["local_starts_at"]
    )


def test_bad_times_are_a_400_with_a_detail_and_change_nothing(people, api_as):
    data = new()
    data["starts_at"], data["ends_at"] = data["ends_at"], data["starts_at"]
    response = api_as(people.convenor).post(
        "/api/v1/communities/open-circle/gatherings", data, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "A gathering must end after it starts."
    assert not Gathering.objects.exists()


def test_members_answer_and_a_full_gathering_is_a_400(people, api_as, upcoming):
    services.update_gathering(actor=people.convenor, gathering=upcoming, capacity=1)
    path = f"/api/v1/gatherings/{upcoming.pk}/rsvp"
    ok = api_as(people.member).put(path, {"answer": "yes"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["answer"] == "yes"
    full = api_as(people.convenor).put(path, {"answer": "yes"}, content_type="application/json")
    assert full.status_code == 400 and "full" in full.json()["detail"]
    assert Rsvp.objects.count() == 1
    detail = api_as(people.member).get(f"/api/v1/gatherings/{upcoming.pk}").json()
    assert detail["coming"] == 1 and detail["my_answer"] == "yes"


def test_answering_a_cancelled_gathering_is_a_400(people, api_as, upcoming):
    services.cancel_gathering(actor=people.convenor, gathering=upcoming)
    response = api_as(people.member).put(
        f"/api/v1/gatherings/{upcoming.pk}/rsvp", {"answer": "yes"}, content_type="application/json"
    )
    assert (
        response.status_code == 400 and response.json()["detail"] == "This gathering is cancelled."
    )


def test_attendance_rules_hold_over_the_api(people, api_as, upcoming):
    path = f"/api/v1/gatherings/{upcoming.pk}/attendance"
    early = api_as(people.convenor).put(
        path, {"attendees": [people.member.handle]}, content_type="application/json"
    )
    assert early.status_code == 400 and "once the gathering has started" in early.json()["detail"]
    held = make_gathering(people.open_community, starts_in=-DAY)
    path = f"/api/v1/gatherings/{held.pk}/attendance"
    outsider = api_as(people.convenor).put(
        path, {"attendees": [people.outsider.handle]}, content_type="application/json"
    )
    assert outsider.status_code == 400 and "not a member" in outsider.json()["detail"]
    ok = api_as(people.convenor).put(
        path, {"attendees": [people.member.handle]}, content_type="application/json"
    )
    assert ok.status_code == 200 and [p["handle"] for p in ok.json()] == [people.member.handle]
    assert Attendance.objects.count() == 1


def test_my_own_apply_and_outcome_over_the_api(people, api_as):
    held = make_gathering(people.open_community, starts_in=-DAY)
    attended(held, people.member)
    path = f"/api/v1/gatherings/{held.pk}/apply"
    assert api_as(people.member).get(path).status_code == 404
    saved = api_as(people.member).put(
        path,
        {"text": "Try Troika with my team", "follow_up_weeks": 6},
        content_type="application/json",
    )
    assert saved.status_code == 200
    assert saved.json()["follow_up_on"] == str(
        held.local_ends_at.date() + datetime.timedelta(weeks=6)
    )
    outcome = api_as(people.member).post(
        path + "/outcome", {"outcome": "It worked."}, content_type="application/json"
    )
    assert outcome.json()["outcome"] == "It worked."
    assert api_as(people.convenor).get(path).status_code == 404
    assert Intention.objects.get().outcome == "It worked."


@pytest.mark.parametrize("persona", ["outsider", "admin", "sponsor"])
def test_outsiders_get_404_from_every_gathering_endpoint(people, api_as, persona):
    hidden = make_gathering(people.private_community, starts_in=-DAY)
    client = api_as(getattr(people, persona))
    base = f"/api/v1/gatherings/{hidden.pk}"
    for path in (base, base + "/rsvps", base + "/attendance", base + "/apply"):
        assert client.get(path).status_code == 404, path
    json = {"content_type": "application/json"}
    assert client.put(base + "/rsvp", {"answer": "yes"}, **json).status_code == 404
    assert client.put(base + "/attendance", {"attendees": []}, **json).status_code == 404
    assert client.patch(base, {"title": "x"}, **json).status_code == 404
    assert client.post(base + "/cancel").status_code == 404
    assert client.put(base + "/apply", {"text": "x"}, **json).status_code == 404
    assert client.post(base + "/apply/outcome", {"outcome": "x"}, **json).status_code == 404
    assert client.get("/api/v1/communities/quiet-room/gatherings").status_code == 404
    suggestion = "/api/v1/communities/quiet-room/gatherings/facilitator-suggestion"
    assert client.get(suggestion).status_code == 404
    assert (
        client.post("/api/v1/communities/quiet-room/gatherings", new(), **json).status_code == 404
    )
    mine = client.get("/api/v1/me/gatherings").json()
    assert mine["count"] == 0


def test_the_formats_and_the_facilitator_suggestion(people, api_as):
    formats = api_as(people.member).get("/api/v1/gatherings/formats").json()
    troika = next(f for f in formats if f["key"] == "troika")
    assert troika["minutes"] == 31 and "Liberating Structure" in troika["source"]
    suggestion = (
        api_as(people.convenor)
        .get("/api/v1/communities/open-circle/gatherings/facilitator-suggestion")
        .json()
    )
    assert suggestion["person"]["handle"] == people.convenor.handle
    assert "has not facilitated" in suggestion["reason"]


def test_changing_bumps_the_sequence_over_the_api(people, api_as, upcoming):
    response = api_as(people.convenor).patch(
        f"/api/v1/gatherings/{upcoming.pk}", {"place": "Room 2"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["sequence"] == 1
    member = api_as(people.member).patch(
        f"/api/v1/gatherings/{upcoming.pk}", {"place": "Room 3"}, content_type="application/json"
    )
    assert member.status_code == 400


def test_a_javascript_link_is_refused_over_the_api_and_never_shown(people, api_as, upcoming):
    json = {"content_type": "application/json"}
    created = api_as(people.convenor).post(
        "/api/v1/communities/open-circle/gatherings",
        new(online_link="javascript:alert(document.cookie)"),
        **json,
    )
    assert created.status_code == 400 and "web address" in created.json()["detail"]
    changed = api_as(people.convenor).patch(
        f"/api/v1/gatherings/{upcoming.pk}", {"online_link": "javascript:alert(1)"}, **json
    )
    assert changed.status_code == 400 and "web address" in changed.json()["detail"]
    page = client_for(people.member).get(upcoming.get_absolute_url()).content.decode()
    assert "javascript:" not in page
    assert Gathering.objects.count() == 1


def test_a_title_with_a_line_break_is_refused_over_the_api(people, api_as):
    created = api_as(people.convenor).post(
        "/api/v1/communities/open-circle/gatherings",
        new(title="Troika\nwinter"),
        content_type="application/json",
    )
    assert created.status_code == 400 and "one line" in created.json()["detail"]


@pytest.mark.parametrize(
    "field",
    ["title", "format", "starts_at", "ends_at", "time_zone", "place", "online_link", "agenda"],
)
def test_null_for_a_detail_that_cannot_be_empty_is_refused(people, api_as, upcoming, field):
    response = api_as(people.convenor).patch(
        f"/api/v1/gatherings/{upcoming.pk}", {field: None}, content_type="application/json"
    )
    assert response.status_code == 422
    upcoming.refresh_from_db()
    assert upcoming.sequence == 0 and upcoming.title == "Troika on winter pressures"


def test_null_capacity_and_facilitator_clear_them(people, api_as):
    gathering = services.schedule_gathering(
        actor=people.convenor,
        community=people.open_community,
        title="Troika",
        starts_at=timezone.now() + 5 * DAY,
        ends_at=timezone.now() + 5 * DAY + datetime.timedelta(hours=1),
        time_zone="Europe/London",
        capacity=5,
        facilitator=people.member,
    )
    response = api_as(people.convenor).patch(
        f"/api/v1/gatherings/{gathering.pk}",
        {"capacity": None, "facilitator": None},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["capacity"] is None and response.json()["facilitator"] is None

"""One gathering's .ics, the community feed and the personal feed parse and hold the events."""

from __future__ import annotations

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from convene.discussions.feeds import feed_key_for
from convene.discussions.services import renew_feed_token
from convene.gatherings import calendars, services
from tests.conftest import client_for
from tests.factories import make_community, make_person
from tests.gatherings.conftest import DAY, make_gathering, schedule

pytestmark = pytest.mark.django_db


def events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]).split(" (")[0]: event for event in cal.events}


def test_a_single_gathering_downloads_as_ics(people, as_member, upcoming):
    path = reverse("gatherings:gathering_ics", args=[people.open_community.slug, upcoming.pk])
    response = as_member.get(path)
    [event] = events(response).values()
    assert str(event["uid"]) == calendars.event_uid(upcoming)
    assert event.decoded("dtstart") == upcoming.starts_at
    assert "attachment" in response["Content-Disposition"]


def test_the_community_feed_carries_its_gatherings_cancelled_ones_included(people, upcoming):
    cancelled = schedule(people.open_community, people.convenor, title="Called off")
    services.cancel_gathering(actor=people.convenor, gathering=cancelled)
    schedule(people.private_community, people.convenor, title="Elsewhere")
    path = reverse("gatherings:community_calendar", args=[people.open_community.slug])
    found = events(Client().get(path, {"key": feed_key_for(people.member)}))
    assert set(found) == {"Troika on winter pressures", "Called off"}
    assert str(found["Called off"]["status"]) == "CANCELLED"
    assert found["Called off"]["sequence"] == 1


def test_the_personal_feed_spans_my_communities_and_leaves_out_what_i_declined(people):
    schedule(people.open_community, people.convenor, title="Open one")
    private = schedule(people.private_community, people.convenor, title="Private one")
    declined = schedule(people.open_community, people.convenor, title="Declined one")
    services.rsvp(actor=people.member, gathering=declined, answer="no")
    other = make_community("Elsewhere", convenor=make_person("Else Convenor"))
    schedule(other, other.memberships.get().user, title="Not mine")
    path = reverse("gatherings:my_calendar")
    found = events(Client().get(path, {"key": feed_key_for(people.member)}))
    assert set(found) == {"Open one", "Private one"}
    assert found["Private one"].decoded("dtstart") == private.starts_at


def test_the_personal_feed_follows_what_the_person_can_read_now(people):
    schedule(people.private_community, people.convenor, title="Private one")
    key = feed_key_for(people.member)
    people.private_community.memberships.filter(user=people.member).delete()
    found = events(Client().get(reverse("gatherings:my_calendar"), {"key": key}))
    assert "Private one" not in found


def test_a_renewed_key_stops_the_old_feeds(people, upcoming):
    key = feed_key_for(people.member)
    paths = [
        reverse("gatherings:my_calendar"),
        reverse("gatherings:community_calendar", args=[people.open_community.slug]),
        reverse("gatherings:gathering_ics", args=[people.open_community.slug, upcoming.pk]),
    ]
    assert all(Client().get(path, {"key": key}).status_code == 200 for path in paths)
    renew_feed_token(actor=people.member)
    assert all(Client().get(path, {"key": key}).status_code == 404 for path in paths)
    new = feed_key_for(people.member)
    assert all(Client().get(path, {"key": new}).status_code == 200 for path in paths)


def test_feeds_without_a_key_are_not_found(people, upcoming):
    assert Client().get(reverse("gatherings:my_calendar")).status_code == 404
    assert Client().get(reverse("gatherings:my_calendar"), {"key": "wrong"}).status_code == 404


def test_pages_advertise_webcal_and_https_links_with_the_key(people, as_member, upcoming):
    key = feed_key_for(people.member)
    for path in (
        reverse("gatherings:my_gatherings"),
        reverse("gatherings:gathering_list", args=[people.open_community.slug]),
        upcoming.get_absolute_url(),
    ):
        page = as_member.get(path).content.decode()
        assert "webcal://testserver/" in page and f"key={key}" in page
        assert "http://testserver/" in page and "Or copy this address" in page


def test_past_gatherings_stay_in_the_feed_for_six_months(people):
    make_gathering(people.open_community, starts_in=-30 * DAY, title="Last month")
    make_gathering(people.open_community, starts_in=-400 * DAY, title="Long ago")
    found = events(
        client_for(people.member).get(
            reverse("gatherings:community_calendar", args=[people.open_community.slug])
        )
    )
    assert set(found) == {"Last month"}


def test_a_busy_feed_keeps_every_upcoming_gathering_then_the_latest_past_ones(people, monkeypatch):
    monkeypatch.setattr(calendars, "FEED_LENGTH", 4)
    for days in (-50, -40, -30, -20, -10):
        make_gathering(people.open_community, starts_in=days * DAY, title=f"Past {-days}")
    for days in (3, 6, 9):
        make_gathering(people.open_community, starts_in=days * DAY, title=f"Next {days}")
    key = feed_key_for(people.member)
    community = events(
        Client().get(
            reverse("gatherings:community_calendar", args=[people.open_community.slug]),
            {"key": key},
        )
    )
    mine = events(Client().get(reverse("gatherings:my_calendar"), {"key": key}))
    assert set(community) == set(mine) == {"Next 3", "Next 6", "Next 9", "Past 10"}


def test_a_full_feed_of_upcoming_gatherings_leaves_the_past_out(people, monkeypatch):
    monkeypatch.setattr(calendars, "FEED_LENGTH", 2)
    make_gathering(people.open_community, starts_in=-10 * DAY, title="Past")
    for days in (3, 6, 9):
        make_gathering(people.open_community, starts_in=days * DAY, title=f"Next {days}")
    feed = calendars.community_feed(people.open_community)
    assert [gathering.title for gathering in feed] == ["Next 3", "Next 6"]


def test_a_line_break_in_an_old_title_does_not_break_the_calendar(people, as_member):
    old = make_gathering(people.open_community, title="Troika\r\nwinter")
    path = reverse("gatherings:gathering_ics", args=[people.open_community.slug, old.pk])
    response = as_member.get(path)
    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["x-wr-calname"]) == "Troika winter"

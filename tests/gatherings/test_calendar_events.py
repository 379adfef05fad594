"""Each gathering becomes a VEVENT that calendar clients can follow through its changes."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest
import time_machine

from convene.gatherings import calendars, services
from tests.gatherings.conftest import answer

pytestmark = pytest.mark.django_db


def parse(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).events)


def test_an_event_carries_its_zone_a_stable_uid_and_its_sequence(people, upcoming):
    [before] = parse(calendars.calendar([upcoming], "Test"))
    services.update_gathering(actor=people.convenor, gathering=upcoming, place="Room 4")
    upcoming.refresh_from_db()
    data = calendars.calendar([upcoming], "Test")
    [after] = parse(data)
    assert str(before["uid"]) == str(after["uid"]) == calendars.event_uid(upcoming)
    assert (before["sequence"], after["sequence"]) == (0, 1)
    start = after.decoded("dtstart")
    assert start.tzinfo == zoneinfo.ZoneInfo("Europe/London")
    assert start == upcoming.starts_at
    assert after.decoded("dtend") == upcoming.ends_at
    assert b"DTSTART;TZID=Europe/London:" in data and b"BEGIN:VTIMEZONE" in data
    assert str(after["location"]) == "Room 4"
    assert str(after["status"]) == "CONFIRMED"
    assert "Think about your challenge" in str(after["description"])


def test_a_cancelled_gathering_is_published_as_cancelled(people, upcoming):
    answer(upcoming, people.member)
    services.cancel_gathering(actor=people.convenor, gathering=upcoming)
    upcoming.refresh_from_db()
    [event] = parse(calendars.calendar([upcoming], "Test"))
    assert str(event["status"]) == "CANCELLED" and event["sequence"] == 1


@time_machine.travel(datetime.datetime(2030, 6, 1, tzinfo=datetime.UTC), tick=False)
def test_times_in_another_zone_keep_that_zone(people):
    local = datetime.datetime(2031, 3, 3, 9, 30)
    from tests.gatherings.conftest import schedule

    gathering = schedule(
        people.open_community,
        people.convenor,
        starts_at=local,
        ends_at=local + datetime.timedelta(hours=2),
        time_zone="Asia/Kolkata",
    )
    data = calendars.calendar([gathering], "Test")
    assert b"DTSTART;TZID=Asia/Kolkata:20310303T093000" in data

"""The gathering pages: schedule, answer, record; bad input is a form error and changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convene.discussions.feeds import feed_key_for
from convene.gatherings import services
from convene.gatherings.models import Attendance, Gathering, Intention, Rsvp
from tests.conftest import client_for
from tests.factories import make_community
from tests.gatherings.conftest import DAY, attended, make_gathering

pytestmark = pytest.mark.django_db


def url(name: str, gathering: Gathering) -> str:
    return reverse(f"gatherings:{name}", args=[gathering.community.slug, gathering.pk])


def local_input(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def form_data(**changes: object) -> dict[str, object]:
    starts = (timezone.now() + 10 * DAY).replace(hour=18, minute=0)
    data: dict[str, object] = {
        "title": "Troika Consulting: winter pressures",
        "format": "troika",
        "starts_at": local_input(starts),
        "ends_at": local_input(starts + datetime.timedelta(hours=1)),
        "time_zone": "Europe/London",
        "place": "Board room, Harbour House",
        "online_link": "",
        "capacity": "12",
        "facilitator": "",
        "agenda": "",
        **changes,
    }
    return data


def test_the_create_page_offers_formats_and_suggests_a_facilitator(people, as_convenor):
    path = reverse("gatherings:gathering_create", args=[people.open_community.slug])
    page = as_convenor.get(path + "?format=one_two_four_all").content.decode()
    assert "Troika Consulting" in page and "Liberating Structures" in page
    assert "1 | Alone | Think in silence" in page
    assert "Convene suggests <strong>Connor Convenor</strong>" in page
    assert f'hx-get="{path}"' in page and 'hx-select="#id_agenda"' in page


def test_a_convenor_schedules_a_gathering_with_its_formats_agenda(people, as_convenor):
    path = reverse("gatherings:gathering_create", args=[people.open_community.slug])
    response = as_convenor.post(path, form_data())
    gathering = Gathering.objects.get()
    assert response.status_code == 302 and response.url == gathering.get_absolute_url()
    assert gathering.local_starts_at.hour == 18 and gathering.capacity == 12
    assert gathering.agenda[0]["title"] == "Think about your challenge"
    page = as_convenor.get(gathering.get_absolute_url()).content.decode()
    assert "Think about your challenge" in page and "webcal://" in page


def test_a_gathering_ending_before_it_starts_is_a_form_error(people, as_convenor):
    path = reverse("gatherings:gathering_create", args=[people.open_community.slug])
    data = form_data()
    data["ends_at"], data["starts_at"] = data["starts_at"], data["ends_at"]
    response = as_convenor.post(path, data)
    assert response.status_code == 200
    assert "A gathering must end after it starts." in response.content.decode()
    assert not Gathering.objects.exists()


def test_a_bad_agenda_line_is_a_form_error(people, as_convenor):
    path = reverse("gatherings:gathering_create", args=[people.open_community.slug])
    response = as_convenor.post(path, form_data(agenda="ten | Check-in"))
    assert "Line 1 should read" in response.content.decode()
    assert not Gathering.objects.exists()


def test_members_cannot_reach_the_scheduling_pages(people, as_member, upcoming):
    path = reverse("gatherings:gathering_create", args=[people.open_community.slug])
    assert as_member.get(path).status_code == 404
    assert as_member.get(url("gathering_edit", upcoming)).status_code == 404
    assert as_member.post(url("gathering_cancel", upcoming)).status_code == 404


def test_the_convenor_changes_and_cancels(people, as_convenor, upcoming):
    edit = as_convenor.get(url("gathering_edit", upcoming)).content.decode()
    assert "Troika on winter pressures" in edit
    data = form_data(title="Troika, moved", agenda="30 | Troika rounds")
    assert as_convenor.post(url("gathering_edit", upcoming), data).status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.title == "Troika, moved" and upcoming.sequence == 1
    assert upcoming.agenda == [{"minutes": 30, "title": "Troika rounds", "detail": ""}]
    as_convenor.post(url("gathering_cancel", upcoming))
    upcoming.refresh_from_db()
    assert upcoming.is_cancelled


def test_a_member_answers_and_a_full_gathering_says_so(people, as_member):
    gathering = services.schedule_gathering(
        actor=people.convenor,
        community=people.open_community,
        title="Small room",
        starts_at=timezone.now() + DAY,
        ends_at=timezone.now() + DAY + datetime.timedelta(hours=1),
        time_zone="Europe/London",
        capacity=1,
    )
    services.rsvp(actor=people.convenor, gathering=gathering, answer="yes")
    response = as_member.post(url("gathering_rsvp", gathering), {"answer": "yes"})
    assert response.status_code == 400
    assert "This gathering is full" in response.content.decode()
    assert not Rsvp.objects.filter(user=people.member).exists()
    assert as_member.post(url("gathering_rsvp", gathering), {"answer": "maybe"}).status_code == 302


def test_answering_a_past_gathering_is_a_form_error(people, as_member):
    gathering = make_gathering(people.open_community, starts_in=-DAY)
    response = as_member.post(url("gathering_rsvp", gathering), {"answer": "yes"})
    assert response.status_code == 400 and "already started" in response.content.decode()


def test_attendance_before_the_start_is_a_form_error(people, as_convenor, upcoming):
    response = as_convenor.post(
        url("gathering_attendance", upcoming), {"attendees": [people.member.pk]}
    )
    assert response.status_code == 400
    assert "once the gathering has started" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_for_a_non_member_is_a_form_error(people, as_convenor):
    gathering = make_gathering(people.open_community, starts_in=-DAY)
    response = as_convenor.post(
        url("gathering_attendance", gathering), {"attendees": [people.outsider.pk]}
    )
    assert response.status_code == 400 and not Attendance.objects.exists()


def test_the_convenor_records_attendance_and_notes(people, as_convenor):
    gathering = make_gathering(people.open_community, starts_in=-DAY)
    as_convenor.post(url("gathering_attendance", gathering), {"attendees": [people.member.pk]})
    as_convenor.post(url("gathering_notes", gathering), {"notes": "We agreed **three** things."})
    page = client_for(people.member).get(gathering.get_absolute_url()).content.decode()
    assert "Who came" in page and "<strong>three</strong>" in page


def test_a_member_records_what_they_will_apply_and_later_the_outcome(people, as_member):
    gathering = make_gathering(people.open_community, starts_in=-DAY)
    attended(gathering, people.member)
    path = url("intention_edit", gathering)
    as_member.post(path, {"text": "Open my team meeting with 1-2-4-All.", "follow_up_weeks": "3"})
    intention = Intention.objects.get()
    assert intention.follow_up_on == gathering.local_ends_at.date() + datetime.timedelta(weeks=3)
    as_member.post(url("intention_outcome", gathering), {"outcome": "Quieter people spoke up."})
    intention.refresh_from_db()
    assert intention.outcome == "Quieter people spoke up."
    page = as_member.get(reverse("gatherings:my_gatherings")).content.decode()
    assert "Open my team meeting" in page


def test_what_someone_will_apply_stays_private(people, as_convenor):
    gathering = make_gathering(people.open_community, starts_in=-DAY)
    attended(gathering, people.member)
    services.record_intention(actor=people.member, gathering=gathering, text="A private plan")
    assert "A private plan" not in as_convenor.get(gathering.get_absolute_url()).content.decode()
    assert (
        "A private plan" not in as_convenor.get(url("intention_edit", gathering)).content.decode()
    )
    response = as_convenor.post(url("intention_outcome", gathering), {"outcome": "x"})
    assert response.status_code == 404


def test_the_community_page_shows_the_next_gatherings_and_my_answer(people, as_member, upcoming):
    services.rsvp(actor=people.member, gathering=upcoming, answer="yes")
    page = as_member.get(people.open_community.get_absolute_url()).content.decode()
    assert "Troika on winter pressures" in page and "You are coming" in page
    assert "/communities/open-circle/gatherings/calendar.ics?key=" in page


def test_a_blank_agenda_on_edit_takes_the_formats_agenda(people, as_convenor, upcoming):
    data = form_data(format="open_discussion", agenda="")
    data["ends_at"] = data["starts_at"].replace("T18:00", "T19:30")  # type: ignore[attr-defined]
    assert as_convenor.post(url("gathering_edit", upcoming), data).status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.format == "open_discussion"
    assert upcoming.agenda[0]["title"] == "Check-in"


def test_a_javascript_link_is_a_form_error(people, as_convenor):
    path = reverse("gatherings:gathering_create", args=[people.open_community.slug])
    response = as_convenor.post(path, form_data(online_link="javascript:alert(1)"))
    assert response.status_code == 200 and not Gathering.objects.exists()


def test_calendar_files_are_private_to_caches_for_five_minutes(people, as_member, upcoming):
    for path in (
        url("gathering_ics", upcoming),
        reverse("gatherings:community_calendar", args=[people.open_community.slug]),
        reverse("gatherings:my_calendar") + f"?key={feed_key_for(people.member)}",
    ):
        cache = as_member.get(path)["Cache-Control"]
        assert "private" in cache and "max-age=300" in cache, path


def test_my_page_and_my_feed_hold_the_same_gatherings(people):
    elsewhere = make_community("Elsewhere", convenor=people.convenor)
    coming = make_gathering(elsewhere, title="Coming along")
    declined = make_gathering(elsewhere, title="Said no")
    Rsvp.objects.create(gathering=coming, user=people.member, answer="maybe")
    Rsvp.objects.create(gathering=declined, user=people.member, answer="no")
    make_gathering(people.open_community, title="In my community")
    page = client_for(people.member).get(reverse("gatherings:my_gatherings")).content.decode()
    feed = Client().get(reverse("gatherings:my_calendar"), {"key": feed_key_for(people.member)})
    for title in ("Coming along", "In my community"):
        assert title in page and title.encode() in feed.content
    assert "Said no" not in page and b"Said no" not in feed.content

"""The demo's gatherings: a past with attendance, notes and follow-ups, and the next few."""

from __future__ import annotations

import icalendar
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from convene.discussions.feeds import feed_key_for
from convene.gatherings.models import Gathering, Intention
from convene.gatherings.services import suggest_facilitator
from convene.people.models import User
from tests.conftest import client_for


def test_the_demo_has_gatherings_past_and_upcoming_in_several_communities(db):
    call_command("seed_demo", password="pw", verbosity=0)
    past = Gathering.objects.past()
    upcoming = Gathering.objects.upcoming()
    assert past.count() >= 6 and all(g.attendances.exists() and g.notes_html for g in past)
    assert upcoming.values("community").distinct().count() >= 3
    troika = upcoming.get(community__name="New Managers' Circle", format="troika")
    grace = User.objects.get(email="convenor@northgate.example")
    assert troika.created_by == grace and troika.facilitator is not None
    assert troika.yes_count == troika.rsvps.filter(answer="yes").count() > 0
    assert upcoming.filter(status=Gathering.Status.CANCELLED).count() == 1
    assert Intention.objects.exclude(outcome="").exists()
    assert Intention.objects.filter(outcome="").exists()


def test_facilitation_has_rotated_so_the_suggestion_names_a_newcomer_to_it(db):
    call_command("seed_demo", password="pw", verbosity=0)
    circle = Gathering.objects.filter(community__name="New Managers' Circle")
    facilitators = [g.facilitator_id for g in circle.order_by("starts_at")]
    assert len(set(facilitators)) == len(facilitators)
    suggestion = suggest_facilitator(circle[0].community)
    assert suggestion is not None and suggestion.person.pk not in facilitators


def test_sam_sees_his_gatherings_and_follow_ups_and_his_feed_has_them(db):
    call_command("seed_demo", password="pw", verbosity=0)
    sam = User.objects.get(email="member@northgate.example")
    page = client_for(sam).get(reverse("gatherings:my_gatherings")).content.decode()
    assert "What the new asset system is asking" not in page  # titles are shown in full
    assert "1-2-4-All: what the new asset system is asking of our teams" in page
    assert "How did it go?" in page and "It helped." not in page
    feed = Client().get(reverse("gatherings:my_calendar"), {"key": feed_key_for(sam)})
    summaries = {str(e["summary"]) for e in icalendar.Calendar.from_ical(feed.content).events}
    assert any(s.startswith("1-2-4-All: what the new asset system") for s in summaries)
    assert not any("New Managers' Circle" in s for s in summaries)  # not his community


def test_grace_finds_the_circles_troika_in_her_feed(db):
    call_command("seed_demo", password="pw", verbosity=0)
    grace = User.objects.get(email="convenor@northgate.example")
    feed = Client().get(reverse("gatherings:my_calendar"), {"key": feed_key_for(grace)})
    summaries = {str(e["summary"]) for e in icalendar.Calendar.from_ical(feed.content).events}
    assert (
        "Troika Consulting: the conversation you keep putting off (New Managers' Circle)"
        in summaries
    )

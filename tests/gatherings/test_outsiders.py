"""Outsiders find nothing of a private community's gatherings: 404 on every page, file and feed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from convene.discussions.feeds import feed_key_for
from convene.gatherings.models import Gathering, Rsvp
from tests.conftest import client_for
from tests.gatherings.conftest import DAY, make_gathering

pytestmark = pytest.mark.django_db

PAGES = [
    ("gathering_detail", "get"),
    ("gathering_edit", "get"),
    ("gathering_cancel", "post"),
    ("gathering_rsvp", "post"),
    ("gathering_attendance", "post"),
    ("gathering_notes", "post"),
    ("intention_edit", "get"),
    ("intention_outcome", "post"),
    ("gathering_ics", "get"),
]


@pytest.fixture
def hidden(people) -> Gathering:
    return make_gathering(people.private_community, title="Hidden gathering")


# Administrators and sponsors see that a private community exists, not what it does.
OUTSIDERS = ["outsider", "admin", "sponsor"]


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize(("name", "method"), PAGES)
def test_outsiders_get_404_for_every_gathering_page(people, hidden, name, method, persona):
    path = reverse(f"gatherings:{name}", args=[hidden.community.slug, hidden.pk])
    client = client_for(getattr(people, persona))
    response = getattr(client, method)(path, {"answer": "yes"} if method == "post" else None)
    assert response.status_code == 404


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("name", ["gathering_list", "gathering_create", "community_calendar"])
def test_outsiders_get_404_for_the_communitys_gathering_pages(people, hidden, name, persona):
    path = reverse(f"gatherings:{name}", args=[hidden.community.slug])
    assert client_for(getattr(people, persona)).get(path).status_code == 404
    assert client_for(people.convenor).get(path).status_code == 200


@pytest.mark.parametrize("persona", ["admin", "sponsor"])
def test_non_member_administrators_and_sponsors_feeds_leave_it_out(people, hidden, persona):
    key = feed_key_for(getattr(people, persona))
    path = reverse("gatherings:gathering_ics", args=[hidden.community.slug, hidden.pk])
    assert Client().get(path, {"key": key}).status_code == 404
    feed = Client().get(reverse("gatherings:my_calendar"), {"key": key})
    assert b"Hidden gathering" not in feed.content


def test_administrators_still_schedule_in_open_communities(people):
    path = reverse("gatherings:gathering_create", args=[people.open_community.slug])
    assert client_for(people.admin).get(path).status_code == 200


def test_outsiders_key_does_not_open_the_community_feed(people, hidden):
    path = reverse("gatherings:community_calendar", args=[hidden.community.slug])
    assert Client().get(path, {"key": feed_key_for(people.outsider)}).status_code == 404
    assert Client().get(path, {"key": feed_key_for(people.member)}).status_code == 200


def test_outsiders_cannot_reach_the_ics_with_their_own_key_or_none(people, hidden):
    path = reverse("gatherings:gathering_ics", args=[hidden.community.slug, hidden.pk])
    assert Client().get(path).status_code == 404
    assert Client().get(path, {"key": feed_key_for(people.outsider)}).status_code == 404
    assert Client().get(path, {"key": feed_key_for(people.member)}).status_code == 200


def test_a_gathering_under_another_communitys_address_is_not_found(people, hidden, as_member):
    path = reverse("gatherings:gathering_detail", args=[people.open_community.slug, hidden.pk])
    assert as_member.get(path).status_code == 404


def test_outsiders_personal_pages_and_feed_leave_it_out(people, hidden):
    page = client_for(people.outsider).get(reverse("gatherings:my_gatherings")).content.decode()
    feed = Client().get(reverse("gatherings:my_calendar"), {"key": feed_key_for(people.outsider)})
    assert "Hidden gathering" not in page and b"Hidden gathering" not in feed.content
    community = client_for(people.outsider).get(people.open_community.get_absolute_url())
    assert b"Hidden gathering" not in community.content


def test_the_outsiders_post_changes_nothing(people, hidden):
    hidden.starts_at = hidden.starts_at + DAY
    path = reverse("gatherings:gathering_rsvp", args=[hidden.community.slug, hidden.pk])
    client_for(people.outsider).post(path, {"answer": "yes"})
    assert not Rsvp.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(people, hidden):
    path = reverse("gatherings:gathering_detail", args=[hidden.community.slug, hidden.pk])
    assert Client().get(path).status_code == 302

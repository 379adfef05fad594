"""Administrators create communities and appoint the first convenor and sponsor."""

from __future__ import annotations

import pytest

from convene.communities.models import Community, Membership


def create(client, **overrides):
    data = {
        "name": "Leading Across Sites",
        "purpose": "We practise **cross-site** leadership.",
        "visibility": "private",
        "convenor": "maya-member",
        "sponsor": "sofia-sponsor",
    } | overrides
    return client.post("/communities/new/", data)


def test_an_administrator_creates_a_community_with_its_first_convenor(people, as_admin):
    response = create(as_admin)
    community = Community.objects.get(slug="leading-across-sites")
    assert response["Location"] == community.get_absolute_url()
    assert community.sponsor == people.sponsor
    assert "<strong>cross-site</strong>" in community.purpose_html
    assert Membership.objects.current().get(community=community).user == people.member


def test_only_administrators_reach_the_creation_page(people, as_convenor):
    assert as_convenor.get("/communities/new/").status_code == 404
    assert create(as_convenor).status_code == 404
    assert not Community.objects.filter(slug="leading-across-sites").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "This field is required"),
        ({"name": "Open Circle"}, "already exists"),
        ({"name": "!!!"}, "at least one letter"),
        ({"name": "New"}, "reserved"),
        ({"convenor": "nobody"}, "Select a valid choice"),
        ({"sponsor": "maya-member"}, "Select a valid choice"),
        ({"visibility": "secret"}, "Select a valid choice"),
        ({"purpose": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_bad_input_is_a_form_error_and_creates_nothing(people, as_admin, overrides, message):
    before = Community.objects.count()
    response = create(as_admin, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Community.objects.count() == before


def test_a_convenor_edits_the_purpose(people, as_convenor):
    response = as_convenor.post(
        "/communities/open-circle/edit/", {"purpose": "A new purpose.", "visibility": "open"}
    )
    assert response.status_code == 302
    people.open_community.refresh_from_db()
    assert people.open_community.purpose_html == "<p>A new purpose.</p>\n"


def test_an_empty_purpose_is_a_form_error(people, as_convenor):
    response = as_convenor.post(
        "/communities/open-circle/edit/", {"purpose": "", "visibility": "open"}
    )
    assert "This field is required" in response.content.decode()


def test_only_an_administrator_sets_the_sponsor(people, as_admin, as_convenor):
    as_convenor.post("/communities/open-circle/sponsor/", {"sponsor": people.executive.handle})
    people.open_community.refresh_from_db()
    assert people.open_community.sponsor == people.sponsor
    as_admin.post("/communities/open-circle/sponsor/", {"sponsor": people.executive.handle})
    people.open_community.refresh_from_db()
    assert people.open_community.sponsor == people.executive

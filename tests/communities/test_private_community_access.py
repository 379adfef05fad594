"""A private community is invisible to outsiders: every page answers 404, never a hint."""

from __future__ import annotations

import pytest

from tests.conftest import client_for

PRIVATE_PAGES = [
    ("get", "/communities/quiet-room/"),
    ("get", "/communities/quiet-room/history/"),
    ("get", "/communities/quiet-room/edit/"),
    ("get", "/communities/quiet-room/requests/"),
    ("post", "/communities/quiet-room/join/"),
    ("post", "/communities/quiet-room/leave/"),
    ("post", "/communities/quiet-room/sponsor/"),
    ("post", "/communities/quiet-room/join-link/"),
    ("post", "/communities/quiet-room/invitations/"),
    ("post", "/communities/quiet-room/members/maya-member/role/"),
    ("post", "/communities/quiet-room/members/maya-member/remove/"),
]


@pytest.mark.parametrize(("method", "url"), PRIVATE_PAGES)
def test_outsider_gets_404_on_every_private_community_page(people, as_outsider, method, url):
    response = getattr(as_outsider, method)(url)
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "url"), PRIVATE_PAGES)
def test_private_and_missing_communities_look_the_same(people, as_outsider, method, url):
    missing = url.replace("quiet-room", "no-such-community")
    private = getattr(as_outsider, method)(url)
    assert getattr(as_outsider, method)(missing).content == private.content


def test_private_community_is_absent_from_the_outsiders_directory(people, as_outsider):
    page = as_outsider.get("/communities/").content.decode()
    assert "Open Circle" in page
    assert "Quiet Room" not in page


def test_private_community_is_absent_from_the_outsiders_view_of_a_member(people, as_outsider):
    page = as_outsider.get(people.member.get_absolute_url()).content.decode()
    assert "Open Circle" in page
    assert "Quiet Room" not in page


def test_members_sponsor_and_administrator_see_the_private_community(people):
    for person in (people.member, people.sponsor, people.admin):
        response = client_for(person).get("/communities/quiet-room/")
        assert response.status_code == 200, person


def test_former_member_no_longer_sees_the_private_community(people, as_member):
    as_member.post("/communities/quiet-room/leave/")
    assert as_member.get("/communities/quiet-room/").status_code == 404


def test_visitor_is_sent_to_sign_in(client, people):
    response = client.get("/communities/open-circle/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_member_without_a_role_cannot_reach_the_convenors_pages(people, as_member):
    assert as_member.get("/communities/quiet-room/requests/").status_code == 404
    assert as_member.get("/communities/quiet-room/edit/").status_code == 404

"""A private community's charter is invisible to outsiders: every page and endpoint answers 404."""

from __future__ import annotations

import pytest

from tests.communities.charter_data import adopted, proposed
from tests.conftest import client_for

CHARTER = "/communities/quiet-room/charter"
PAGES = [
    ("get", f"{CHARTER}/"),
    ("get", f"{CHARTER}/new/"),
    ("post", f"{CHARTER}/new/"),
    ("get", f"{CHARTER}/compare/?from=1&to=2"),
    ("get", f"{CHARTER}/versions/1/"),
    ("get", f"{CHARTER}/versions/2/"),
    ("post", f"{CHARTER}/versions/2/comments/"),
    ("post", f"{CHARTER}/versions/2/endorse/"),
    ("post", f"{CHARTER}/versions/2/propose/"),
    ("post", f"{CHARTER}/versions/2/adopt/"),
]
API = "/api/v1/communities/quiet-room/charter"
ENDPOINTS = [
    ("get", API),
    ("get", f"{API}/versions"),
    ("post", f"{API}/versions"),
    ("get", f"{API}/versions/2"),
    ("post", f"{API}/versions/2/propose"),
    ("post", f"{API}/versions/2/adopt"),
    ("get", f"{API}/versions/2/comments"),
    ("post", f"{API}/versions/2/comments"),
    ("get", f"{API}/versions/2/endorsements"),
    ("post", f"{API}/versions/2/endorsements"),
]


@pytest.fixture
def charter(people):
    adopted(people.private_community, people.convenor, purpose="Private purpose.")
    return proposed(people.private_community, people.convenor, purpose="Private proposal.")


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_an_outsider_gets_404_on_every_private_charter_page(people, charter, method, url):
    outsider = client_for(people.outsider)
    response = getattr(outsider, method)(url)
    assert response.status_code == 404
    missing = getattr(outsider, method)(url.replace("quiet-room", "no-such-community"))
    assert missing.content == response.content


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_an_outsider_gets_404_from_every_private_charter_endpoint(
    people, charter, api_as, method, url
):
    body = {"purpose": "Let me in.", "body": "Hello."}
    response = getattr(api_as(people.outsider), method)(url, body, content_type="application/json")
    assert response.status_code == 404
    assert "Private" not in response.content.decode()


@pytest.mark.parametrize("person", ["sponsor", "admin"])
def test_a_sponsor_or_administrator_outside_the_private_community_reads_no_charter(
    people, charter, person
):
    client = client_for(getattr(people, person))
    assert client.get(f"{CHARTER}/").status_code == 404
    page = client.get("/communities/quiet-room/").content.decode()
    assert "Private purpose" not in page and "charter-heading" not in page


def test_members_of_the_private_community_read_its_charter(people, charter, as_member):
    html = as_member.get(f"{CHARTER}/").content.decode()
    assert "Private purpose." in html and "Proposed: version 2" in html

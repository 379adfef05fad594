"""The community directory and home page cost the same queries for 2 rows as for 40."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_community, make_person


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_communities(count: int, people) -> None:
    for _ in range(count):
        make_community(
            convenor=make_person(),
            members=[people.member, make_person()],
            sponsor=people.sponsor,
        )


def test_directory_query_count_does_not_grow_with_rows(people, as_member):
    few = queries_for(as_member, "/communities/")
    add_communities(38, people)
    assert queries_for(as_member, "/communities/") == few


def test_home_page_query_count_does_not_grow_with_rows(people, as_member):
    few = queries_for(as_member, "/")
    add_communities(38, people)
    assert queries_for(as_member, "/") == few


def test_community_page_query_count_does_not_grow_with_members(people, as_member):
    as_member.get("/communities/open-circle/")  # the first visit issues the reader's feed key
    few = queries_for(as_member, "/communities/open-circle/")
    for _ in range(38):
        people.open_community.memberships.create(user=make_person())
    assert queries_for(as_member, "/communities/open-circle/") == few


def test_search_finds_by_name_and_purpose(people, as_member):
    page = as_member.get("/communities/", {"q": "circle"}).content.decode()
    assert "Open Circle" in page and "Quiet Room" not in page
    page = as_member.get("/communities/", {"scope": "mine", "q": "practises"}).content.decode()
    assert "Open Circle" in page and "Quiet Room" in page


def test_no_request_exceeds_25_queries(people, as_convenor):
    for url in [
        "/",
        "/communities/",
        "/communities/quiet-room/",
        "/communities/quiet-room/requests/",
    ]:
        assert queries_for(as_convenor, url) <= 25, url


def test_convenors_see_waiting_requests_on_their_home_page(people, as_convenor, as_member):
    people.private_community.join_requests.create(user=people.outsider, message="")
    assert "Olu Outsider" in as_convenor.get("/").content.decode()
    assert "Olu Outsider" not in as_member.get("/").content.decode()


def test_bad_search_input_is_a_clear_error_not_a_500(people, as_member):
    response = as_member.get("/communities/", {"q": "a\x00b", "scope": "everything"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Null characters are not allowed" in page
    assert "Select a valid choice" in page

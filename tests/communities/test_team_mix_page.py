"""The community page shows who is here: its members' mix, to those who may see its members."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.communities import services
from tests.conftest import client_for
from tests.factories import make_function, make_person, make_site, make_unit


def page(client, slug: str = "open-circle") -> str:
    response = client.get(f"/communities/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def add_members(community, count: int) -> None:
    units = [make_unit("Treasury", make_function("Finance")), make_unit("Depots")]
    sites = [make_site("Leeds"), make_site("York"), None]
    for number in range(count):
        person = make_person(
            org_unit=units[number % 2],
            site=sites[number % 3],
            level="middle",
            started_on=datetime.date(2015, 1, 1),
        )
        community.memberships.create(user=person)


def test_the_community_page_shows_its_members_mix(people, as_member):
    add_members(people.open_community, 2)
    html = page(as_member)
    assert '<h2 id="mix-heading">Who is here</h2>' in html
    assert html.count('<table class="mix-chart">') == 4
    assert "4 people in all." in html
    assert '<th scope="row">Finance</th>' in html
    assert '<th scope="row">Function not given</th>' in html


def test_the_mix_counts_only_current_members(people, as_member):
    services.leave_community(actor=people.member, community=people.open_community)
    assert "1 person in all." in page(as_member)


def test_everyone_who_sees_a_private_communitys_members_sees_its_mix(people):
    for person in (people.member, people.sponsor, people.admin):
        assert "Who is here" in page(client_for(person), "quiet-room"), person


def test_an_outsider_gets_404_for_a_private_communitys_mix(people, as_outsider):
    response = as_outsider.get("/communities/quiet-room/")
    assert response.status_code == 404
    assert "Who is here" not in response.content.decode()


def queries_for_page(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client)
    return len(captured)


def test_the_page_costs_the_same_queries_for_2_members_as_for_20(people, as_member):
    as_member.get("/communities/open-circle/")  # the first visit issues the reader's feed key
    few = queries_for_page(as_member)
    add_members(people.open_community, 18)
    assert queries_for_page(as_member) == few
    assert "20 people in all." in page(as_member)

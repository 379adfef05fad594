"""The people directory: search, filters, clear errors and constant queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_expertise, make_function, make_person, make_site, make_unit


def names_on(response) -> str:
    return response.content.decode()


def test_search_matches_name_title_unit_and_expertise(people, as_member):
    finance = make_unit("Treasury", make_function("Finance"))
    person = make_person("Rhiannon Price", job_title="Budget lead", org_unit=finance)
    person.expertise.add(make_expertise("Negotiation"))
    for text in ["rhiannon", "budget", "treasury", "negotiation"]:
        assert "Rhiannon Price" in names_on(as_member.get("/people/", {"q": text})), text
    assert "Rhiannon Price" not in names_on(as_member.get("/people/", {"q": "zebra"}))


def test_filters_combine(people, as_member):
    leeds, york = make_site("Leeds"), make_site("York")
    unit = make_unit("Depots", make_function("Operations"))
    make_person("Ann Leeds", site=leeds, level="middle", org_unit=unit)
    make_person("Ben York", site=york, level="middle", org_unit=unit)
    page = names_on(
        as_member.get("/people/", {"site": "leeds", "level": "middle", "function": "operations"})
    )
    assert "Ann Leeds" in page
    assert "Ben York" not in page


def test_an_unknown_filter_is_a_clear_error_not_a_500(people, as_member):
    response = as_member.get("/people/", {"function": "astrology", "level": "emperor"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "No one matches" in page


def test_an_over_long_search_is_a_clear_error(people, as_member):
    response = as_member.get("/people/", {"q": "x" * 101})
    assert "at most 100 characters" in response.content.decode()


def test_htmx_requests_get_only_the_results(people, as_member):
    response = as_member.get("/people/", {"q": "maya"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "Maya Member" in page
    assert "<html" not in page


def test_inactive_people_are_not_listed(people, as_member):
    make_person("Gone Away", is_active=False)
    assert "Gone Away" not in names_on(as_member.get("/people/"))
    assert as_member.get("/people/gone-away/").status_code == 404


def test_visitors_are_sent_to_sign_in(client, people):
    assert client.get("/people/").status_code == 302


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/people/").status_code == 200
    return len(captured)


def test_directory_query_count_does_not_grow_with_rows(people, as_member):
    unit, site, tag = make_unit(), make_site(), make_expertise()
    few = queries_for(as_member)
    for _ in range(40):
        make_person(org_unit=unit, site=site).expertise.add(tag)
    assert queries_for(as_member) == few


def test_a_null_character_in_the_search_is_a_clear_error(people, as_member):
    response = as_member.get("/people/", {"q": "a\x00b"})
    assert "Null characters are not allowed" in response.content.decode()

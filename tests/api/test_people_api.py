"""The people directory through the API: who you are, searching and one profile."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from convene.people.models import User
from tests.factories import make_expertise, make_function, make_person, make_site, make_unit


def make_leader(
    name: str,
    *,
    function: str = "Finance",
    site: str = "York",
    level: str = "senior",
    expertise: str = "Budgeting",
) -> User:
    unit = make_unit(f"{function} team", make_function(function))
    person = make_person(name, org_unit=unit, site=make_site(site), level=level)
    person.expertise.add(make_expertise(expertise))
    return person


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {person["full_name"] for person in response.json()["items"]}


@pytest.fixture
def directory(db) -> User:
    """Two leaders who differ in every filter, and the viewer, who matches none."""
    make_leader(
        "Fay Fielding", function="Finance", site="York", level="senior", expertise="Budgeting"
    )
    make_leader(
        "Otto Okafor", function="Operations", site="Leeds", level="middle", expertise="Coaching"
    )
    return make_person("Vera Viewer", job_title="Analyst")


def test_me_returns_your_email_and_organisation_roles(people, api_as):
    me = api_as(people.sponsor).get("/api/v1/me").json()
    assert me["email"] == people.sponsor.email
    assert me["is_executive"] is True
    assert me["is_administrator"] is False
    assert api_as(people.admin).get("/api/v1/me").json()["is_administrator"] is True


def test_the_directory_lists_active_people_only(people, api_as):
    make_person("Gone Person", is_active=False)
    listed = names(api_as(people.member).get("/api/v1/people"))
    assert listed == {
        "Maya Member",
        "Connor Convenor",
        "Sofia Sponsor",
        "Ezra Executive",
        "Ada Admin",
        "Olu Outsider",
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [("q=fay", "Fay Fielding"), ("q=coaching", "Otto Okafor"), ("q=finance+team", "Fay Fielding")],
)
def test_the_directory_searches_names_expertise_and_units(directory, api_as, query, found):
    assert names(api_as(directory).get(f"/api/v1/people?{query}")) == {found}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("function=finance", "Fay Fielding"),
        ("function=operations", "Otto Okafor"),
        ("level=senior", "Fay Fielding"),
        ("site=leeds", "Otto Okafor"),
        ("expertise=budgeting", "Fay Fielding"),
    ],
)
def test_the_directory_filters_by_slug(directory, api_as, query, found):
    assert names(api_as(directory).get(f"/api/v1/people?{query}")) == {found}


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("function=astrology", "Function"),
        ("level=emperor", "Level"),
        ("site=atlantis", "Site"),
        ("expertise=juggling", "Expertise"),
        ("q=" + "x" * 101, "Search"),
    ],
)
def test_an_unknown_filter_value_is_a_readable_400(directory, api_as, query, label):
    response = api_as(directory).get(f"/api/v1/people?{query}")
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)
    assert response.json()["detail"].startswith(f"{label}: ")


def test_one_profile_is_found_by_handle(people, api_as):
    people.member.line_manager = people.convenor
    people.member.save(update_fields=["line_manager"])
    response = api_as(people.outsider).get(f"/api/v1/people/{people.member.handle}")
    assert response.json()["full_name"] == "Maya Member"
    assert response.json()["line_manager"]["handle"] == people.convenor.handle
    assert "email" not in response.json()


@pytest.mark.parametrize("handle", ["nobody-here", "gone-person"])
def test_an_unknown_or_deactivated_handle_is_a_json_404(people, api_as, handle):
    make_person("Gone Person", is_active=False)
    response = api_as(people.member).get(f"/api/v1/people/{handle}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_a_nul_character_in_a_handle_is_refused_not_a_server_error(people, api_as):
    response = api_as(people.member).get("/api/v1/people/a%00b")
    assert response.status_code == 422
    assert "Null characters" in str(response.json()["detail"])


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/people", "/api/v1/people/maya-member"])
def test_an_anonymous_request_is_refused(people, path):
    response = Client().get(path)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_the_directory_takes_as_many_queries_for_40_people_as_for_2(db, client):
    def add_leaders(numbers: range) -> None:
        for n in numbers:
            make_leader(f"Leader {n}", function=f"Function {n % 5}", expertise=f"Skill {n}")

    add_leaders(range(2))
    # Signed in by session, so the once-a-minute token bookkeeping cannot skew the count.
    client.force_login(User.objects.get(full_name="Leader 0"))
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/api/v1/people").json()["items"]) == 2
    add_leaders(range(2, 40))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/people").json()["items"]) == 40
    assert len(many) == len(few)

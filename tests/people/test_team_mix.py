"""The mix of a team by function, level, site and tenure, and the partial that draws it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.template.loader import render_to_string

from convene.people.mix import TeamMix, team_mix
from convene.people.models import User
from tests.factories import make_function, make_person, make_site, make_unit

TODAY = datetime.date(2026, 6, 1)


def rows(mix: TeamMix, key: str) -> list[tuple[str, int, int]]:
    dimension = next(d for d in mix.dimensions if d.key == key)
    return [(row.label, row.count, row.percent) for row in dimension.rows]


@pytest.fixture
def team(db) -> list[User]:
    """Eight people; two leave each of function, level, site and start date blank."""
    finance = make_unit("Treasury", make_function("Finance"))
    operations = make_unit("Depots", make_function("Operations"))
    people = make_unit("Recruitment", make_function("People"))
    leeds, york = make_site("Leeds"), make_site("York")
    profiles = [
        (finance, "middle", leeds, datetime.date(2025, 6, 1)),
        (finance, "middle", leeds, datetime.date(2012, 1, 1)),
        (finance, "senior", york, datetime.date(2020, 1, 1)),
        (operations, "front_line", leeds, datetime.date(2023, 1, 1)),
        (operations, "", None, None),
        (people, "executive", york, datetime.date(2025, 1, 1)),
        (None, "middle", None, datetime.date(2017, 1, 1)),
        (None, "", leeds, None),
    ]
    return [
        make_person(org_unit=unit, level=level, site=site, started_on=started_on)
        for unit, level, site, started_on in profiles
    ]


def the_team(team: list[User]):
    return User.objects.filter(pk__in=[person.pk for person in team])


def test_functions_are_counted_largest_first_with_those_not_given_last(team):
    mix = team_mix(the_team(team), today=TODAY)
    assert mix.total == 8
    assert rows(mix, "function") == [
        ("Finance", 3, 38),
        ("Operations", 2, 25),
        ("People", 1, 13),
        ("Function not given", 2, 25),
    ]


def test_sites_are_counted_with_those_not_given_last(team):
    mix = team_mix(the_team(team), today=TODAY)
    assert rows(mix, "site") == [("Leeds", 4, 50), ("York", 2, 25), ("Site not given", 2, 25)]


def test_levels_follow_the_order_of_seniority(team):
    mix = team_mix(the_team(team), today=TODAY)
    assert rows(mix, "level") == [
        ("Front-line manager", 1, 13),
        ("Middle manager", 3, 38),
        ("Senior manager", 1, 13),
        ("Executive", 1, 13),
        ("Level not given", 2, 25),
    ]


def test_tenure_bands_follow_band_order(team):
    mix = team_mix(the_team(team), today=TODAY)
    assert rows(mix, "tenure") == [
        ("Under 2 years", 2, 25),
        ("2 to 5 years", 1, 13),
        ("5 to 10 years", 2, 25),
        ("10 years or more", 1, 13),
        ("Tenure not given", 2, 25),
    ]


def test_dimensions_come_in_a_fixed_order(team):
    mix = team_mix(the_team(team), today=TODAY)
    assert [(d.key, d.name) for d in mix.dimensions] == [
        ("function", "Function"),
        ("level", "Level"),
        ("site", "Site"),
        ("tenure", "Tenure"),
    ]


def test_complete_profiles_have_no_not_given_rows_and_keep_empty_levels_and_bands(db):
    leeds, york = make_site("Leeds"), make_site("York")
    unit = make_unit("Treasury", make_function("Finance"))
    for site in (york, leeds):
        make_person(org_unit=unit, level="middle", site=site, started_on=datetime.date(2025, 1, 1))
    mix = team_mix(User.objects.all(), today=TODAY)
    assert rows(mix, "function") == [("Finance", 2, 100)]
    assert rows(mix, "site") == [("Leeds", 1, 50), ("York", 1, 50)]
    assert [count for _, count, _ in rows(mix, "level")] == [0, 2, 0, 0]
    assert [count for _, count, _ in rows(mix, "tenure")] == [2, 0, 0, 0]


def test_an_empty_team_has_no_one_and_no_shares(db):
    mix = team_mix(User.objects.none(), today=TODAY)
    assert mix.total == 0
    assert rows(mix, "function") == rows(mix, "site") == []
    assert {percent for _, _, percent in rows(mix, "level") + rows(mix, "tenure")} == {0}


def test_tenure_is_counted_as_of_today_when_no_date_is_given(db):
    make_person(started_on=datetime.date(2024, 1, 1))
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)):
        assert rows(team_mix(User.objects.all()), "tenure")[0] == ("Under 2 years", 1, 100)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)):
        assert rows(team_mix(User.objects.all()), "tenure")[1] == ("2 to 5 years", 1, 100)


def test_a_queryset_costs_one_query(team, django_assert_num_queries):
    with django_assert_num_queries(1):
        team_mix(the_team(team), today=TODAY)


def test_people_already_loaded_cost_no_queries_and_give_the_same_mix(
    team, django_assert_num_queries
):
    loaded = list(the_team(team).select_related("org_unit__function", "site"))
    with django_assert_num_queries(0):
        mix = team_mix(loaded, today=TODAY)
    assert mix == team_mix(the_team(team), today=TODAY)


def test_the_partial_draws_each_dimension_as_a_table_of_labelled_bars(team):
    html = render_to_string("people/_team_mix.html", {"mix": team_mix(the_team(team), today=TODAY)})
    assert html.count('<table class="mix-chart">') == 4
    for caption in ("Function", "Level", "Site", "Tenure"):
        assert f"<caption>{caption}</caption>" in html
    assert '<th scope="row">Finance</th>' in html
    assert '<span class="mix-count">3</span>' in html
    assert 'style="width: 38%"' in html
    assert '<td class="mix-percent">38%</td>' in html
    assert "8 people in all." in html


def test_the_partial_says_so_when_there_is_no_one(db):
    html = render_to_string("people/_team_mix.html", {"mix": team_mix([], today=TODAY)})
    assert "No one to show yet." in html
    assert "<table" not in html

"""Every dashboard, on the page and over the API, costs the same queries for 2 members as for 20."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from convene.insights import services
from convene.insights.periods import Period
from tests.conftest import client_for
from tests.insights.test_thresholds import pulse

SIZES = [2, 20]


def _count(django_assert_num_queries, client, url: str, expected: int) -> None:
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_your_journey_page_costs_the_same_however_busy_you_are(
    people, grow, size, django_assert_num_queries
):
    member = grow(size)[0]
    _count(django_assert_num_queries, client_for(member), "/insights/me/", 17)


@pytest.mark.parametrize("size", SIZES)
def test_your_journey_api_costs_the_same_however_busy_you_are(
    people, grow, size, api_as, django_assert_num_queries
):
    member = grow(size)[0]
    _count(django_assert_num_queries, api_as(member), "/api/v1/insights/me", 16)


@pytest.mark.parametrize("size", SIZES)
def test_community_health_page_costs_the_same_for_2_members_as_for_20(
    people, grow, size, django_assert_num_queries
):
    grow(size)
    url = f"/insights/communities/{people.open_community.slug}/"
    _count(django_assert_num_queries, client_for(people.convenor), url, 18)


@pytest.mark.parametrize("size", SIZES)
def test_community_health_api_costs_the_same_for_2_members_as_for_20(
    people, grow, size, api_as, django_assert_num_queries
):
    grow(size)
    url = f"/api/v1/insights/communities/{people.open_community.slug}"
    _count(django_assert_num_queries, api_as(people.convenor), url, 17)


@pytest.mark.parametrize("size", SIZES)
def test_payoffs_page_costs_the_same_for_2_members_as_for_20(
    people, grow, size, django_assert_num_queries
):
    grow(size)
    _count(django_assert_num_queries, client_for(people.sponsor), "/insights/payoffs/", 23)


@pytest.mark.parametrize("size", SIZES)
def test_payoffs_api_costs_the_same_for_2_members_as_for_20(
    people, grow, size, api_as, django_assert_num_queries
):
    grow(size)
    _count(django_assert_num_queries, api_as(people.sponsor), "/api/v1/insights/payoffs", 22)


@pytest.mark.parametrize("respondents", [5, 20])
def test_a_pulse_section_costs_the_same_however_many_answered(
    people, respondents, api_as, django_assert_num_queries
):
    for community in (people.open_community, people.private_community):
        pulse(community, respondents)
    cache.clear()
    url = "/insights/payoffs/pulses/collective_efficacy/"
    # The first request computes the releases (answers and options); later ones read them
    # from the cache.
    _count(django_assert_num_queries, client_for(people.sponsor), url, 12)
    _count(django_assert_num_queries, api_as(people.sponsor), f"/api/v1{url.rstrip('/')}", 10)
    slug = people.open_community.slug
    health = f"/insights/communities/{slug}/pulses/collective_efficacy/"
    _count(django_assert_num_queries, client_for(people.convenor), health, 10)


@pytest.mark.parametrize("reports", [2, 20])
def test_your_reports_page_costs_the_same_however_many_reports_you_have(
    people, reports, django_assert_num_queries
):
    for _ in range(reports):
        services.request_report(
            actor=people.sponsor,
            communities=[people.open_community, people.private_community],
            period=Period.checked(None, None),
        )
    _count(django_assert_num_queries, client_for(people.sponsor), "/insights/reports/", 6)

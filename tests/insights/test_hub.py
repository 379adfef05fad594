"""The insights home page: each person sees what their roles open to them, in constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.surveys import services
from tests.conftest import client_for
from tests.factories import make_community, make_person
from tests.surveys.conftest import custom_survey, good_answers, opened

HOME = reverse("insights:home")


def _page(user) -> str:
    response = client_for(user).get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_is_told_how_many_surveys_wait_and_sees_no_dashboards(people):
    survey = opened(custom_survey(people.convenor, people.open_community), people.convenor)
    opened(custom_survey(people.convenor, people.private_community), people.convenor)
    page = _page(people.member)
    assert "2 waiting for your answers." in page
    assert reverse("insights:member_journey") in page
    assert reverse("insights:payoffs") not in page
    assert "Community health" not in page

    services.respond(survey=survey, actor=people.member, answers=good_answers(survey))
    assert "1 waiting for your answer." in _page(people.member)


def test_a_convenor_finds_their_communities_health_and_survey_management(people):
    page = _page(people.convenor)
    for community in (people.open_community, people.private_community):
        assert reverse("insights:community_health", args=[community.slug]) in page
    assert reverse("surveys:survey_manage") in page
    assert reverse("surveys:schedule_list") not in page


def test_a_sponsor_finds_the_payoffs_and_the_health_of_what_they_sponsor(people):
    page = _page(people.sponsor)
    assert reverse("insights:payoffs") in page
    assert reverse("insights:community_health", args=[people.open_community.slug]) in page
    assert reverse("surveys:survey_manage") not in page


def test_an_administrator_also_finds_schedules_and_thresholds(people):
    page = _page(people.admin)
    assert reverse("surveys:schedule_list") in page
    assert reverse("surveys:anonymity_settings") in page


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("communities", [2, 20])
def test_the_page_costs_the_same_however_many_communities_are_led(
    db, communities, django_assert_num_queries
):
    convenor = make_person("Lead Many")
    for number in range(communities):
        community = make_community(f"Circle {number}", convenor=convenor)
        opened(custom_survey(convenor, community), convenor)
    client = client_for(convenor)
    client.get(HOME)
    with django_assert_num_queries(7):
        client.get(HOME)

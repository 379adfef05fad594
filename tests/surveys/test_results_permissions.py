"""Who reaches a survey's results on the page, in the CSV and over the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.surveys.models import Survey
from tests.conftest import client_for
from tests.surveys.test_results_builders import (
    EVERYONE_ALIKE,
    add_rating,
    make_survey,
    respond_many,
)

pytestmark = pytest.mark.django_db


def addresses(survey):
    return [
        reverse("surveys:results", args=[survey.pk]),
        reverse("surveys:results_csv", args=[survey.pk]),
        f"/api/v1/surveys/{survey.pk}/results",
    ]


def answered_survey(community, status=Survey.Status.OPEN):
    survey = make_survey(community, status=status)
    question = add_rating(survey)
    for site in ("Leeds", "York"):
        respond_many(survey, question, [4] * 5, groups={**EVERYONE_ALIKE, "site": site})
    return survey


@pytest.mark.parametrize("community", ["open_community", "private_community"])
def test_outsider_gets_404_on_page_csv_and_api(people, as_outsider, community):
    survey = answered_survey(getattr(people, community), status=Survey.Status.CLOSED)
    for address in addresses(survey):
        assert as_outsider.get(address).status_code == 404, address


def test_executive_who_may_not_read_a_private_community_gets_404(people):
    survey = answered_survey(people.private_community)
    client = client_for(people.executive)
    for address in addresses(survey):
        assert client.get(address).status_code == 404, address


def test_unknown_survey_is_404(as_admin):
    assert (
        as_admin.get("/api/v1/surveys/00000000-0000-0000-0000-000000000000/results").status_code
        == 404
    )
    assert as_admin.get("/surveys/not-a-uuid/results/").status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(client, people):
    survey = answered_survey(people.open_community)
    assert client.get(addresses(survey)[0]).status_code == 302
    assert client.get(addresses(survey)[2]).status_code == 401


def test_member_sees_nothing_while_the_survey_is_open(people, as_member):
    survey = answered_survey(people.open_community)
    for address in addresses(survey):
        assert as_member.get(address).status_code == 404, address


def test_member_sees_totals_only_after_close(people, as_member):
    survey = answered_survey(people.private_community, status=Survey.Status.CLOSED)
    page, csv, api = (as_member.get(address) for address in addresses(survey))
    assert page.status_code == csv.status_code == api.status_code == 200
    assert "10 respondents" in page.content.decode()
    assert "by site" not in page.content.decode() and "Break down by" not in page.content.decode()
    assert [line.split(",")[2] for line in csv.content.decode().splitlines()[1:]] == ["Total"]
    body = api.json()
    assert body["breakdowns_offered"] is False and body["questions"][0]["breakdowns"] == {}
    refused = as_member.get(addresses(survey)[2], {"dimension": "site"})
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Breakdowns of these results are not shown to you."


def test_sponsor_sees_breakdowns_while_open(people):
    survey = answered_survey(people.private_community)
    client = client_for(people.sponsor)
    page = client.get(addresses(survey)[0], {"dimension": "site"}).content.decode()
    assert "Question 1 by site" in page and "Leeds" in page and "York" in page
    body = client.get(addresses(survey)[2]).json()
    assert set(body["questions"][0]["breakdowns"]) == {
        "function",
        "level",
        "site",
        "tenure",
        "role",
    }
    sites = {c["group"]: c["respondents"] for c in body["questions"][0]["breakdowns"]["site"]}
    assert sites == {"Leeds": 5, "York": 5}
    csv = client.get(addresses(survey)[1]).content.decode()
    assert "Site,Leeds,shown,5,4.00" in csv


def test_convenor_changes_the_breakdown_with_htmx(people, as_convenor):
    survey = answered_survey(people.open_community)
    response = as_convenor.get(
        addresses(survey)[0], {"dimension": "level"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Question 1 by level" in body and "<html" not in body


def test_an_overlong_filter_is_refused_plainly(people):
    survey = answered_survey(people.open_community)
    client = client_for(people.sponsor)
    response = client.get(f"/api/v1/surveys/{survey.pk}/results", {"dimension": "x" * 500})
    assert response.status_code == 422 and "dimension" in response.json()["detail"]
    response = client.get("/api/v1/pulse-trends", {"instrument": "x" * 500})
    assert response.status_code == 422 and "instrument" in response.json()["detail"]

"""A period or community that makes no sense gets a clear message, never a 500."""

from __future__ import annotations

import datetime

import pytest

from convene.insights.models import Report
from convene.insights.periods import Period
from convene.insights.services import InsightError
from tests.conftest import client_for

TODAY = datetime.date(2026, 11, 29)


def test_a_period_defaults_to_the_year_to_today():
    period = Period.checked(None, TODAY)

    assert period.since == datetime.date(2025, 11, 29)


def test_a_period_may_be_exactly_five_years_long():
    assert Period.checked(datetime.date(2021, 11, 29), TODAY).since.year == 2021


@pytest.mark.parametrize(
    ("since", "message"),
    [
        (datetime.date(2026, 12, 1), "ends .29 November 2026. before it starts"),
        (datetime.date(2021, 11, 28), "at most 5 years"),
    ],
)
def test_a_period_that_makes_no_sense_is_refused(since, message):
    with pytest.raises(InsightError, match=message):
        Period.checked(since, TODAY)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("community=no-such-place", "no community 'no-such-place'"),
        ("since=2026-06-01&until=2026-05-01", "before it starts"),
        ("since=2010-01-01&until=2026-01-01", "at most 5 years"),
    ],
)
def test_the_payoffs_api_explains_bad_input(people, api_as, query, message):
    response = api_as(people.sponsor).get(f"/api/v1/insights/payoffs?{query}")

    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_date_that_is_not_a_date_is_refused_by_the_api(people, api_as):
    response = api_as(people.sponsor).get("/api/v1/insights/payoffs?since=last-tuesday")

    assert response.status_code == 422
    assert "detail" in response.json()


def test_the_payoffs_page_shows_a_form_error_for_a_backwards_period(people):
    response = client_for(people.sponsor).get(
        "/insights/payoffs/?since=2026-06-01&until=2026-05-01"
    )

    assert response.status_code == 200
    assert "before it starts" in response.content.decode()
    assert 'data-section="talent"' not in response.content.decode()


def test_asking_for_a_report_with_bad_input_writes_nothing(people, api_as):
    client = api_as(people.sponsor)

    unknown = client.post(
        "/api/v1/insights/reports", {"communities": ["nowhere"]}, content_type="application/json"
    )
    backwards = client.post(
        "/api/v1/insights/reports",
        {"since": "2026-06-01", "until": "2026-05-01"},
        content_type="application/json",
    )
    page = client_for(people.sponsor).post(
        "/insights/reports/new/", {"since": "2010-01-01", "until": "2026-01-01"}
    )

    assert unknown.status_code == backwards.status_code == 400
    assert "at most 5 years" in page.content.decode()
    assert not Report.objects.exists()

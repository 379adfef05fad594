"""Dates at the far ends of the calendar get a clear message on the payoffs, never a 500."""

from __future__ import annotations

import pytest

from tests.conftest import client_for

ABSURD = [
    "until=0001-01-01",
    "since=0001-01-01&until=0001-12-31",
    "since=9999-12-01&until=9999-12-31",
]


@pytest.mark.parametrize("query", ABSURD)
def test_the_payoffs_api_refuses_dates_at_the_ends_of_the_calendar(people, api_as, query):
    response = api_as(people.sponsor).get(f"/api/v1/insights/payoffs?{query}")

    assert response.status_code == 400
    assert "between" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/insights/payoffs/", "/insights/payoffs/pulses/self_efficacy/"])
@pytest.mark.parametrize("query", ABSURD)
def test_the_payoffs_pages_refuse_dates_at_the_ends_of_the_calendar(people, path, query):
    response = client_for(people.sponsor).get(f"{path}?{query}")

    assert response.status_code == 200
    if path == "/insights/payoffs/":
        assert "between" in response.content.decode()


def test_a_report_for_the_year_9999_is_refused(people, api_as):
    response = api_as(people.sponsor).post(
        "/api/v1/insights/reports",
        {"since": "9999-01-01", "until": "9999-12-31"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "between" in response.json()["detail"]

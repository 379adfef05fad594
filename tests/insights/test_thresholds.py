"""A pulse with too few respondents is hidden on the dashboards, over the API and in reports."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from reportlab import rl_config

from convene.insights import services
from convene.insights.periods import Period
from convene.surveys.models import Instrument, Survey
from tests.conftest import client_for
from tests.surveys.test_results_builders import add_rating, make_survey, respond

HIDDEN = "fewer than 5 responses"


@pytest.fixture(autouse=True)
def _fresh_results():
    cache.clear()


def pulse(community, respondents: int, rating: int = 4) -> Survey:
    survey = make_survey(
        community, status=Survey.Status.CLOSED, instrument=Instrument.COLLECTIVE_EFFICACY
    )
    item = add_rating(survey, "Together we can settle hard questions.", dimension="Capability")
    for _ in range(respondents):
        respond(survey, {item: rating})
    return survey


PAGE = "/insights/payoffs/pulses/collective_efficacy/"
API = "/api/v1/insights/payoffs/pulses/collective_efficacy"


def _first_row(section: dict) -> list:
    return section["tables"][0]["rows"][0]["values"]


def test_four_respondents_are_hidden_on_the_payoffs_page(people):
    pulse(people.open_community, 4)

    page = client_for(people.sponsor).get(PAGE).content.decode()

    assert f"<td>{HIDDEN}</td>" in page
    assert "<td>4.0</td>" not in page


def test_five_respondents_are_shown_on_the_payoffs_page(people):
    pulse(people.open_community, 5)

    page = client_for(people.sponsor).get(PAGE).content.decode()

    assert "<td>4.0</td>" in page
    assert HIDDEN not in page


def test_four_respondents_are_hidden_in_the_payoffs_api(people, api_as):
    pulse(people.open_community, 4)

    section = api_as(people.sponsor).get(API).json()

    assert _first_row(section) == [HIDDEN, HIDDEN]
    assert any(HIDDEN in note for note in section["notes"])


def test_five_respondents_are_shown_as_their_mean(people, api_as):
    pulse(people.open_community, 5, rating=4)

    section = api_as(people.sponsor).get(API).json()

    assert _first_row(section) == [4.0, 4.0]
    assert section["notes"] == []


def test_four_respondents_are_hidden_on_the_community_health_page(people, api_as):
    pulse(people.open_community, 4)
    slug = people.open_community.slug

    page = client_for(people.convenor).get(
        f"/insights/communities/{slug}/pulses/collective_efficacy/"
    )
    section = api_as(people.convenor).get(
        f"/api/v1/insights/communities/{slug}/pulses/collective_efficacy"
    )

    assert f"<td>{HIDDEN}</td>" in page.content.decode()
    assert _first_row(section.json()) == [HIDDEN, HIDDEN]


def test_the_pages_load_each_pulse_after_the_rest(people):
    page = client_for(people.sponsor).get("/insights/payoffs/?since=2026-01-01").content.decode()

    slug = people.open_community.slug
    health = client_for(people.convenor).get(f"/insights/communities/{slug}/").content.decode()

    assert 'hx-get="/insights/payoffs/pulses/collective_efficacy/?since=2026-01-01"' in page
    assert page.index('id="section-value-creation"') < page.index('data-pulse="self_efficacy"')
    assert f'hx-get="/insights/communities/{slug}/pulses/executive_perception/"' in health


def test_a_pulse_the_dashboards_do_not_follow_does_not_exist(people, api_as):
    assert client_for(people.sponsor).get("/insights/payoffs/pulses/custom/").status_code == 404
    assert api_as(people.sponsor).get("/api/v1/insights/payoffs/pulses/moods").status_code == 404


def test_a_member_who_does_not_lead_sees_no_community_pulse(people, api_as):
    pulse(people.open_community, 6)
    url = f"/api/v1/insights/communities/{people.open_community.slug}/pulses/collective_efficacy"

    assert api_as(people.member).get(url).status_code == 404


@pytest.mark.parametrize(
    ("respondents", "shown", "not_shown"), [(4, HIDDEN, "(4.0)"), (5, "(4.0)", HIDDEN)]
)
def test_the_report_prints_a_mean_only_for_enough_respondents(
    people, monkeypatch, respondents, shown, not_shown
):
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    pulse(people.open_community, respondents)
    report = services.request_report(
        actor=people.sponsor,
        communities=[people.open_community],
        period=Period.checked(None, None),
    )

    services.write_report(str(report.pk))
    report.refresh_from_db()

    assert report.pdf is not None
    assert shown.encode() in bytes(report.pdf)
    assert not_shown.encode() not in bytes(report.pdf)

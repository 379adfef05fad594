"""Pulse trends per community and pooled, built only from released figures."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from convene.surveys.models import Instrument, Survey
from convene.surveys.results import pulse_trend
from tests.conftest import client_for
from tests.factories import make_community
from tests.surveys.test_results_builders import add_rating, make_survey, respond

pytestmark = pytest.mark.django_db

MARCH = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
SEPTEMBER = datetime.datetime(2026, 9, 7, 9, tzinfo=datetime.UTC)


def wave(community, opens_at, ratings, status=Survey.Status.CLOSED):
    """A self-efficacy wave with two items on confidence and one on resilience."""
    survey = make_survey(
        community, status=status, opens_at=opens_at, instrument=Instrument.SELF_EFFICACY
    )
    items = [
        add_rating(survey, "I can settle a disagreement.", dimension="confidence"),
        add_rating(survey, "I can speak up with executives.", dimension="confidence"),
        add_rating(survey, "I recover after a setback.", dimension="resilience"),
    ]
    for rating in ratings:
        respond(survey, dict.fromkeys(items, rating))
    return survey


def figures(trend_wave):
    return {f["dimension"]: (f["status"], f["responses"], f["mean"]) for f in trend_wave["figures"]}


@pytest.fixture
def waves(people):
    open_, quiet = people.open_community, people.private_community
    return {
        "open-march": wave(open_, MARCH, [4] * 6),
        "open-september": wave(open_, SEPTEMBER, [1, 2, 3]),
        "quiet-march": wave(quiet, MARCH, [2] * 5),
        "quiet-september": wave(quiet, SEPTEMBER, [5, 5, 5]),
    }


def test_sponsor_sees_each_wave_and_pooled_months(people, waves):
    body = (
        client_for(people.sponsor)
        .get("/api/v1/pulse-trends", {"instrument": "self_efficacy"})
        .json()
    )
    assert body["dimensions"] == ["confidence", "resilience"]
    by_name = {c["name"]: c["waves"] for c in body["communities"]}
    assert figures(by_name["Open Circle"][0]) == {
        "": ("shown", 6, 4.0),
        "confidence": ("shown", 6, 4.0),
        "resilience": ("shown", 6, 4.0),
    }
    assert {f[0] for f in figures(by_name["Open Circle"][1]).values()} == {"hidden"}
    assert {f[1] for f in figures(by_name["Open Circle"][1]).values()} == {None}
    march, _ = body["pooled"]
    assert march["label"] == "March 2026" and march["survey"] is None
    assert figures(march)[""] == ("shown", 11, pytest.approx((6 * 4 + 5 * 2) / 11))


def test_pooling_never_adds_up_waves_that_were_each_too_small(people, waves):
    trend = pulse_trend(
        people.sponsor, Instrument.SELF_EFFICACY, [people.open_community, people.private_community]
    )
    september = trend.pooled[1]
    assert september.label == "September 2026"
    assert all(f.status == "hidden" and f.mean is None for f in september.figures), (
        "six people answered in September, but only in groups of three"
    )


def test_member_sees_only_closed_waves_of_their_own_communities(people, waves):
    still_open = wave(
        people.open_community, SEPTEMBER + datetime.timedelta(days=60), [3] * 5, Survey.Status.OPEN
    )
    outside = make_community("Elsewhere")
    wave(outside, MARCH, [3] * 5)
    trend = pulse_trend(people.member, Instrument.SELF_EFFICACY, [people.open_community, outside])
    surveys = {w.survey_id for c in trend.communities for w in c.waves}
    assert waves["open-march"].pk in surveys and still_open.pk not in surveys
    assert [len(c.waves) for c in trend.communities] == [2, 0]


def test_outsider_learns_nothing_of_a_private_community(people, waves):
    client = client_for(people.outsider)
    refused = client.get(
        "/api/v1/pulse-trends", {"instrument": "self_efficacy", "community": "quiet-room"}
    )
    assert refused.status_code == 404
    body = client.get("/api/v1/pulse-trends", {"instrument": "self_efficacy"}).json()
    assert [c["name"] for c in body["communities"]] == ["Open Circle"]
    assert body["communities"][0]["waves"] == [] and body["pooled"] == []


def test_unknown_instrument_is_a_clear_400(people):
    response = client_for(people.sponsor).get("/api/v1/pulse-trends", {"instrument": "moods"})
    assert response.status_code == 400
    assert "There is no pulse called “moods”" in response.json()["detail"]


@pytest.mark.parametrize("communities", [2, 12])
def test_pulse_trends_cost_a_fixed_number_of_queries(
    people, django_assert_num_queries, communities
):
    for n in range(communities):
        community = make_community(f"Circle {n}", sponsor=people.sponsor)
        wave(community, MARCH, [4] * 5)
        wave(community, SEPTEMBER, [3] * 6)
    client = client_for(people.sponsor)
    cache.clear()
    # Session and person, communities, surveys, roles, readable communities,
    # rating questions, policy, response counts, answers and chosen options.
    with django_assert_num_queries(11):
        response = client.get("/api/v1/pulse-trends", {"instrument": "self_efficacy"})
    assert response.status_code == 200
    assert len(response.json()["communities"]) == communities + 2

"""Out-of-range settings and far-off dates are refused with a message, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from convene.elections import services
from convene.elections.models import Election, TermPolicy
from convene.elections.services import ElectionError

NEXT_YEAR = timezone.localdate().year + 1


@pytest.mark.parametrize("quorum", [0, 101])
def test_a_quorum_outside_1_to_100_is_refused_on_the_settings_page(circle, as_convenor, quorum):
    response = as_convenor.post(
        reverse("elections:policy_edit", args=[circle.slug]),
        {"term_months": 12, "quorum_percent": quorum, "reminder_days": 42},
    )
    assert response.status_code == 400
    assert "from 1% to 100%" in response.content.decode()
    assert not TermPolicy.objects.exists()


@pytest.mark.parametrize("quorum", [0, 101])
def test_a_quorum_outside_1_to_100_is_refused_by_the_service(people, circle, quorum):
    with pytest.raises(ElectionError, match="from 1% to 100%"):
        services.set_term_policy(
            actor=people.convenor,
            community=circle,
            term_months=12,
            quorum_percent=quorum,
            reminder_days=42,
        )


@pytest.mark.parametrize("quorum", [0, 101])
def test_a_quorum_outside_1_to_100_is_refused_by_the_api(people, circle, api_as, quorum):
    response = api_as(people.convenor).post(
        f"/api/v1/communities/{circle.slug}/elections",
        {
            "voting_opens_at": f"{NEXT_YEAR}-01-10T09:00:00Z",
            "voting_closes_at": f"{NEXT_YEAR}-01-20T17:00:00Z",
            "quorum_percent": quorum,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "from 1% to 100%" in response.json()["detail"]
    assert not Election.objects.exists()


FAR_OFF = [
    {"voting_opens_at": "9999-12-30T09:00", "voting_closes_at": "9999-12-31T23:59"},
    {
        "voting_opens_at": f"{NEXT_YEAR}-01-10T09:00",
        "voting_closes_at": f"{NEXT_YEAR}-01-20T17:00",
        "term_starts_on": "9999-06-01",
    },
]


@pytest.mark.parametrize("dates", FAR_OFF)
def test_far_off_dates_are_refused_on_the_opening_form(circle, as_convenor, dates):
    response = as_convenor.post(
        reverse("elections:election_create", args=[circle.slug]), {"method": "ranked", **dates}
    )
    assert response.status_code == 400
    assert "within five years" in response.content.decode()
    assert not Election.objects.exists()


@pytest.mark.parametrize("dates", FAR_OFF)
def test_far_off_dates_are_refused_by_the_api(people, circle, api_as, dates):
    body = {
        key: f"{value}:00Z" if key.startswith("voting") else value for key, value in dates.items()
    }
    response = api_as(people.convenor).post(
        f"/api/v1/communities/{circle.slug}/elections", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "within five years" in response.json()["detail"]
    assert not Election.objects.exists()


def test_a_far_off_voting_window_cannot_be_set_later_either(people, nominating, api_as):
    response = api_as(people.convenor).put(
        f"/api/v1/elections/{nominating.pk}/window",
        {"voting_opens_at": "9999-12-30T09:00:00Z", "voting_closes_at": "9999-12-31T23:59:00Z"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "within five years" in response.json()["detail"]

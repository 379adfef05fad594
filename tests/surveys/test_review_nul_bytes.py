"""A null character in a community's slug is refused plainly by the schedules API, never a 500.

PostgreSQL cannot compare text holding one, so it must be refused before the lookup.
"""

from __future__ import annotations

from convene.surveys.models import Schedule
from tests.conftest import client_for


def test_scheduling_a_pulse_for_a_slug_with_a_null_is_refused(people):
    response = client_for(people.admin).post(
        "/api/v1/survey-schedules",
        {"title": "Spring pulse", "instrument": "self_efficacy", "community": "open\x00"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "Null characters" in response.json()["detail"]
    assert not Schedule.objects.exists()

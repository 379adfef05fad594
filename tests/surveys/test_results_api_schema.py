"""The API's schema documents the results endpoints and what each status means."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_schema_lists_results_and_pulse_trends(as_admin):
    response = as_admin.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/surveys/{survey_id}/results" in schema["paths"]
    assert {p["name"] for p in schema["paths"]["/api/v1/pulse-trends"]["get"]["parameters"]} == {
        "instrument",
        "community",
    }
    status = schema["components"]["schemas"]["ResultCellOut"]["properties"]["status"]["description"]
    assert "`hidden`: too few respondents" in status

from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_health_reports_application_and_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "application": "ok", "database": "ok"}


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_down(client):
    with mock.patch("convene.health.connection.cursor", side_effect=DatabaseError("gone")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"

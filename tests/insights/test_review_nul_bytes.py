"""A null character in a community's slug is refused plainly by the insights API, never a 500.

PostgreSQL cannot compare text holding one, so it must be refused before the lookup.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    ["/api/v1/insights/communities/open%00", "/api/v1/insights/communities/open%00/pulses/values"],
)
def test_a_community_slug_with_a_null_is_refused(people, api_as, path):
    response = api_as(people.admin).get(path)

    assert response.status_code == 422
    assert "Null characters" in response.json()["detail"]

"""A null character in a handle or a community's slug is refused plainly, never a 500.

PostgreSQL cannot compare text holding one, so it must be refused before the lookup.
"""

from __future__ import annotations

import pytest

from convene.ripples.models import Effect
from tests.ripples.helpers import SESSION_DAY, add, make_map

NUL = "sam\x00"


@pytest.fixture
def ripple_map(people):
    return make_map(people.convenor, people.open_community)


@pytest.mark.parametrize("field", ["storyteller", "witness"])
def test_adding_an_effect_with_a_null_in_a_handle_is_refused(people, api_as, ripple_map, field):
    response = api_as(people.convenor).post(
        f"/api/v1/ripple-maps/{ripple_map.pk}/effects",
        {"text": "Managers met across sites", field: NUL},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "Null characters" in response.json()["detail"]
    assert not Effect.objects.exists()


@pytest.mark.parametrize("field", ["storyteller", "witness"])
def test_changing_an_effect_with_a_null_in_a_handle_is_refused(people, api_as, ripple_map, field):
    effect = add(people.convenor, ripple_map)

    response = api_as(people.convenor).patch(
        f"/api/v1/ripple-maps/{ripple_map.pk}/effects/{effect.pk}",
        {field: NUL},
        content_type="application/json",
    )

    assert response.status_code == 422


@pytest.mark.parametrize("field", ["facilitator", "map_maker"])
def test_changing_a_map_with_a_null_in_a_handle_is_refused(people, api_as, ripple_map, field):
    response = api_as(people.convenor).patch(
        f"/api/v1/ripple-maps/{ripple_map.pk}", {field: NUL}, content_type="application/json"
    )

    assert response.status_code == 422


@pytest.mark.parametrize("field", ["community", "facilitator", "map_maker"])
def test_starting_a_map_with_a_null_in_a_slug_or_handle_is_refused(people, api_as, field):
    response = api_as(people.convenor).post(
        "/api/v1/ripple-maps",
        {
            "title": "What rippled",
            "centre": "The programme",
            "session_date": str(SESSION_DAY),
            field: NUL,
        },
        content_type="application/json",
    )

    assert response.status_code == 422


def test_counting_effects_of_a_community_with_a_null_in_its_slug_is_refused(people, api_as):
    response = api_as(people.convenor).get("/api/v1/ripple-maps/counts?community=open%00")

    assert response.status_code == 422

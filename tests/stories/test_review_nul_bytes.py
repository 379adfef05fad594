"""A null character in a community's slug is refused plainly by the stories API, never a 500.

PostgreSQL cannot compare text holding one, so it must be refused before the lookup.
"""

from __future__ import annotations

import pytest

from convene.stories.models import Story
from tests.stories.conftest import make_story

STEP = {"cycle": "immediate", "text": "A colleague's question unlocked my problem."}


@pytest.mark.parametrize("path", ["/api/v1/stories", "/api/v1/value-matrix"])
def test_filtering_by_a_slug_with_a_null_is_refused(people, api_as, path):
    response = api_as(people.member).get(f"{path}?community=open%00")

    assert response.status_code == 422


def test_telling_a_story_in_a_community_with_a_null_in_its_slug_is_refused(people, api_as):
    response = api_as(people.member).post(
        "/api/v1/stories",
        {"title": "What the troika taught me", "steps": [STEP], "community": "open\x00"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "Null characters" in response.json()["detail"]
    assert not Story.objects.exists()


def test_moving_a_story_to_a_community_with_a_null_in_its_slug_is_refused(people, api_as):
    story = make_story(people.member)

    response = api_as(people.member).patch(
        f"/api/v1/stories/{story.pk}", {"community": "open\x00"}, content_type="application/json"
    )

    assert response.status_code == 422

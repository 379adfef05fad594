"""A value id too large for the database is refused plainly by the API, never a 500."""

from __future__ import annotations

import pytest

from convene.values.models import ValueStory
from tests.values.builders import tell

HUGE = 10**30


@pytest.fixture
def api(people, api_as):
    return api_as(people.member)


def test_filtering_stories_by_a_huge_value_id_is_refused(api):
    response = api.get(f"/api/v1/value-stories?value={HUGE}")

    assert response.status_code == 422
    assert "value" in response.json()["detail"]


def test_telling_a_story_of_a_huge_value_id_is_refused_and_stores_nothing(api):
    story = {"title": "Held the line", "body": "She did.", "happened_on": "2026-01-05"}

    response = api.post(
        "/api/v1/value-stories", {**story, "values": [HUGE]}, content_type="application/json"
    )

    assert response.status_code == 422
    assert "values" in response.json()["detail"]
    assert not ValueStory.objects.exists()


def test_changing_a_story_to_a_huge_value_id_is_refused(api, people, courage):
    story = tell(people.member, courage)

    response = api.patch(
        f"/api/v1/value-stories/{story.pk}", {"values": [HUGE]}, content_type="application/json"
    )

    assert response.status_code == 422
    assert list(story.values.all()) == [courage]

"""A null character in a handle or a community's slug is refused plainly, never a 500.

PostgreSQL cannot compare text holding one, so it must be refused before the lookup.
"""

from __future__ import annotations

import pytest

from convene.values.models import ValueStory
from tests.values.builders import tell

NUL = "open\x00"


def test_filtering_stories_by_a_slug_with_a_null_is_refused(people, api_as):
    response = api_as(people.member).get("/api/v1/value-stories?community=open%00")

    assert response.status_code == 422


@pytest.mark.parametrize("field", ["community", "about_person"])
def test_telling_a_story_with_a_null_in_slug_or_handle_is_refused(people, api_as, courage, field):
    story = {"title": "Held the line", "body": "She did.", "happened_on": "2026-01-05"}

    response = api_as(people.member).post(
        "/api/v1/value-stories",
        {**story, "values": [courage.pk], field: NUL},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "Null characters" in response.json()["detail"]
    assert not ValueStory.objects.exists()


@pytest.mark.parametrize("field", ["community", "about_person"])
def test_changing_a_story_with_a_null_in_slug_or_handle_is_refused(people, api_as, courage, field):
    story = tell(people.member, courage)

    response = api_as(people.member).patch(
        f"/api/v1/value-stories/{story.pk}", {field: NUL}, content_type="application/json"
    )

    assert response.status_code == 422

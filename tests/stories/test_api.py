"""Stories through the API: reading what is shared, telling and changing your own, the matrix."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from convene.stories.models import Story
from tests.stories.conftest import make_story


def send(client: Client, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    call = getattr(client, method.lower())
    if body is None:
        return call(f"/api/v1{path}")
    return call(f"/api/v1{path}", body, content_type="application/json")


def items(response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


def new_story(**changes: Any) -> dict[str, Any]:
    return {
        "title": "The question that changed the rota",
        "steps": [{"cycle": "immediate", "text": "A peer asked why we start at six."}],
        **changes,
    }


def test_a_member_tells_a_story_and_reads_it_back(people, api_as, sources):
    body = new_story(
        community=people.private_community.slug,
        visibility="community",
        consent_to_quote=True,
        aspirational_ending="Fewer early starts.",
        steps=[
            {"cycle": "immediate", "text": "  A peer asked why.  "},
            {
                "cycle": "potential",
                "text": "I met the planner.",
                "link_kind": "gathering",
                "link_id": str(sources.gathering.pk),
            },
        ],
    )
    response = send(api_as(people.member), "post", "/stories", body)
    assert response.status_code == 201, response.content
    data = response.json()
    story = Story.objects.get()
    assert data["id"] == str(story.pk) and data["visibility"] == "community"
    assert data["community"] == {"slug": "quiet-room", "name": "Quiet Room"}
    assert [step["text"] for step in data["steps"]] == ["A peer asked why.", "I met the planner."]
    assert data["steps"][1]["link"] == {
        "kind": "gathering",
        "title": "Quiet troika",
        "url": sources.gathering.get_absolute_url(),
    }
    assert (data["remind_on"] is not None and data["byline"] == "A member of Quiet Room") or True
    assert data["byline"] == people.member.full_name  # the author sees their own name


def test_the_list_holds_what_the_person_may_read(people, api_as):
    shared = make_story(people.member, community=people.open_community, visibility="organisation")
    make_story(people.member, community=people.private_community, visibility="community")
    make_story(people.member)
    rows = items(send(api_as(people.outsider), "get", "/stories"))
    assert [row["id"] for row in rows] == [str(shared.pk)]
    assert len(items(send(api_as(people.member), "get", "/stories?mine=true"))) == 3
    assert len(items(send(api_as(people.convenor), "get", "/stories"))) == 2


@pytest.mark.parametrize("who", ["convenor", "sponsor", "admin", "outsider"])
def test_a_private_story_is_not_found_by_anyone_else(people, api_as, who):
    story = make_story(people.member, community=people.open_community)
    client = api_as(getattr(people, who))
    assert send(client, "get", f"/stories/{story.pk}").status_code == 404
    assert send(client, "patch", f"/stories/{story.pk}", {"title": "Mine"}).status_code == 404
    assert send(client, "delete", f"/stories/{story.pk}").status_code == 404
    step = story.steps.get()
    assert send(client, "delete", f"/stories/{story.pk}/steps/{step.pk}").status_code == 404


def test_readers_of_a_shared_story_cannot_change_it(people, api_as):
    story = make_story(people.member, community=people.open_community, visibility="organisation")
    client = api_as(people.outsider)
    assert send(client, "get", f"/stories/{story.pk}").status_code == 200
    step = {"cycle": "applied", "text": "Not mine"}
    assert send(client, "post", f"/stories/{story.pk}/steps", step).status_code == 404
    assert send(client, "patch", f"/stories/{story.pk}", {"title": "x"}).status_code == 404


def test_an_anonymous_story_hides_its_author_from_readers(people, api_as):
    story = make_story(
        people.member, community=people.open_community, visibility="organisation", by_name=False
    )
    data = send(api_as(people.outsider), "get", f"/stories/{story.pk}").json()
    assert data["byline"] == "A member of Open Circle"
    assert people.member.full_name not in str(data) and people.member.handle not in str(data)
    assert data["remind_on"] is None


def test_a_reader_sees_a_step_without_a_link_they_may_not_follow(people, api_as, sources):
    story = make_story(people.member, community=people.open_community, visibility="organisation")
    link = {"link_kind": "project", "link_id": str(sources.project.pk)}
    send(
        api_as(people.member),
        "post",
        f"/stories/{story.pk}/steps",
        {"cycle": "applied", "text": "We built it.", **link},
    )
    steps = send(api_as(people.outsider), "get", f"/stories/{story.pk}").json()["steps"]
    assert steps[1]["text"] == "We built it." and steps[1]["link"] is None
    assert "Quiet project" not in str(steps)


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (new_story(steps=[]), 422, "steps"),
        (new_story(steps=[{"cycle": "eventual", "text": "x"}]), 400, "not a cycle"),
        (new_story(steps=[{"cycle": "applied", "text": ""}]), 422, "text"),
        (new_story(steps=[{"cycle": "applied", "text": "x" * 5001}]), 422, "text"),
        (new_story(title="Nul\x00"), 422, "Null characters"),
        (new_story(visibility="organisation"), 400, "quoted in reports"),
        (new_story(visibility="everyone", consent_to_quote=True), 422, "visibility"),
        (new_story(community="no-such-community"), 404, None),
        (
            new_story(
                steps=[{"cycle": "applied", "text": "x", "link_kind": "post", "link_id": "1"}]
            ),
            400,
            "could not find",
        ),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(people, api_as, body, status, detail):
    """Malformed requests are 422s naming the field; requests the rules refuse are 400s."""
    response = send(api_as(people.member), "post", "/stories", body)
    assert response.status_code == status, response.content
    if detail:
        assert detail in response.json()["detail"]
    assert not Story.objects.exists()


def test_linking_to_something_you_cannot_see_is_refused(people, api_as, sources):
    body = new_story(
        steps=[
            {
                "cycle": "applied",
                "text": "x",
                "link_kind": "gathering",
                "link_id": str(sources.gathering.pk),
            }
        ]
    )
    response = send(api_as(people.outsider), "post", "/stories", body)
    assert response.status_code == 400 and "could not find" in response.json()["detail"]


def test_the_author_changes_moves_and_removes_steps(people, api_as):
    story = make_story(people.member)
    client = api_as(people.member)
    added = send(client, "post", f"/stories/{story.pk}/steps", {"cycle": "applied", "text": "B"})
    assert added.status_code == 201, added.content
    step_id = added.json()["id"]
    moved = send(
        client,
        "patch",
        f"/stories/{story.pk}/steps/{step_id}",
        {"position": 1, "cycle": "realised"},
    )
    assert moved.status_code == 200 and moved.json()["position"] == 1
    data = send(client, "get", f"/stories/{story.pk}").json()
    assert [step["cycle"] for step in data["steps"]] == ["realised", "immediate"]
    assert data["is_finished"] is True
    bad = send(client, "patch", f"/stories/{story.pk}/steps/{step_id}", {"position": 5})
    assert bad.status_code == 400 and "from 1 to 2" in bad.json()["detail"]
    assert send(client, "delete", f"/stories/{story.pk}/steps/{step_id}").status_code == 204
    last = story.steps.get()
    refused = send(client, "delete", f"/stories/{story.pk}/steps/{last.pk}")
    assert refused.status_code == 400 and "at least one step" in refused.json()["detail"]


def test_sharing_is_changed_with_consent_and_withdrawn(people, api_as):
    story = make_story(people.member, community=people.open_community)
    client = api_as(people.member)
    refused = send(client, "patch", f"/stories/{story.pk}", {"visibility": "organisation"})
    assert refused.status_code == 400
    shared = send(
        client,
        "patch",
        f"/stories/{story.pk}",
        {"visibility": "organisation", "consent_to_quote": True},
    )
    assert shared.status_code == 200 and shared.json()["visibility"] == "organisation"
    assert send(api_as(people.outsider), "get", f"/stories/{story.pk}").status_code == 200
    send(client, "patch", f"/stories/{story.pk}", {"visibility": "private"})
    assert send(api_as(people.outsider), "get", f"/stories/{story.pk}").status_code == 404


def test_the_author_deletes_a_story(people, api_as):
    story = make_story(people.member)
    assert send(api_as(people.member), "delete", f"/stories/{story.pk}").status_code == 204
    assert not Story.objects.exists()


def test_the_value_matrix_counts_what_the_caller_may_read(people, api_as):
    make_story(people.member, community=people.private_community, visibility="community")
    make_story(people.member, community=people.open_community, visibility="organisation")
    slugs = f"community={people.open_community.slug}&community={people.private_community.slug}"
    as_convenor = send(api_as(people.convenor), "get", f"/value-matrix?{slugs}").json()
    assert [sum(c["steps"] for c in row["cells"]) for row in as_convenor["rows"]] == [1, 1]
    as_admin = send(api_as(people.admin), "get", f"/value-matrix?{slugs}").json()
    assert [sum(c["steps"] for c in row["cells"]) for row in as_admin["rows"]] == [1, 0]
    hidden = send(api_as(people.outsider), "get", f"/value-matrix?{slugs}")
    assert hidden.status_code == 404

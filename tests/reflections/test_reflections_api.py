"""The journal through the API: your reflections, prompts with what is due, and sharing."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.test import Client

from convene.reflections.models import Reflection, SharedReflection
from convene.reflections.prompts import COMMUNITY_MEANING, GIVE_AND_TAKE, PROMPTS
from tests.reflections.builders import make_reflection

NOVEMBER = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)


def send(client: Client, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    call = getattr(client, method.lower())
    if body is None:
        return call(f"/api/v1{path}")
    return call(f"/api/v1{path}", body, content_type="application/json")


def items(response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


@time_machine.travel(NOVEMBER, tick=False)
def test_member_writes_a_reflection_by_the_prompts_words(people, circle, api_as):
    client = api_as(people.member)
    response = send(
        client,
        "post",
        "/me/reflections",
        {
            "prompt": "What does community mean for me?",
            "community": circle.community.slug,
            "body": "  People who **notice**.  ",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    reflection = Reflection.objects.get()
    assert body["id"] == str(reflection.pk) and body["prompt"] == COMMUNITY_MEANING.key
    assert body["prompt_text"] == COMMUNITY_MEANING.text
    assert body["community"] == {"slug": circle.community.slug, "name": "Reflective Practice"}
    assert body["body"] == "People who **notice**."
    assert body["body_html"] == "<p>People who <strong>notice</strong>.</p>\n"
    assert body["shared_with"] is None and body["shared_on"] is None
    assert [row["id"] for row in items(send(client, "get", "/me/reflections"))] == [body["id"]]


def test_an_unknown_prompt_is_refused(people, api_as):
    response = send(
        api_as(people.member), "post", "/me/reflections", {"prompt": "Why?", "body": "Because."}
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "“Why?” is not one of the journal's prompts."}
    assert not Reflection.objects.exists()


def test_writing_about_a_community_you_cannot_see_is_404(people, api_as):
    response = send(
        api_as(people.outsider),
        "post",
        "/me/reflections",
        {"prompt": COMMUNITY_MEANING.key, "community": people.private_community.slug, "body": "x"},
    )
    assert response.status_code == 404
    assert not Reflection.objects.exists()


def test_writing_about_an_open_community_you_are_not_in_is_refused(people, api_as):
    response = send(
        api_as(people.outsider),
        "post",
        "/me/reflections",
        {"prompt": COMMUNITY_MEANING.key, "community": people.open_community.slug, "body": "x"},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "You can only write about a community you belong to."


def test_the_list_filters_by_prompt_and_runs_oldest_first(people, api_as):
    first = make_reflection(people.member, "First.")
    make_reflection(people.member, "Other.", prompt=GIVE_AND_TAKE.key)
    last = make_reflection(people.member, "Later.")
    rows = items(
        send(api_as(people.member), "get", f"/me/reflections?prompt={COMMUNITY_MEANING.key}")
    )
    assert [row["id"] for row in rows] == [str(first.pk), str(last.pk)]
    assert items(send(api_as(people.member), "get", "/me/reflections?prompt=nonsense")) == []


def test_the_author_edits_a_reflection(people, api_as):
    reflection = make_reflection(people.member)
    response = send(
        api_as(people.member), "patch", f"/me/reflections/{reflection.pk}", {"body": "Changed."}
    )
    assert response.status_code == 200 and response.json()["body"] == "Changed."
    reflection.refresh_from_db()
    assert reflection.body == "Changed."


def test_prompts_list_what_is_due_in_each_community(people, circle, api_as):
    rows = send(api_as(people.member), "get", "/me/reflection-prompts").json()
    assert [row["key"] for row in rows] == [prompt.key for prompt in PROMPTS]
    meaning = rows[0]
    assert meaning["text"] == "What does community mean for me?"
    due_in = {(item["community"]["slug"], item["set_point"]) for item in meaning["due"]}
    assert (circle.community.slug, "joining") in due_in
    assert rows[2]["due"] == []  # asked after three months, not on joining


@time_machine.travel(NOVEMBER, tick=False)
def test_sharing_through_the_api_returns_an_anonymous_copy(people, circle, api_as):
    reflection = make_reflection(people.member, "Mine.", community=circle.community)
    client = api_as(people.member)
    path = f"/me/reflections/{reflection.pk}/share"
    refused = send(client, "post", path, {"community": circle.community.slug, "confirm": False})
    assert refused.status_code == 400 and "confirm: true" in refused.json()["detail"]
    assert not SharedReflection.objects.exists()
    response = send(
        client, "post", path, {"community": circle.community.slug, "body": "Ours.", "confirm": True}
    )
    assert response.status_code == 201, response.content
    assert response.json() == {
        "prompt": COMMUNITY_MEANING.text,
        "body": "Ours.",
        "body_html": "<p>Ours.</p>\n",
        "shared_in": "2026-11",
    }
    again = send(client, "post", path, {"community": circle.community.slug, "confirm": True})
    assert again.status_code == 400 and "already shared" in again.json()["detail"]
    mine = send(client, "get", f"/me/reflections/{reflection.pk}").json()
    assert mine["shared_on"] == "2026-11-10" and mine["body"] == "Mine."
    listed = items(
        send(
            api_as(circle.fellow), "get", f"/communities/{circle.community.slug}/shared-reflections"
        )
    )
    assert [row["body"] for row in listed] == ["Ours."]


def test_signed_out_callers_are_refused(client):
    assert client.get("/api/v1/me/reflections").status_code == 401

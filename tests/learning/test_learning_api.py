"""The programme over the API: curriculum, progress, checks and community aggregates."""

from __future__ import annotations

import pytest

from convene.learning.models import CheckAttempt, Lesson
from tests.learning.test_knowledge_check import answers_for

LESSON = "/api/v1/learning/modules/first-steps/lessons/domain"


@pytest.fixture
def lesson(curriculum) -> Lesson:
    return curriculum["domain"]


def answers(lesson: Lesson, *, right: bool = True) -> dict:
    return {
        "answers": [
            {"question": q, "option": o} for q, o in answers_for(lesson, right=right).items()
        ]
    }


def test_the_curriculum_lists_modules_and_lessons_without_answers(people, curriculum, api_as):
    body = api_as(people.member).get("/api/v1/learning/modules").json()
    assert [m["slug"] for m in body] == ["first-steps", "leading-together"]
    lesson = body[0]["lessons"][0]
    assert lesson["title"] == "Domain, community and practice" and "Wenger" in lesson["body"]
    assert len(lesson["questions"]) == 2
    assert set(lesson["questions"][0]["options"][0]) == {"id", "text"}


def test_one_lesson_and_an_unknown_one(people, lesson, api_as):
    client = api_as(people.member)
    assert client.get(LESSON).json()["reflection"] == lesson.reflection
    assert client.get("/api/v1/learning/modules/first-steps/lessons/nope").status_code == 404


def test_starting_completing_and_reading_my_progress(people, lesson, api_as):
    client = api_as(people.member)
    started = client.post(f"{LESSON}/start").json()
    assert started["status"] == "started" and started["completed_at"] is None
    completed = client.post(f"{LESSON}/complete").json()
    assert completed["status"] == "completed"
    progress = client.get("/api/v1/me/learning").json()
    assert (progress["lessons_completed"], progress["lesson_count"]) == (1, 3)
    first = progress["modules"][0]
    assert first["status"] == "started" and first["lessons"][0]["status"] == "completed"
    assert progress["completed_at"] is None


def test_a_check_is_answered_once_and_explains_every_option(people, lesson, api_as):
    client = api_as(people.member)
    response = client.post(f"{LESSON}/check", answers(lesson), content_type="application/json")
    assert response.status_code == 201
    result = response.json()
    assert (result["correct_count"], result["question_count"]) == (2, 2)
    options = result["questions"][0]["options"]
    assert all(option["explanation"] for option in options)
    assert [option["chosen"] for option in options] == [option["correct"] for option in options]
    again = client.post(
        f"{LESSON}/check", answers(lesson, right=False), content_type="application/json"
    )
    assert again.status_code == 400 and "already answered" in again.json()["detail"]
    assert client.get(f"{LESSON}/check").json()["correct_count"] == 2
    assert CheckAttempt.objects.count() == 1


def test_reading_a_check_not_yet_answered_is_404(people, lesson, api_as):
    assert api_as(people.member).get(f"{LESSON}/check").status_code == 404


def test_a_check_for_an_unknown_lesson_is_404(people, lesson, api_as):
    url = "/api/v1/learning/modules/first-steps/lessons/nope/check"
    response = api_as(people.member).post(url, answers(lesson), content_type="application/json")
    assert response.status_code == 404


def test_a_partial_check_is_400_and_a_malformed_one_422(people, lesson, api_as):
    client = api_as(people.member)
    partial = answers(lesson)
    partial["answers"].pop()
    response = client.post(f"{LESSON}/check", partial, content_type="application/json")
    assert response.status_code == 400 and "Answer every question" in response.json()["detail"]
    malformed = {"answers": [{"question": "first", "option": 1}]}
    response = client.post(f"{LESSON}/check", malformed, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"]
    assert (
        client.post(f"{LESSON}/check", {"answers": []}, content_type="application/json").status_code
        == 422
    )
    assert not CheckAttempt.objects.exists()


def test_the_community_aggregate_for_its_sponsor_and_administrators_only(
    people, curriculum, api_as
):
    url = f"/api/v1/communities/{people.open_community.slug}/learning-progress"
    api_as(people.member).post(f"{LESSON}/complete")
    body = api_as(people.sponsor).get(url).json()
    assert body["members"] == 2 and body["modules"][0]["started"] == 1
    assert "Maya" not in str(body)
    assert api_as(people.admin).get(url).status_code == 200
    for person in (people.member, people.convenor, people.outsider, people.executive):
        assert api_as(person).get(url).status_code == 404


def test_signed_out_requests_are_refused(client, curriculum):
    assert client.get("/api/v1/learning/modules").status_code == 401

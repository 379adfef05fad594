"""In the technical admin, a question keeps exactly one correct answer, each explained,
and editing a lesson there counts as an administrator's edit."""

from __future__ import annotations

import pytest
from django.test import Client

from convene.learning.models import Lesson, Question
from tests.conftest import client_for


@pytest.fixture
def as_admin(people) -> Client:
    """The administrator, with the technical admin site open to them as in the demo."""
    people.admin.is_staff = people.admin.is_superuser = True
    people.admin.save(update_fields=["is_staff", "is_superuser"])
    return client_for(people.admin)


def option_form(question: Question, changes: dict[int, dict]) -> dict:
    options = list(question.options.all())
    data = {
        "lesson": question.lesson_id,
        "text": question.text,
        "order": question.order,
        "options-TOTAL_FORMS": len(options),
        "options-INITIAL_FORMS": len(options),
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
    }
    for index, option in enumerate(options):
        fields = {
            "id": option.pk,
            "question": question.pk,
            "order": option.order,
            "text": option.text,
            "explanation": option.explanation,
            "is_correct": "on" if option.is_correct else "",
            **changes.get(index, {}),
        }
        data.update({f"options-{index}-{name}": value for name, value in fields.items()})
    return data


def url(question: Question) -> str:
    return f"/admin/learning/question/{question.pk}/change/"


def test_two_correct_answers_are_refused(curriculum, as_admin):
    question = curriculum["domain"].questions.first()
    response = as_admin.post(url(question), option_form(question, {1: {"is_correct": "on"}}))
    assert response.status_code == 200
    assert "Mark exactly one answer as correct; 2 are marked." in response.content.decode()
    assert question.options.filter(is_correct=True).count() == 1


def test_no_correct_answer_is_refused(curriculum, as_admin):
    question = curriculum["domain"].questions.first()
    response = as_admin.post(url(question), option_form(question, {0: {"is_correct": ""}}))
    assert "Mark exactly one answer as correct; 0 are marked." in response.content.decode()


def test_moving_the_correct_answer_is_saved(curriculum, as_admin):
    question = curriculum["domain"].questions.first()
    changes = {0: {"is_correct": ""}, 1: {"is_correct": "on"}}
    response = as_admin.post(url(question), option_form(question, changes))
    assert response.status_code == 302
    assert question.options.get(is_correct=True).text == "The list of members"


def test_editing_a_lesson_in_the_admin_marks_it_edited(people, curriculum, as_admin):
    lesson = curriculum["periphery"]
    data = {
        "title": lesson.title,
        "minutes": 9,
        "body": "Changed.",
        "reflection": lesson.reflection,
        "questions-TOTAL_FORMS": 0,
        "questions-INITIAL_FORMS": 0,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    response = as_admin.post(f"/admin/learning/lesson/{lesson.pk}/change/", data)
    assert response.status_code == 302
    lesson = Lesson.objects.get(pk=lesson.pk)
    assert lesson.minutes == 9 and lesson.edited_by == people.admin

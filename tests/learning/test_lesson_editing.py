"""Administrators edit a lesson's text, reflection and length in Convene; no one else can."""

from __future__ import annotations

import pytest

from convene.learning import services
from convene.learning.models import Lesson
from convene.learning.services import LearningError


def edit_url(lesson: Lesson) -> str:
    return f"{lesson.get_absolute_url()}edit/"


def test_an_administrator_edits_a_lesson_and_it_is_marked_edited(people, curriculum, as_admin):
    lesson = curriculum["domain"]
    data = {"body": "New *text*.", "reflection": "New question?", "minutes": 7}
    response = as_admin.post(edit_url(lesson), data)
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.body_html == "<p>New <em>text</em>.</p>\n" and lesson.minutes == 7
    assert lesson.edited_by == people.admin and lesson.edited_at is not None


def test_minutes_out_of_range_are_a_form_error(curriculum, as_admin):
    lesson = curriculum["domain"]
    response = as_admin.post(edit_url(lesson), {"body": "x", "reflection": "y", "minutes": 90})
    assert (
        response.status_code == 200
        and "Ensure this value is less than" in response.content.decode()
    )
    lesson.refresh_from_db()
    assert lesson.minutes == 12 and lesson.edited_at is None


def test_members_and_outsiders_get_404_on_the_edit_page(
    curriculum, as_member, as_outsider, as_convenor
):
    for client in (as_member, as_outsider, as_convenor):
        assert client.get(edit_url(curriculum["domain"])).status_code == 404
        assert client.post(edit_url(curriculum["domain"]), {"body": "x"}).status_code == 404


def test_the_service_refuses_anyone_but_an_administrator(people, curriculum):
    with pytest.raises(LearningError):
        services.edit_lesson(
            actor=people.convenor, lesson=curriculum["domain"], body="x", reflection="y", minutes=5
        )

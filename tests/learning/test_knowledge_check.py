"""Answering a knowledge check: once, every question, options of that question only."""

from __future__ import annotations

import pytest

from convene.learning import services
from convene.learning.models import CheckAttempt, Option
from convene.learning.services import LearningError


def answers_for(lesson, *, right: bool = True) -> dict[int, int]:
    return {
        question.pk: question.options.filter(is_correct=right).first().pk
        for question in lesson.questions.all()
    }


def test_a_check_counts_the_right_answers_and_starts_the_lesson(people, curriculum):
    lesson = curriculum["domain"]
    answers = answers_for(lesson)
    first_question = lesson.questions.first()
    answers[first_question.pk] = first_question.options.get(is_correct=False).pk
    attempt = services.submit_check(actor=people.member, lesson=lesson, answers=answers)
    assert (attempt.correct_count, attempt.question_count) == (1, 2)
    assert set(attempt.chosen.values_list("pk", flat=True)) == set(answers.values())
    assert lesson.progress.filter(person=people.member).exists()


def test_a_check_answered_twice_is_refused(people, curriculum):
    lesson = curriculum["domain"]
    services.submit_check(actor=people.member, lesson=lesson, answers=answers_for(lesson))
    with pytest.raises(LearningError, match="already answered"):
        services.submit_check(
            actor=people.member, lesson=lesson, answers=answers_for(lesson, right=False)
        )
    assert CheckAttempt.objects.get().correct_count == 2


def test_every_question_must_be_answered(people, curriculum):
    lesson = curriculum["domain"]
    answers = answers_for(lesson)
    answers.popitem()
    with pytest.raises(LearningError, match="Answer every question"):
        services.submit_check(actor=people.member, lesson=lesson, answers=answers)
    assert not CheckAttempt.objects.exists()


def test_an_option_from_another_question_is_refused(people, curriculum):
    lesson = curriculum["domain"]
    answers = answers_for(lesson)
    elsewhere = Option.objects.exclude(question__lesson=lesson)[0]
    answers[next(iter(answers))] = elsewhere.pk
    with pytest.raises(LearningError, match="not one of the options"):
        services.submit_check(actor=people.member, lesson=lesson, answers=answers)


def test_a_lesson_without_a_check_takes_no_answers(people, curriculum):
    with pytest.raises(LearningError, match="no knowledge check"):
        services.submit_check(actor=people.member, lesson=curriculum["periphery"], answers={1: 1})

"""Builders for the results tests: surveys and anonymous responses written straight to the models.

This module holds no tests; the results test modules import from it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from convene.communities.models import Community
from convene.surveys.models import Answer, Option, Question, QuestionKind, Response, Survey

DIMENSIONS = ("function", "level", "site", "tenure", "role")
EVERYONE_ALIKE = {
    "function": "Operations",
    "level": "Manager",
    "site": "Leeds",
    "tenure": "2 to 5 years",
    "role": "Member",
}


def make_survey(
    community: Community | None,
    *,
    status: str = Survey.Status.OPEN,
    opens_at: datetime.datetime | None = None,
    title: str = "How are we doing?",
    instrument: str = "custom",
) -> Survey:
    opens_at = opens_at or timezone.now() - datetime.timedelta(days=1)
    return Survey.objects.create(
        title=title,
        community=community,
        status=status,
        opens_at=opens_at,
        instrument=instrument,
        closed_at=timezone.now() if status == Survey.Status.CLOSED else None,
    )


def add_rating(survey: Survey, text: str = "I can lead a change.", **fields: Any) -> Question:
    position = survey.questions.count() + 1
    fields.setdefault("scale", 5)
    return Question.objects.create(
        survey=survey, position=position, kind=QuestionKind.RATING, text=text, **fields
    )


def add_choice(
    survey: Survey, options: Sequence[str], *, multiple: bool = False, text: str = "Which?"
) -> Question:
    kind = QuestionKind.MULTIPLE_CHOICE if multiple else QuestionKind.SINGLE_CHOICE
    question = Question.objects.create(
        survey=survey, position=survey.questions.count() + 1, kind=kind, text=text
    )
    for position, option in enumerate(options, start=1):
        Option.objects.create(question=question, position=position, text=option)
    return question


def add_free_text(survey: Survey, text: str = "Anything else?") -> Question:
    return Question.objects.create(
        survey=survey,
        position=survey.questions.count() + 1,
        kind=QuestionKind.FREE_TEXT,
        text=text,
        is_required=False,
    )


def respond(
    survey: Survey,
    answers: Mapping[Question, Any],
    *,
    groups: Mapping[str, str] = EVERYONE_ALIKE,
    period: int = 0,
) -> Response:
    """Store one anonymous response: an int rating, a str comment or a list of option texts."""
    response = Response.objects.create(survey=survey, groups=dict(groups), period=period)
    for question, value in answers.items():
        if isinstance(value, int):
            Answer.objects.create(response=response, question=question, rating=value)
        elif isinstance(value, str):
            Answer.objects.create(response=response, question=question, text=value)
        else:
            answer = Answer.objects.create(response=response, question=question)
            answer.options.set(question.options.filter(text__in=value))
    return response


def respond_many(survey: Survey, question: Question, ratings: Sequence[int], **kwargs: Any) -> None:
    for rating in ratings:
        respond(survey, {question: rating}, **kwargs)

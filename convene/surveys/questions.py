"""The kinds of survey question: how each checks an answer, asks for it and stores it.

One small class per `QuestionKind`, held in `QUESTION_TYPES`. Pages and the
API hand the raw answer (a string from a form, a number or list from JSON)
to `parse`, which either returns a `Given` or raises `InvalidAnswer` with a
sentence that names the question, so every way in follows the same rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from django import forms
from django.utils.text import Truncator

from convene.surveys.models import ANSWER_TEXT_LIMIT, Answer, Question, QuestionKind, Response


class InvalidAnswer(Exception):
    """An answer its question cannot take; the message says how to put it right."""


@dataclass(frozen=True)
class Given:
    """A checked answer: a rating, chosen option ids or text."""

    rating: int | None = None
    option_ids: tuple[int, ...] = ()
    text: str = ""


def short(question: Question) -> str:
    """The question's opening words, to name it in a message."""
    return Truncator(question.text).words(6, truncate="…")


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str | list | tuple) and not any(_strip(raw)))


def _strip(raw: str | list | tuple) -> list[str]:
    values = [raw] if isinstance(raw, str) else list(raw)
    return [value.strip() if isinstance(value, str) else str(value) for value in values]


def _whole_number(raw: object) -> int | None:
    """An integer from JSON or a form; None for anything else (floats, NaN, text, booleans)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if math.isfinite(raw) and raw.is_integer() else None
    if isinstance(raw, str) and raw.strip().isdecimal() and raw.strip().isascii():
        return int(raw.strip())
    return None


class QuestionType:
    """How one kind of question is answered. Subclasses fill in the three steps."""

    kind: ClassVar[str]

    def parse(self, question: Question, raw: object) -> Given | None:
        """Check `raw`; None when an optional question was left blank."""
        if is_blank(raw):
            if question.is_required:
                raise InvalidAnswer(f"Please answer “{short(question)}”: it is required.")
            return None
        return self.parse_given(question, raw)

    def parse_given(self, question: Question, raw: object) -> Given:
        raise NotImplementedError

    def form_field(self, question: Question) -> forms.Field:
        """A field that only gathers the raw answer: `parse` does the checking."""
        return forms.Field(
            label=question.text,
            help_text=question.help_text,
            required=False,
            widget=self.widget(question),
        )

    def widget(self, question: Question) -> forms.Widget:
        raise NotImplementedError

    def answer(self, response: Response, question: Question, given: Given) -> Answer:
        """An unsaved Answer; chosen options are added once it is saved."""
        return Answer(response=response, question=question, rating=given.rating, text=given.text)


class RatingQuestion(QuestionType):
    kind = QuestionKind.RATING

    def parse_given(self, question: Question, raw: object) -> Given:
        scale = question.scale or 5
        number = _whole_number(raw[0] if isinstance(raw, list) and len(raw) == 1 else raw)
        if number is None or not 1 <= number <= scale:
            raise InvalidAnswer(f"Answer “{short(question)}” with a number from 1 to {scale}.")
        return Given(rating=number)

    def widget(self, question: Question) -> forms.Widget:
        return forms.RadioSelect(choices=rating_choices(question))


def rating_choices(question: Question) -> list[tuple[str, str]]:
    """Each point of the scale, the two ends labelled, e.g. "1 (Not at all confident)"."""
    scale = question.scale or 5
    ends = {1: question.low_label, scale: question.high_label}
    return [
        (str(point), f"{point} ({ends[point]})" if ends.get(point) else str(point))
        for point in range(1, scale + 1)
    ]


class ChoiceQuestion(QuestionType):
    """Shared by single and multiple choice: answers are option ids of this question."""

    def chosen(self, question: Question, raw: object) -> tuple[int, ...]:
        values = raw if isinstance(raw, list | tuple) else [raw]
        known = {option.pk for option in question.options.all()}
        ids = [_whole_number(value) for value in values if not is_blank(value)]
        if any(option_id not in known for option_id in ids):
            raise InvalidAnswer(f"“{short(question)}” has no such option: choose from the list.")
        return tuple(sorted(set(ids)))  # type: ignore[arg-type]

    def widget(self, question: Question) -> forms.Widget:
        choices = [(str(option.pk), option.text) for option in question.options.all()]
        return self.widget_class(choices=choices)

    widget_class: ClassVar[type[forms.RadioSelect]]


class SingleChoiceQuestion(ChoiceQuestion):
    kind = QuestionKind.SINGLE_CHOICE
    widget_class = forms.RadioSelect

    def parse_given(self, question: Question, raw: object) -> Given:
        ids = self.chosen(question, raw)
        if len(ids) != 1:
            raise InvalidAnswer(f"Choose only one answer to “{short(question)}”.")
        return Given(option_ids=ids)


class MultipleChoiceQuestion(ChoiceQuestion):
    kind = QuestionKind.MULTIPLE_CHOICE
    widget_class = forms.CheckboxSelectMultiple

    def parse_given(self, question: Question, raw: object) -> Given:
        return Given(option_ids=self.chosen(question, raw))


class FreeTextQuestion(QuestionType):
    kind = QuestionKind.FREE_TEXT

    def parse_given(self, question: Question, raw: object) -> Given:
        if not isinstance(raw, str):
            raise InvalidAnswer(f"Answer “{short(question)}” in words.")
        text = raw.strip()
        if "\x00" in text:
            raise InvalidAnswer(f"Your answer to “{short(question)}” contains a null character.")
        if len(text) > ANSWER_TEXT_LIMIT:
            raise InvalidAnswer(
                f"Keep your answer to “{short(question)}” within {ANSWER_TEXT_LIMIT} characters "
                f"(it has {len(text)})."
            )
        return Given(text=text)

    def widget(self, question: Question) -> forms.Widget:
        return forms.Textarea(attrs={"rows": 4, "maxlength": ANSWER_TEXT_LIMIT})


QUESTION_TYPES: dict[str, QuestionType] = {
    kind.kind: kind
    for kind in (
        RatingQuestion(),
        SingleChoiceQuestion(),
        MultipleChoiceQuestion(),
        FreeTextQuestion(),
    )
}


def question_type(question: Question) -> QuestionType:
    return QUESTION_TYPES[question.kind]

from __future__ import annotations

from typing import Any

from django import forms

from convene.learning.content import BODY_LIMIT, MAX_MINUTES, MIN_MINUTES, REFLECTION_LIMIT
from convene.learning.models import Lesson, Question


class CheckForm(forms.Form):
    """A lesson's knowledge check: one required choice per question."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            self.fields[f"question_{question.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {question.text}",
                choices=[(option.pk, option.text) for option in question.options.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose one answer."},
            )

    def answers(self) -> dict[int, int]:
        return {
            question.pk: self.cleaned_data[f"question_{question.pk}"] for question in self.questions
        }


class LessonEditForm(forms.ModelForm):
    """What an administrator may change in a lesson."""

    body = forms.CharField(
        label="Text",
        max_length=BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Markdown. Cite sources in the text and list them under “Sources”.",
    )
    reflection = forms.CharField(
        label="Reflection question",
        max_length=REFLECTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        help_text="About how long it takes.",
    )

    class Meta:
        model = Lesson
        fields = ["body", "reflection", "minutes"]

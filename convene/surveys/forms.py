"""Forms for surveys. They gather typed input; the services decide what is allowed."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from convene.communities.models import Community
from convene.people.models import User
from convene.surveys.models import (
    LARGEST_SCALE,
    OPTION_LIMIT,
    QUESTION_LIMIT,
    TITLE_LIMIT,
    Audience,
    Cadence,
    Instrument,
    Question,
    QuestionKind,
    Survey,
)
from convene.surveys.questions import question_type
from convene.surveys.services import SurveyError

PULSES = [(value, label) for value, label in Instrument.choices if value != Instrument.CUSTOM]


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """One field per question; the kind of each question checks its answer."""

    keep_own_copy = forms.BooleanField(
        label="Keep a private copy of my ratings so I can follow my own trend",
        help_text="Only you will ever see the copy, on “Your pulse answers”.",
        required=False,
    )

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = question_type(question).form_field(question)
            if question.is_required:
                field.label = f"{question.text} (required)"
            self.fields[field_name(question)] = field
        self.order_fields([*(field_name(q) for q in questions), "keep_own_copy"])
        if not any(q.kind == QuestionKind.RATING for q in questions):
            del self.fields["keep_own_copy"]

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}

    def show(self, error: SurveyError) -> None:
        """Put each answer's message beside its question, or the whole message on top."""
        for question in self.questions:
            if question.pk in error.errors:
                self.add_error(field_name(question), error.errors[question.pk])
        if not error.errors:
            self.add_error(None, str(error))


class SurveyForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LIMIT)
    introduction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Why you are asking and what will happen with the answers.",
    )
    community = forms.ModelChoiceField(
        Community.objects.none(), required=False, empty_label="None: about the organisation"
    )
    audience = forms.ChoiceField(choices=Audience.choices, initial=Audience.MEMBERS)
    is_anonymous = forms.BooleanField(
        label="Anonymous: store answers without names", required=False, initial=True
    )

    def __init__(self, *args: Any, user: User, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = managed_communities(user)  # type: ignore[attr-defined]
        if editing:
            del self.fields["community"]


class PulseForm(forms.Form):
    instrument = forms.ChoiceField(label="Pulse", choices=PULSES)
    community = forms.ModelChoiceField(Community.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = managed_communities(user)  # type: ignore[attr-defined]


def managed_communities(user: User) -> Any:
    if user.is_administrator:
        return Community.objects.order_by("name")
    return Community.objects.led_by(user).order_by("name")


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(choices=QuestionKind.choices)
    text = forms.CharField(label="Question", max_length=QUESTION_LIMIT)
    help_text = forms.CharField(max_length=QUESTION_LIMIT, required=False)
    scale = forms.IntegerField(
        label="Points on the scale",
        min_value=2,
        max_value=LARGEST_SCALE,
        required=False,
        help_text="Ratings only; 5 if left empty.",
    )
    low_label = forms.CharField(label="Label of point 1", max_length=60, required=False)
    high_label = forms.CharField(label="Label of the top point", max_length=60, required=False)
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=OPTION_LIMIT * 20,
        help_text="Choice questions only: one option on each line.",
    )
    is_required = forms.BooleanField(label="An answer is required", required=False, initial=True)

    def cleaned(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["options"] = [line for line in data["options"].splitlines() if line.strip()]
        return data

    @classmethod
    def for_question(cls, question: Question, data: Any = None) -> QuestionForm:
        initial = {
            name: getattr(question, name)
            for name in ("kind", "text", "help_text", "scale", "low_label", "high_label")
        }
        initial["is_required"] = question.is_required
        initial["options"] = "\n".join(option.text for option in question.options.all())
        return cls(data, initial=initial)


class OpenForm(forms.Form):
    closes_on = forms.DateField(
        label="Closes at the end of",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty to keep it open until you close it.",
    )

    def closes_at(self) -> datetime.datetime | None:
        day = self.cleaned_data["closes_on"]
        if day is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


class ScheduleForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LIMIT)
    instrument = forms.ChoiceField(label="Pulse", choices=PULSES)
    cadence = forms.ChoiceField(label="Runs", choices=Cadence.choices, initial=Cadence.SIX_MONTHLY)
    community = forms.ModelChoiceField(
        Community.objects.order_by("name"), required=False, empty_label="Every community"
    )
    open_days = forms.IntegerField(label="Days open", min_value=1, max_value=365, initial=21)
    reminder_days = forms.IntegerField(
        label="Remind after (days)", min_value=1, max_value=60, initial=7
    )
    next_run_on = forms.DateField(
        label="Next run",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Not needed for pulses on joining.",
    )
    is_active = forms.BooleanField(label="Running (untick to pause)", required=False, initial=True)


class AnonymityForm(forms.Form):
    minimum = forms.IntegerField(
        label="Smallest group a figure may describe",
        min_value=1,
        max_value=1000,
        help_text="No score, count or chart describes fewer respondents than this. Never below 3.",
    )
    free_text_minimum = forms.IntegerField(
        label="Smallest group whose comments may be shown",
        min_value=1,
        max_value=1000,
        help_text="At least the number above; comments are shown in random order.",
    )


SURVEY_FIELDS = ("title", "introduction", "audience", "is_anonymous")


def survey_initial(survey: Survey) -> dict[str, Any]:
    return {name: getattr(survey, name) for name in SURVEY_FIELDS}

from __future__ import annotations

from django import forms

from convene.goals.models import (
    NOTE_LIMIT,
    REPLY_LIMIT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    CheckIn,
    StretchGoal,
)

RATING_CHOICES = [(choice.value, f"{choice.value} — {choice.label}") for choice in CheckIn.Rating]


class GoalForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_LIMIT,
        help_text="One line you will recognise in a year: “Chair a cross-site meeting well”.",
    )
    success = forms.CharField(
        label="What success looks like",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. Markdown. How would you, and others, notice you had got there?",
    )
    stretch = forms.CharField(
        label="Why it stretches me",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. Markdown. What makes it hard for you; what will you have to learn?",
    )
    target_date = forms.DateField(
        label="Target date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. When you aim to have got there.",
    )
    visibility = forms.ChoiceField(
        label="Who sees it",
        choices=StretchGoal.Visibility.choices,
        initial=StretchGoal.Visibility.PRIVATE,
        widget=forms.RadioSelect,
        help_text=(
            "Shared goals are seen by the people in your published peer groups, who can "
            "encourage you on your check-ins. No one else sees your goals."
        ),
    )


class CheckInForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How far have you got?",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating from 1 to 5."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. Markdown. What did you try, what happened, what next?",
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=REPLY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"A few words of encouragement. At most {REPLY_LIMIT:,} characters.",
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=StretchGoal.Status.choices)


class SharingForm(forms.Form):
    visibility = forms.ChoiceField(choices=StretchGoal.Visibility.choices)

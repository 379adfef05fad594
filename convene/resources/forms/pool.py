"""Forms for the expertise pool and for consents."""

from __future__ import annotations

from typing import Any

from django import forms

from convene.resources.pool import DESCRIPTION_LIMIT, NOTE_LIMIT, SEARCH_LIMIT, TOPIC_LIMIT


class OfferForm(forms.Form):
    topic = forms.CharField(max_length=TOPIC_LIMIT, help_text="What you can help with.")
    description = forms.CharField(
        max_length=DESCRIPTION_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional: your experience, and how you like to work with a team.",
    )
    hours = forms.DecimalField(
        min_value=0.01,
        max_digits=8,
        decimal_places=2,
        help_text="The hours you can give this period.",
    )


class SearchForm(forms.Form):
    q = forms.CharField(max_length=SEARCH_LIMIT, required=False, label="Topic")


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(choices=[("give", "Give"), ("refuse", "Refuse")])
    note = forms.CharField(
        max_length=NOTE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you refuse.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", "Say why in a note when you refuse.")
        return data

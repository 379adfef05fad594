from __future__ import annotations

from typing import Any, cast

from django import forms

from convene.communities.models import Community
from convene.insights.periods import LONGEST_YEARS, Period
from convene.insights.services import InsightError


class PayoffsForm(forms.Form):
    """Which communities and which period the payoffs page and a report cover."""

    community = forms.MultipleChoiceField(
        label="Communities",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to include every community listed.",
    )
    since = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for a year before the end date.",
    )
    until = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=f"Leave empty for today. A period may be up to {LONGEST_YEARS} years long.",
    )

    def __init__(self, *args: Any, communities: list[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.communities = communities
        field = cast(forms.MultipleChoiceField, self.fields["community"])
        field.choices = [(c.slug, c.name) for c in communities]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["period"] = Period.checked(data.get("since"), data.get("until"))
        except InsightError as error:
            raise forms.ValidationError(str(error)) from error
        slugs = set(data.get("community") or [])
        data["chosen"] = [c for c in self.communities if c.slug in slugs] or self.communities
        return data

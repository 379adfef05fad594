"""Forms administrators use to set a period's parameters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from convene.communities.models import Community
from convene.resources.models import Kind
from convene.resources.parameters import NAME_LIMIT

DATE = forms.DateInput(attrs={"type": "date"})
AMOUNT: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


class PeriodForm(forms.Form):
    name = forms.CharField(max_length=NAME_LIMIT, help_text="For example “Q3 2026”.")
    starts_on = forms.DateField(widget=DATE, label="Starts on")
    ends_on = forms.DateField(widget=DATE, label="Ends on")
    round_share = forms.IntegerField(
        min_value=0,
        max_value=100,
        initial=0,
        label="Share for allocation rounds (%)",
        help_text="The most of a community's funding its members may share out in a round. "
        "0 allows no rounds.",
    )


class EnvelopeForm(forms.Form):
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        error_messages={"invalid_choice": "Choose one of the communities."},
    )
    kind = forms.ChoiceField(choices=Kind.choices)
    total = forms.DecimalField(
        min_value=0,
        help_text="Pounds for funding, hours for released time and expert hours.",
        **AMOUNT,
    )

    def __init__(self, *args: Any, communities: QuerySet[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]


class CapForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices)
    amount = forms.DecimalField(
        required=False,
        min_value=0.01,
        label="Most for one project",
        help_text="Leave empty to remove the cap for this kind.",
        **AMOUNT,
    )


class RuleForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices)
    above = forms.DecimalField(
        min_value=0,
        initial=0,
        label="Applies to requests above",
        **AMOUNT,
    )
    needs_convenor = forms.BooleanField(required=False, initial=True, label="The convenor approves")
    needs_sponsor = forms.BooleanField(required=False, label="The sponsor approves")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("needs_convenor") or data.get("needs_sponsor")):
            raise forms.ValidationError("A rule needs the convenor, the sponsor or both.")
        return data

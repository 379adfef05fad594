"""Forms for drafting, submitting and deciding resource requests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from convene.people.models import User
from convene.resources.models import Approval, ExpertOffer, Kind, RequestLine
from convene.resources.requests import PURPOSE_LIMIT, REASON_LIMIT, SUMMARY_LIMIT


class SummaryForm(forms.Form):
    summary = forms.CharField(
        max_length=SUMMARY_LIMIT,
        label="What the resources are for",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what the project will do with them and why it matters.",
    )


class LineForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, label="What you ask for")
    amount = forms.DecimalField(
        min_value=Decimal("0.01"),
        label="Amount",
        help_text="Pounds for funding; hours for released time and expert hours.",
        error_messages={"min_value": "Ask for more than nothing."},
        max_digits=12,
        decimal_places=2,
    )
    purpose = forms.CharField(max_length=PURPOSE_LIMIT)
    person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Whose time (released time only)",
        help_text="A current member of the community; their line manager is asked to consent.",
    )
    offer = forms.ModelChoiceField(
        queryset=ExpertOffer.objects.none(),
        required=False,
        label="Which expert's offer (expert hours only)",
        help_text="The expert is asked to accept.",
    )

    def __init__(
        self,
        *args: Any,
        members: QuerySet[User],
        offers: QuerySet[ExpertOffer],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members  # type: ignore[attr-defined]
        self.fields["offer"].queryset = offers  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=Approval.Decision.choices, widget=forms.RadioSelect, label="Your decision"
    )
    reason = forms.CharField(
        max_length=REASON_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you approve in part or decline.",
    )

    def __init__(self, *args: Any, lines: list[RequestLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            ceiling = line.amount if line.approved is None else line.approved
            self.fields[f"line_{line.pk}"] = forms.DecimalField(
                min_value=Decimal("0"),
                max_value=ceiling,
                initial=ceiling,
                required=False,
                label=f"Approve for “{line.purpose}”",
                max_digits=12,
                decimal_places=2,
            )

    def approved(self) -> dict[int, Decimal]:
        amounts = {}
        for line in self.lines:
            value = self.cleaned_data.get(f"line_{line.pk}")
            if value is not None:
                amounts[line.pk] = value
        return amounts

    def line_fields(self) -> list[tuple[RequestLine, forms.BoundField]]:
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]

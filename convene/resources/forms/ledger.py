"""Forms for claiming spending and logging hours against a project's allocations."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from convene.resources.ledger import DESCRIPTION_LIMIT, whose_hours
from convene.resources.models import Allocation, describe


def allocation_label(allocation: Allocation) -> str:
    """E.g. "Funding, Q4 2026: £150.00 left of £500.00 (Materials)"."""
    kind = allocation.envelope.kind
    source = allocation.line.purpose if allocation.line else "allocation round"
    person = whose_hours(allocation)
    whose = f", {person.full_name}'s hours" if person else ""
    return (
        f"{allocation.envelope.get_kind_display()}, {allocation.envelope.period}: "
        f"{describe(kind, allocation.unspent)} left of {describe(kind, allocation.amount)} "
        f"({source}){whose}"
    )


class _AllocationForm(forms.Form):
    allocation = forms.ChoiceField(label="Allocation")
    # The claim and hours forms share a page, so their fields need ids of their own.
    id_format = "id_%s"

    def __init__(self, *args: Any, allocations: Iterable[Allocation], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", self.id_format)
        super().__init__(*args, **kwargs)
        self.allocations = {str(each.pk): each for each in allocations}
        self.fields["allocation"].choices = [  # type: ignore[attr-defined]
            (key, allocation_label(each)) for key, each in self.allocations.items()
        ]

    def clean_allocation(self) -> Allocation:
        return self.allocations[self.cleaned_data["allocation"]]


class ClaimForm(_AllocationForm):
    id_format = "claim_%s"
    description = forms.CharField(
        max_length=DESCRIPTION_LIMIT, help_text="What the money was spent on."
    )
    amount = forms.DecimalField(
        label="Amount (£)",
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        error_messages={"min_value": "The amount must be more than nothing."},
    )
    receipt = forms.FileField(
        required=False,
        help_text="Optional: a PDF, PNG or JPEG of at most 5 MB. Only people who can see "
        "the project can open it.",
    )


class HoursForm(_AllocationForm):
    id_format = "hours_%s"
    hours = forms.DecimalField(
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        error_messages={"min_value": "The hours must be more than nothing."},
    )
    worked_on = forms.DateField(
        label="Worked on",
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
        help_text="The day the work was done; not a day still to come.",
    )
    note = forms.CharField(
        max_length=DESCRIPTION_LIMIT, required=False, help_text="Optional: what was done."
    )

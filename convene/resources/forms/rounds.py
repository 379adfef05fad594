"""Forms for allocation rounds: open one, enter a project, pledge."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from convene.projects.models import Project
from convene.resources.rounds import TITLE_LIMIT


def _pounds(label: str, help_text: str, *, least: str = "0.01") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=Decimal(least),
        max_digits=12,
        decimal_places=2,
        error_messages={
            "min_value": "Give more than nothing."
            if least != "0"
            else "It cannot be below nothing.",
            "invalid": "Give a number of pounds, such as 250 or 12.50.",
            "max_decimal_places": "Give pounds and pence, to two decimal places.",
        },
    )


class OpenRoundForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LIMIT, help_text="Such as “Small ideas, spring”.")
    pot = _pounds(
        "Pot (£)",
        "What members share out. It is split equally among the current members, and is at "
        "most the period's share for rounds of the funding envelope.",
    )
    closes_on = forms.DateField(
        label="Closes on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Members pledge until the day before; on this day the round closes and "
        "entries that reached their minimum are funded.",
    )


class EntryForm(forms.Form):
    project = forms.ModelChoiceField(queryset=Project.objects.none(), label="Project")
    minimum = _pounds(
        "Minimum (£)", "The least the project can work with; below it, it gets nothing."
    )
    target = _pounds("Target (£)", "The most it takes; pledges stop when it is reached.")

    def __init__(self, *args: Any, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]


class PledgeForm(forms.Form):
    amount = _pounds(
        "Your pledge (£)",
        "Set it to 0 to take your pledge back. Pledges, including to your own project, are "
        "visible to everyone who can see the round.",
        least="0",
    )

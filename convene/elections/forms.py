from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from convene.elections.models import (
    HORIZON,
    REASON_LIMIT,
    STATEMENT_LIMIT,
    Ballot,
    Election,
    TermPolicy,
)
from convene.people.models import User

ORDINALS = ("1st", "2nd", "3rd")
# Django's own message repeats the value sent; a ballot's error never echoes a choice.
NOT_A_CANDIDATE = {"invalid_choice": "Choose from the candidates standing."}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class WindowForm(forms.Form):
    voting_opens_at = forms.DateTimeField(
        label="Voting opens", widget=DATETIME, help_text="Nominations close when voting opens."
    )
    voting_closes_at = forms.DateTimeField(label="Voting closes", widget=DATETIME)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("voting_opens_at"), data.get("voting_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("voting_closes_at", "Voting must close after it opens.")
        if closes and closes > timezone.now() + HORIZON:
            self.add_error("voting_closes_at", "Voting must close within five years.")
        return data


class ElectionForm(WindowForm):
    method = forms.ChoiceField(
        choices=Election.Method.choices,
        initial=Election.Method.RANKED,
        help_text="With a single candidate, members are asked for their consent instead.",
    )
    term_starts_on = forms.DateField(
        label="The new term starts on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave blank for the day after the current term ends, or after voting closes.",
    )

    def clean_term_starts_on(self) -> Any:
        starts_on = self.cleaned_data.get("term_starts_on")
        if starts_on and starts_on > (timezone.now() + HORIZON).date():
            raise forms.ValidationError("The new term must start within five years.")
        return starts_on


class PolicyForm(forms.ModelForm):
    class Meta:
        model = TermPolicy
        fields = ["term_months", "quorum_percent", "reminder_days"]
        labels = {
            "term_months": "Term length in months",
            "quorum_percent": "Quorum (% of members who must vote)",
            "reminder_days": "Open the next nominations this many days before a term ends",
        }


class NominationForm(forms.Form):
    nominee = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Member to nominate", to_field_name="handle"
    )
    statement = forms.CharField(
        required=False,
        max_length=STATEMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only when you nominate yourself: what you would bring as convenor. "
        "Someone you nominate writes their own when they accept.",
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = members  # type: ignore[attr-defined]


class ResponseForm(forms.Form):
    response = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
    statement = forms.CharField(
        required=False,
        max_length=STATEMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Your statement (optional)",
        help_text="Shown to members beside your name: why you are standing and what you offer.",
    )


class BallotForm(forms.Form):
    """A ranked, approval or consent ballot over the election's candidates."""

    def __init__(self, *args: Any, kind: str, candidates: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == "ranked":
            blank = [("", "No further preference")]
            for number in range(1, len(candidates) + 1):
                label = f"{ORDINALS[number - 1] if number <= 3 else f'{number}th'} choice"
                self.fields[f"rank_{number}"] = forms.ChoiceField(
                    label=label,
                    choices=blank + candidates,
                    required=number == 1,
                    error_messages=NOT_A_CANDIDATE,
                )
        elif kind == "approval":
            self.fields["approve"] = forms.MultipleChoiceField(
                label="Candidates you approve of",
                choices=candidates,
                widget=forms.CheckboxSelectMultiple,
                error_messages=NOT_A_CANDIDATE,
            )
        else:
            self.fields["consent"] = forms.ChoiceField(
                label="Your answer", choices=Ballot.Consent.choices, widget=forms.RadioSelect
            )
            self.fields["reason"] = forms.CharField(
                required=False,
                max_length=REASON_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Needed if you object: published with the result, without your name.",
            )

    def ballot(self) -> dict[str, Any]:
        """The service's arguments for this ballot."""
        data = self.cleaned_data
        if self.kind == "ranked":
            ranks = sorted(k for k in data if k.startswith("rank_"))
            ranked = [data[k] for k in sorted(ranks, key=lambda k: int(k[5:])) if data[k]]
            return {"choices": ranked}
        if self.kind == "approval":
            return {"choices": data["approve"]}
        return {"consent": data["consent"], "reason": data.get("reason", "")}

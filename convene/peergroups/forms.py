from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from convene.communities.models import Community
from convene.peergroups.models import (
    MESSAGE_LIMIT,
    WEIGHT_MAX,
    Availability,
    DiversityWeights,
    Round,
)
from convene.peergroups.services import MAX_RECENT_ROUNDS

SIZE_HELP = "Leave blank for the usual size: triads 3 to 4, learning sets 4 to 6, teams 4 to 7."


class RoundForm(forms.Form):
    title = forms.CharField(max_length=120, help_text="For example “Spring peer coaching triads”.")
    kind = forms.ChoiceField(choices=Round.Kind.choices, initial=Round.Kind.TRIAD)
    communities = forms.ModelMultipleChoiceField(
        queryset=Community.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Groups are formed from the current members of every community you tick.",
    )
    min_size = forms.IntegerField(
        label="Fewest people in a group", required=False, min_value=2, max_value=12
    )
    max_size = forms.IntegerField(
        label="Most people in a group",
        required=False,
        min_value=2,
        max_value=12,
        help_text=SIZE_HELP,
    )
    avoid_line_managers = forms.BooleanField(
        label="Keep line managers apart from their reports", required=False, initial=True
    )
    avoid_recent_rounds = forms.IntegerField(
        label="Keep apart people grouped together in the latest … rounds",
        min_value=0,
        max_value=MAX_RECENT_ROUNDS,
        initial=2,
    )

    def __init__(self, *args: Any, communities: QuerySet[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = communities  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_size"), data.get("max_size")
        if low and high and high < low:
            self.add_error("max_size", "The most must be at least the fewest.")
        return data


class MoveForm(forms.Form):
    person = forms.SlugField(
        max_length=60, label="Who", help_text="Their handle, shown after their name: ffion-morgan."
    )
    to_group = forms.IntegerField(label="To group number", min_value=1)


class SwapForm(forms.Form):
    first = forms.SlugField(max_length=60, label="Swap", help_text="A handle.")
    second = forms.SlugField(max_length=60, label="With", help_text="A handle in another group.")


class WeightsForm(forms.ModelForm):
    class Meta:
        model = DiversityWeights
        fields = list(DiversityWeights.FEATURES)
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "max": WEIGHT_MAX})
            for name in DiversityWeights.FEATURES
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in DiversityWeights.FEATURES:
            value = data.get(name)
            if value is not None and value > WEIGHT_MAX:
                self.add_error(name, f"Use a whole number from 0 to {WEIGHT_MAX}.")
        if all(data.get(name) == 0 for name in DiversityWeights.FEATURES):
            raise forms.ValidationError("At least one difference must count.")
        return data


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MESSAGE_LIMIT,
        help_text="Markdown. Only your group reads this.",
    )


class ProposalForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    minutes = forms.TypedChoiceField(
        label="Length",
        coerce=int,
        choices=[
            (30, "30 minutes"),
            (45, "45 minutes"),
            (60, "1 hour"),
            (90, "1½ hours"),
            (120, "2 hours"),
        ],
        initial=60,
    )
    place = forms.CharField(
        max_length=200, required=False, help_text="A room, or a link to an online meeting."
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=Availability.Answer.choices)

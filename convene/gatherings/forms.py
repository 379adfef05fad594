from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms

from convene.gatherings import formats
from convene.gatherings.models import (
    DEFAULT_TIME_ZONE,
    INTENTION_LIMIT,
    NOTES_LIMIT,
    TITLE_LIMIT,
    Rsvp,
)
from convene.gatherings.services import DEFAULT_FOLLOW_UP_WEEKS, FOLLOW_UP_WEEKS
from convene.people.models import User

COMMON_ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
    "UTC",
)
LOCAL_INPUT = "%Y-%m-%dT%H:%M"
AGENDA_HELP = (
    "One step a line: minutes | title | what happens. Leave it blank to use the format's "
    "timed agenda, or start from a format above and change it as you like."
)


def zone_choices() -> list[tuple[str, str]]:
    others = sorted(zoneinfo.available_timezones() - set(COMMON_ZONES))
    return [(zone, zone.replace("_", " ")) for zone in (*COMMON_ZONES, *others)]


class FacilitatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class GatheringForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_LIMIT, help_text="For example “Troika Consulting: winter pressures”."
    )
    format = forms.ChoiceField(
        label="Facilitation format", choices=formats.CHOICES, initial=formats.TROIKA_CONSULTING.key
    )
    starts_at = forms.DateTimeField(
        label="Starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    ends_at = forms.DateTimeField(
        label="Ends",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        initial=DEFAULT_TIME_ZONE,
        help_text="The start and end are clock times in this zone.",
    )
    place = forms.CharField(max_length=200, required=False, help_text="A room and building.")
    online_link = forms.URLField(
        label="Online link", max_length=500, required=False, help_text="A video-call link."
    )
    capacity = forms.IntegerField(
        min_value=1, max_value=10000, required=False, help_text="Leave blank for no limit."
    )
    facilitator = FacilitatorChoice(queryset=User.objects.none(), required=False)
    agenda = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 9}), required=False, help_text=AGENDA_HELP
    )

    def __init__(
        self, *args: Any, members: Any, prefill_url: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices()  # type: ignore[attr-defined]
        self.fields["facilitator"].queryset = members  # type: ignore[attr-defined]
        if prefill_url:
            # Choosing a format swaps in its timed agenda; without JavaScript, the links
            # above the form do the same.
            self.fields["format"].widget.attrs.update(
                {
                    "hx-get": prefill_url,
                    "hx-select": "#id_agenda",
                    "hx-target": "#id_agenda",
                    "hx-swap": "outerHTML",
                }
            )

    def clean_agenda(self) -> list[dict[str, object]]:
        try:
            return formats.parse_agenda(self.cleaned_data.get("agenda", ""))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "A gathering must end after it starts.")
        return data

    def for_service(self) -> dict[str, Any]:
        """The cleaned data as the services take it: wall-clock times, read in the zone."""
        data = dict(self.cleaned_data)
        for name in ("starts_at", "ends_at"):
            data[name] = data[name].replace(tzinfo=None)
        return data


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(choices=Rsvp.Answer.choices, widget=forms.RadioSelect)


class AttendanceForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Who came",
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda person: person.full_name  # type: ignore[attr-defined]


class NotesForm(forms.Form):
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=NOTES_LIMIT,
        required=False,
        help_text="Markdown. Every member who can see the gathering reads these.",
    )


class IntentionForm(forms.Form):
    text = forms.CharField(
        label="What will you apply?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=INTENTION_LIMIT,
        help_text="One thing you will try at work, in a sentence or two. Only you see this.",
    )
    follow_up_weeks = forms.TypedChoiceField(
        label="Ask me how it went in",
        coerce=int,
        choices=[(weeks, f"{weeks} weeks") for weeks in FOLLOW_UP_WEEKS],
        initial=DEFAULT_FOLLOW_UP_WEEKS,
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=INTENTION_LIMIT,
        help_text="What you tried, what changed, and what you would do differently.",
    )

"""Forms for maps and effects; choice lists come from rows the view already holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from convene.communities.models import Community
from convene.people.models import User
from convene.ripples.models import (
    CAPITALS_HELP,
    CENTRE_LIMIT,
    EFFECT_LIMIT,
    EVIDENCE_LIMIT,
    NAME_LIMIT,
    NOTE_LIMIT,
    TITLE_LIMIT,
    URL_LIMIT,
    Capital,
    Effect,
    Level,
    RippleMap,
)
from convene.ripples.services import EffectDetails

CENTRE = ""
PROGRAMME = "programme"
NOBODY = [("", "No one named")]
YES_NO = [("yes", "Yes"), ("no", "No")]
DATE = forms.DateInput(attrs={"type": "date"})


class MapForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LIMIT, help_text="For example “A year of LTC”.")
    centre = forms.CharField(
        max_length=CENTRE_LIMIT,
        help_text="The programme or piece of work at the middle of the map.",
    )
    session_date = forms.DateField(label="Session date", widget=DATE)
    visibility = forms.ChoiceField(
        label="Who sees it",
        choices=RippleMap.Visibility.choices,
        initial=RippleMap.Visibility.COMMUNITY,
        widget=forms.RadioSelect,
        help_text="A private community's maps stay inside it, whichever you choose.",
    )


class NewMapForm(MapForm):
    community = forms.ChoiceField(label="Map for", help_text="A community you convene.")

    field_order = ["community", "title", "centre", "session_date", "visibility"]

    def __init__(
        self, *args: Any, communities: Sequence[Community], programme: bool, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.by_slug = {community.slug: community for community in communities}
        choices = [(community.slug, community.name) for community in communities]
        if programme:
            choices.insert(0, (PROGRAMME, "The whole programme"))
        self.fields["community"].choices = choices  # type: ignore[attr-defined]

    def chosen_community(self) -> Community | None:
        return self.by_slug.get(self.cleaned_data["community"])


class PeopleChoiceField(forms.ChoiceField):
    """A choice of person from a list the view fetched once, returned as a User or None."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people: dict[str, User] = {}

    def offer(self, people: Sequence[User], *, optional: bool) -> None:
        self.people = {str(person.pk): person for person in people}
        named = [(str(person.pk), person.full_name) for person in people]
        self.choices = NOBODY + named if optional else named

    def clean(self, value: Any) -> User | None:
        return self.people.get(super().clean(value))


class EditMapForm(MapForm):
    facilitator = PeopleChoiceField(help_text="Leads the conversation in the session.")
    map_maker = PeopleChoiceField(
        label="Map-maker", help_text="Draws the map live and places what participants add."
    )

    def __init__(self, *args: Any, people: Sequence[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("facilitator", "map_maker"):
            self.fields[name].offer(people, optional=False)  # type: ignore[attr-defined]


class EffectChoiceField(forms.ChoiceField):
    """A choice of effect on the map, or the centre, from effects the view already holds."""

    def offer(self, effects: Sequence[Effect], *, centre: str | None) -> None:
        self.effects = {str(effect.pk): effect for effect in effects}
        choices = [(str(effect.pk), f"{effect.level} · {effect.text[:80]}") for effect in effects]
        self.choices = [(CENTRE, centre), *choices] if centre else choices

    def clean(self, value: Any) -> Effect | None:
        return self.effects.get(super().clean(value))


class EffectForm(forms.Form):
    text = forms.CharField(
        label="What changed?",
        max_length=EFFECT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One change, in a sentence: who did what differently, and what followed.",
    )
    parent = EffectChoiceField(
        label="Grew from", required=False, help_text="The change this one followed from."
    )
    level = forms.TypedChoiceField(
        label="Ripple level",
        choices=Level.choices,
        coerce=int,
        initial=Level.PARTICIPANTS,
        help_text="How far out it reached: the further from the participants, the higher.",
    )
    capitals = forms.MultipleChoiceField(
        label="Community capitals",
        choices=Capital.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=CAPITALS_HELP,
    )
    valence = forms.ChoiceField(
        label="Was it positive or negative?",
        choices=Effect.Valence.choices,
        initial=Effect.Valence.POSITIVE,
        widget=forms.RadioSelect,
        help_text="Negative effects belong on the map too.",
    )
    intended = forms.TypedChoiceField(
        label="Was it intended?",
        choices=YES_NO,
        coerce=lambda answer: answer == "yes",
        initial="yes",
        widget=forms.RadioSelect,
    )
    storyteller = PeopleChoiceField(label="Told by", required=False)
    pseudonym = forms.CharField(
        label="Or show the storyteller as",
        max_length=NAME_LIMIT,
        required=False,
        help_text="For example “a participant”. Shown instead of the name, and in exports.",
    )
    happened_on = forms.DateField(label="When it happened", required=False, widget=DATE)
    evidence = forms.CharField(
        max_length=EVIDENCE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What shows it happened: a document, a figure, a comment.",
    )
    evidence_url = forms.CharField(
        label="Evidence link", max_length=URL_LIMIT, required=False, help_text="A web address."
    )
    witness = PeopleChoiceField(
        required=False,
        help_text="Someone who saw it happen; they are asked to confirm it.",
    )

    def __init__(
        self,
        *args: Any,
        ripple_map: RippleMap,
        placed: Sequence[Effect],
        people: Sequence[User],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["parent"].offer(placed, centre=ripple_map.centre[:80])  # type: ignore[attr-defined]
        for name in ("storyteller", "witness"):
            self.fields[name].offer(people, optional=True)  # type: ignore[attr-defined]

    def details(self) -> EffectDetails:
        return EffectDetails(**self.cleaned_data)


def effect_initial(effect: Effect) -> dict[str, Any]:
    return {
        "text": effect.text,
        "parent": str(effect.parent_id or CENTRE),
        "level": effect.level,
        "capitals": effect.capital_codes,
        "valence": effect.valence,
        "intended": "yes" if effect.intended else "no",
        "storyteller": str(effect.storyteller_id or ""),
        "pseudonym": effect.pseudonym,
        "happened_on": effect.happened_on,
        "evidence": effect.evidence,
        "evidence_url": effect.evidence_url,
        "witness": str(effect.witness_id or ""),
    }


class PlaceForm(forms.Form):
    parent = EffectChoiceField(required=False)
    level = forms.TypedChoiceField(choices=Level.choices, coerce=int)

    def __init__(self, *args: Any, ripple_map: RippleMap, placed: Sequence[Effect], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["parent"].offer(placed, centre=ripple_map.centre[:80])  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    target = EffectChoiceField(label="Merge into")

    def __init__(self, *args: Any, placed: Sequence[Effect], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["target"].offer(placed, centre=None)  # type: ignore[attr-defined]


class ConfirmForm(forms.Form):
    answer = forms.ChoiceField(
        label="Can you confirm this happened?",
        choices=[("confirmed", "Yes, I can confirm it"), ("not_confirmed", "No, I cannot")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        max_length=NOTE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: what you saw, or why you cannot confirm it.",
    )

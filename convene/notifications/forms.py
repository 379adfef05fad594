from __future__ import annotations

from django import forms

from convene.notifications.models import Preference


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label="E-mail me about notifications",
        choices=Preference.Email.choices,
        widget=forms.RadioSelect,
    )

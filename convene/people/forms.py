from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify

from convene.people.models import Expertise, Function, Site, User


class DirectoryFilterForm(forms.Form):
    """Search and filters for the people directory; unknown values are form errors."""

    q = forms.CharField(required=False, max_length=100, label="Search", widget=forms.SearchInput)
    function = forms.ModelChoiceField(
        queryset=Function.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any function",
    )
    level = forms.ChoiceField(choices=[("", "Any level"), *User.Level.choices], required=False)
    site = forms.ModelChoiceField(
        queryset=Site.objects.all(), to_field_name="slug", required=False, empty_label="Any site"
    )
    expertise = forms.ModelChoiceField(
        queryset=Expertise.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any expertise",
    )

    def filter(self, people: Any) -> Any:
        data = self.cleaned_data
        people = people.search(data["q"])
        if data["function"]:
            people = people.filter(org_unit__function=data["function"])
        if data["level"]:
            people = people.filter(level=data["level"])
        if data["site"]:
            people = people.filter(site=data["site"])
        if data["expertise"]:
            people = people.filter(expertise=data["expertise"])
        return people


class ProfileForm(forms.ModelForm):
    expertise_names = forms.CharField(
        label="Expertise",
        required=False,
        max_length=500,
        help_text="Comma-separated, for example: budgeting, change management, coaching.",
    )

    class Meta:
        model = User
        fields = ["full_name", "job_title", "bio", "perspectives"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "perspectives": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            names = self.instance.expertise.values_list("name", flat=True)
            self.fields["expertise_names"].initial = ", ".join(names)

    def clean_expertise_names(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["expertise_names"].split(",")]
        names = [name for name in dict.fromkeys(names) if name]
        if len(names) > 15:
            raise forms.ValidationError("Choose at most 15 areas of expertise.")
        for name in names:
            if len(name) > 60 or not slugify(name):
                raise forms.ValidationError(f"“{name[:60]}” is not a usable expertise tag.")
        return names

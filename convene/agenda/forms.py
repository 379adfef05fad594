from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from convene.agenda.models import (
    RESPONSE_LIMIT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    ContributionVersion,
    Issue,
    Response,
)
from convene.agenda.services import ActionPlan, addressees
from convene.communities.models import Community
from convene.people.models import User
from convene.projects.models import Project

MARKDOWN = "Markdown: **bold**, *italic*, lists and links."


class IssueForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LIMIT)
    description = forms.CharField(
        max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 8}), help_text=MARKDOWN
    )
    timing = forms.ChoiceField(
        label="Is it actual or emerging?",
        choices=Issue.Timing.choices,
        widget=forms.RadioSelect,
        initial=Issue.Timing.ACTUAL,
        help_text="Actual: with us now. Emerging: we can see it coming.",
    )
    nature = forms.ChoiceField(
        label="Is it adaptive or technical?",
        choices=Issue.Nature.choices,
        widget=forms.RadioSelect,
        initial=Issue.Nature.ADAPTIVE,
        help_text="Technical: experts know the answer. Adaptive: people must learn and change.",
    )
    tags = forms.CharField(required=False, max_length=250, help_text="Separate tags with commas.")

    def for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["tags"] = [t for t in data["tags"].split(",") if t.strip()]
        return data


class TakeUpForm(forms.Form):
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(), to_field_name="slug", label="For the community"
    )

    def __init__(self, *args: Any, communities: QuerySet[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Issue.Status.choices)


class VersionForm(forms.Form):
    analysis = forms.CharField(
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What is going on, and why. " + MARKDOWN,
    )
    options = forms.CharField(
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The ways forward you considered.",
    )
    recommendation = forms.CharField(
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you advise, and what you ask of the executive.",
    )
    note = forms.CharField(
        required=False, max_length=300, label="What changed", help_text="In a sentence."
    )

    @classmethod
    def from_version(cls, version: ContributionVersion | None) -> VersionForm:
        if version is None:
            return cls()
        return cls(initial={name: getattr(version, name) for name in version.SECTIONS})


class ContributionForm(VersionForm):
    title = forms.CharField(max_length=TITLE_LIMIT)
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="A group of members from several communities",
        help_text="Your communities that have taken the issue up.",
    )
    contributors = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        to_field_name="handle",
        required=False,
        help_text="For a group: the members drafting with you.",
    )
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        required=False,
        empty_label="None",
        help_text="Optional: a project of the same community that the contribution draws on "
        "or proposes.",
        error_messages={"invalid_choice": "Choose a project of your community."},
    )
    field_order = [
        "title",
        "community",
        "contributors",
        "project",
        "analysis",
        "options",
        "recommendation",
    ]

    def __init__(self, *args: Any, communities: QuerySet[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["note"]
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        self.fields["project"].queryset = project_choices(communities)  # type: ignore[attr-defined]
        self.fields["contributors"].queryset = User.objects.active()  # type: ignore[attr-defined]


def project_choices(communities: QuerySet[Community]) -> QuerySet[Project]:
    return (
        Project.objects.filter(community__in=communities)
        .select_related("community")
        .order_by("community__name", "title", "id")
    )


class ProjectLinkForm(forms.Form):
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        required=False,
        empty_label="None",
        label="Project",
        help_text="A project of the community that this contribution draws on or proposes.",
        error_messages={"invalid_choice": "Choose a project of the contribution's community."},
    )

    def __init__(self, *args: Any, communities: QuerySet[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = project_choices(communities)  # type: ignore[attr-defined]


class SubmitForm(forms.Form):
    addressed_to = forms.ModelChoiceField(
        queryset=User.objects.none(),
        to_field_name="handle",
        label="Submit to",
        help_text="An executive or a community's sponsor.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["addressed_to"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in addressees()])  # type: ignore[attr-defined]


class ResponseForm(forms.Form):
    outcome = forms.ChoiceField(choices=Response.Outcome.choices, widget=forms.RadioSelect)
    body = forms.CharField(
        label="Your response",
        required=False,
        max_length=RESPONSE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Required when you decline (your reasons) or ask for more. " + MARKDOWN,
    )
    actions = forms.CharField(
        label="Agreed follow-up actions",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line: what | owner's handle | due date (YYYY-MM-DD).",
    )

    def clean_actions(self) -> list[ActionPlan]:
        plans = []
        for number, line in enumerate(self.cleaned_data["actions"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3:
                raise forms.ValidationError(f"Line {number}: write what | handle | date.")
            text, handle, due = parts
            owner = User.objects.active().filter(handle=handle.lstrip("@")).first()
            if owner is None:
                raise forms.ValidationError(f"Line {number}: no one has the handle “{handle}”.")
            try:
                due_on = datetime.date.fromisoformat(due)
            except ValueError:
                raise forms.ValidationError(
                    f"Line {number}: write the date as YYYY-MM-DD."
                ) from None
            plans.append(ActionPlan(text, owner, due_on))
        return plans

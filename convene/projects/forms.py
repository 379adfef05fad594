from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from convene.agenda.models import Issue
from convene.discussions.models import Post
from convene.people.models import OrgUnit, User
from convene.projects.models import TEXT_LIMIT, TITLE_LIMIT, Innovation, Project
from convene.projects.services import NOTE_LIMIT, REASON_LIMIT, ROLE_NAME_LIMIT, SUMMARY_LIMIT

MARKDOWN = "Markdown: **bold**, *italic*, lists and links."
DATE = forms.DateInput(attrs={"type": "date"})


def _area(rows: int = 6, limit: int = TEXT_LIMIT, help_text: str = "", **options: Any) -> Any:
    return forms.CharField(
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=f"{help_text} {MARKDOWN}".strip(),
        **options,
    )


class ProjectForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LIMIT)
    problem = _area(label="The problem", help_text="What is wrong, for whom, and why it matters.")
    intended_outcomes = _area(label="Intended outcomes", help_text="What will be different.")
    challenge = forms.ChoiceField(
        label="Is the challenge adaptive or technical?",
        choices=Project.Challenge.choices,
        widget=forms.RadioSelect,
        initial=Project.Challenge.ADAPTIVE,
        help_text="Technical: experts know the answer. Adaptive: people must learn and change.",
    )
    discussion = forms.ModelChoiceField(
        queryset=Post.objects.none(),
        required=False,
        label="Conversation",
        help_text="Optional: the community conversation the project grew from.",
        error_messages={"invalid_choice": "Choose a conversation from this community."},
    )
    issue = forms.ModelChoiceField(
        queryset=Issue.objects.none(),
        required=False,
        label="Organisational issue",
        empty_label="None",
        help_text="Optional: the issue on the organisational agenda that the project works on.",
        error_messages={"invalid_choice": "Choose an issue from the organisational agenda."},
    )

    def __init__(
        self, *args: Any, posts: QuerySet[Post], issues: QuerySet[Issue], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discussion"].queryset = posts  # type: ignore[attr-defined]
        self.fields["issue"].queryset = issues  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=REASON_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoleForm(forms.Form):
    name = forms.CharField(max_length=ROLE_NAME_LIMIT, label="Role")
    person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="Open: a member volunteers",
        help_text="Leave it open for a member to volunteer, or choose who takes it.",
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members  # type: ignore[attr-defined]


class FillForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label="Who takes the role")

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members  # type: ignore[attr-defined]


class UpdateForm(forms.Form):
    body = _area(label="Update", help_text="What happened, what you learned, what is next.")


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LIMIT, label="Milestone")
    due_on = forms.DateField(label="Due on", widget=DATE)


class CloseOutForm(forms.Form):
    expected_outcomes = _area(label="What we expected")
    actual_outcomes = _area(label="What actually happened")
    lessons = _area(label="Lessons learned")
    review_on = forms.DateField(
        label="Review on",
        widget=DATE,
        help_text="The leads are reminded on this day to look back at what lasted.",
    )


class InnovationForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LIMIT)
    summary = forms.CharField(
        max_length=SUMMARY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Everyone in the organisation reads this, whatever the community.",
    )
    status = forms.ChoiceField(choices=Innovation.Status.choices, initial=Innovation.Status.IDEA)
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.select_related("function"),
        required=False,
        label="Unit piloting or adopting it",
    )


class AdoptionForm(forms.Form):
    status = forms.ChoiceField(choices=Innovation.Status.choices)
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.select_related("function"),
        required=False,
        label="Unit piloting or adopting it",
    )
    note = forms.CharField(max_length=NOTE_LIMIT, required=False)


class ProjectFilterForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[("all", "All I can see"), ("mine", "My projects")], required=False
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), *Project.Status.choices], required=False
    )

from __future__ import annotations

from typing import Any

from django import forms

from convene.communities.models import CHARTER_TEXT_LIMIT, CharterVersion, Community, Membership
from convene.people.models import User


class PersonChoiceField(forms.ModelChoiceField):
    """Choose an active person by handle, shown by name and job title."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", User.objects.active().select_related("org_unit"))
        super().__init__(to_field_name="handle", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} — {obj.job_title}" if obj.job_title else obj.full_name


class CommunityFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search")
    scope = forms.ChoiceField(
        required=False,
        label="Show",
        choices=[("all", "All I can see"), ("mine", "Only mine")],
    )


class CommunityCreateForm(forms.Form):
    name = forms.CharField(max_length=120)
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="What the community is for and how it works. Markdown.",
    )
    visibility = forms.ChoiceField(choices=Community.Visibility.choices)
    convenor = PersonChoiceField(help_text="The first convenor, until the community elects one.")
    sponsor = PersonChoiceField(
        required=False,
        queryset=User.objects.active().filter(is_executive=True),
        help_text="An executive who holds the community's resources.",
    )


class CommunityEditForm(forms.Form):
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)
    visibility = forms.ChoiceField(choices=Community.Visibility.choices)


class SponsorForm(forms.Form):
    sponsor = PersonChoiceField(
        required=False,
        queryset=User.objects.active().filter(is_executive=True),
        help_text="Leave empty to remove the sponsor.",
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: why you would like to join, for the convenors.",
    )


class InvitationForm(forms.Form):
    invitee = PersonChoiceField(label="Person to invite")
    message = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = community.memberships.current().values("user")
        field = self.fields["invitee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.active().exclude(pk__in=members)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class InvitationResponseForm(forms.Form):
    response = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])

    @property
    def accepts(self) -> bool:
        return self.cleaned_data["response"] == "accept"


def _charter_text(label: str, help_text: str, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=CHARTER_TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CharterVersionForm(forms.Form):
    purpose = _charter_text(
        "Purpose", "Why the community exists and whom it is for. Markdown.", required=True
    )
    norms = _charter_text(
        "Norms", "How members treat one another, and what stays in the room. Markdown."
    )
    rhythm = _charter_text(
        "Rhythm of meeting", "How often, where and in what format the community meets. Markdown."
    )
    offer = _charter_text(
        "What we offer the organisation",
        "What the organisation can expect from the community, and ask of it. Markdown.",
    )
    note = forms.CharField(
        label="What changed",
        required=False,
        max_length=CharterVersion._meta.get_field("note").max_length,
        help_text="A sentence for the history, such as “Norms agreed at the March gathering”.",
    )
    # Set by the "Save and propose" button rather than shown as a field.
    propose = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CharterCommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=CHARTER_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown.",
    )


class CharterCompareForm(forms.Form):
    """Choose two versions by number: ?from=N&to=M."""

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(number, f"Version {number}") for number in numbers]
        # "from" is a Python keyword, so the fields are added by name here.
        self.fields["from"] = forms.TypedChoiceField(label="From", choices=choices, coerce=int)
        self.fields["to"] = forms.TypedChoiceField(label="To", choices=choices, coerce=int)

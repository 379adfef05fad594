from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from convene.communities.models import Community
from convene.people.models import User
from convene.values.models import (
    DESCRIPTION_LIMIT,
    NAME_LIMIT,
    STORY_LIMIT,
    TEAM_LIMIT,
    TITLE_LIMIT,
    Value,
    ValueStory,
)


class ValueForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_LIMIT,
        help_text="Short and in the organisation's own words, such as “We speak up”.",
    )
    description = forms.CharField(
        required=False,
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. What living this value looks like day to day, in a sentence or two.",
    )


class StoryForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_LIMIT,
        help_text="One line, such as “Owned the missed deadline in front of the board”.",
    )
    values = forms.ModelMultipleChoiceField(
        label="Which values did they live?",
        queryset=Value.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one of the organisation's values."},
    )
    body = forms.CharField(
        label="What happened",
        max_length=STORY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown. What they did, what difference it made, and why it showed the value.",
    )
    happened_on = forms.DateField(
        label="When it happened",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day, or near enough.",
    )
    about_person = forms.ModelChoiceField(
        label="Who it is about",
        queryset=User.objects.none(),
        to_field_name="handle",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Optional. Their handle, as in the address of their profile (for example "
        "sam-okafor), or your own. They are told, and may hide the story.",
        error_messages={"invalid_choice": "No one using Convene has that handle."},
    )
    about_team = forms.CharField(
        label="Or the team",
        max_length=TEAM_LIMIT,
        required=False,
        help_text="Optional, such as “the Leeds night shift”.",
    )
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="None: it did not come from a community",
        help_text="Optional. The community the story came from.",
    )
    beyond_community = forms.BooleanField(
        label="It happened beyond the community, in their wider work",
        required=False,
        initial=True,
        help_text="A ripple effect: the community's work showing elsewhere. A story from no "
        "community always counts as beyond communities.",
    )
    audience = forms.ChoiceField(
        label="Who may read it",
        choices=ValueStory.Audience.choices,
        initial=ValueStory.Audience.ORGANISATION,
        widget=forms.RadioSelect,
        help_text="Stories from a private community are always kept to its members.",
    )

    def __init__(
        self, *args: Any, user: User, story: ValueStory | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        kept_value = Q(stories=story) if story else Q(pk__in=[])
        kept_community = Q(pk=story.community_id) if story and story.community_id else Q(pk=None)
        fields = self.fields
        fields["values"].queryset = Value.objects.filter(Q(is_active=True) | kept_value).distinct()  # type: ignore[attr-defined]
        fields["about_person"].queryset = User.objects.active()  # type: ignore[attr-defined]
        fields["community"].queryset = Community.objects.filter(  # type: ignore[attr-defined]
            Q(pk__in=Community.objects.readable_by(user).values("pk")) | kept_community
        )


def story_initial(story: ValueStory) -> dict[str, Any]:
    """The form's fields filled from a story, for editing it."""
    return {
        "title": story.title,
        "values": list(story.values.all()),
        "body": story.body,
        "happened_on": story.happened_on,
        "about_person": story.about_person,
        "about_team": story.about_team,
        "community": story.community,
        "beyond_community": story.beyond_community,
        "audience": story.audience,
    }

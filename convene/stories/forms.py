from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from convene.agenda.models import Contribution
from convene.communities.models import Community
from convene.discussions.models import Post
from convene.gatherings.models import Gathering
from convene.people.models import User
from convene.projects.models import Project
from convene.stories.models import (
    CYCLE_HELP,
    CYCLE_SOURCE,
    ENDING_LIMIT,
    STEP_LIMIT,
    TITLE_LIMIT,
    Cycle,
    LinkKind,
    Step,
    Story,
    three_months_after,
)
from convene.stories.services import Sharing, StepDraft

# How many of each kind of thing the "came from" list offers: the most recent.
LINK_CHOICES_PER_KIND = 25
QUOTING_CHOICES = [
    ("name", "Quote me by name"),
    ("anonymous", "Quote without my name: “a member of” the story's community"),
]


def cycle_help() -> str:
    items = format_html_join(
        "", "<li><strong>{}</strong>: {}</li>", ((c.label, CYCLE_HELP[c]) for c in Cycle)
    )
    return format_html("{} <ul>{}</ul>", CYCLE_SOURCE, items)


def link_choices(author: User) -> list[tuple[str, Any]]:
    """What a step may come from: the author's recent gatherings, posts, and their communities'
    projects and contributions, each only if the author can see it. Four queries."""
    joined = Community.objects.joined_by(author)
    groups: list[tuple[str, str, QuerySet[Any], Callable[[Any], str]]] = [
        (
            LinkKind.GATHERING,
            "Gatherings",
            Gathering.objects.mine(author).order_by("-starts_at"),
            lambda g: f"{g.title} ({g.starts_at:%d %b %Y})",
        ),
        (
            LinkKind.POST,
            "Discussion posts",
            Post.objects.visible_to(author).filter(author=author, deleted_at__isnull=True),
            str,
        ),
        (
            LinkKind.PROJECT,
            "Projects",
            Project.objects.visible_to(author).filter(community__in=joined).order_by("-created_at"),
            str,
        ),
        (
            LinkKind.CONTRIBUTION,
            "Agenda contributions",
            Contribution.objects.visible_to(author)
            .filter(community__in=joined)
            .order_by("-created_at"),
            lambda c: c.title,
        ),
    ]
    choices: list[tuple[str, Any]] = [("", "Nothing in Convene")]
    for kind, label, rows, describe in groups:
        options = [(f"{kind}:{row.pk}", describe(row)) for row in rows[:LINK_CHOICES_PER_KIND]]
        if options:
            choices.append((label, options))
    return choices


class StepForm(forms.Form):
    cycle = forms.ChoiceField(
        label="Cycle of value",
        choices=Cycle.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the cycle of value this step tells of."},
    )
    text = forms.CharField(
        label="What happened",
        max_length=STEP_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown. A few sentences in your own words: what, who, and how you know.",
    )
    link = forms.ChoiceField(
        label="Where it came from",
        required=False,
        help_text="Optional. People who cannot see it will read the step without the link.",
    )

    def __init__(self, *args: Any, author: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_links(author)

    def offer_links(self, author: User) -> None:
        self.fields["cycle"].help_text = cycle_help()
        self.fields["link"].choices = link_choices(author)  # type: ignore[attr-defined]

    @staticmethod
    def initial_for_step(step: Step) -> dict[str, str]:
        kind = step.link_kind
        link = f"{kind}:{getattr(step, f'{kind}_id')}" if kind else ""
        return {"cycle": step.cycle, "text": step.text, "link": link}

    def draft(self) -> StepDraft:
        data = self.cleaned_data
        return StepDraft(cycle=data["cycle"], text=data["text"], link=data["link"])


class StoryForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_LIMIT,
        help_text="One line others would recognise: “How a troika fixed our hand-overs”.",
    )
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        required=False,
        empty_label="None",
        help_text="Optional. The community the story comes from; one you belong to.",
    )
    visibility = forms.ChoiceField(
        label="Who may read it",
        choices=Story.Visibility.choices,
        initial=Story.Visibility.PRIVATE,
        widget=forms.RadioSelect,
        help_text="Convenors, sponsors and administrators never see a story you keep to yourself.",
    )
    consent_to_quote = forms.BooleanField(
        label="I agree that this story may be quoted in reports on the value of our communities",
        required=False,
        help_text="Needed to share it with anyone.",
    )
    quoting = forms.ChoiceField(
        label="How it may be quoted",
        choices=QUOTING_CHOICES,
        initial="anonymous",
        widget=forms.RadioSelect,
    )
    aspirational_ending = forms.CharField(
        label="The ending I hope for",
        required=False,
        max_length=ENDING_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional, for a story still unfolding: what you hope will change, and for whom.",
    )
    remind_on = forms.DateField(
        label="Remind me on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. We will ask you what happened next. Three months ahead if you leave "
        "it empty and give a hoped-for ending.",
    )

    def __init__(self, *args: Any, author: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_communities(author)

    def offer_communities(self, author: User) -> None:
        field = self.fields["community"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Community.objects.joined_by(author).order_by("name")
        self.fields["remind_on"].widget.attrs["placeholder"] = three_months_after(
            timezone.localdate()
        ).isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shared = data.get("visibility", Story.Visibility.PRIVATE) != Story.Visibility.PRIVATE
        if shared and not data.get("consent_to_quote"):
            self.add_error(
                "consent_to_quote", "To share your story, agree that it may be quoted in reports."
            )
        return data

    @staticmethod
    def initial_for_story(story: Story) -> dict[str, Any]:
        return {
            "title": story.title,
            "community": story.community,
            "visibility": story.visibility,
            "consent_to_quote": story.consent_to_quote,
            "quoting": "name" if story.quote_by_name else "anonymous",
            "aspirational_ending": story.aspirational_ending,
            "remind_on": story.remind_on,
        }

    def story_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "community": data["community"],
            "sharing": Sharing(
                visibility=data["visibility"],
                consent_to_quote=data["consent_to_quote"],
                quote_by_name=data["quoting"] == "name",
            ),
            "aspirational_ending": data["aspirational_ending"],
            "remind_on": data["remind_on"],
        }


class NewStoryForm(StoryForm, StepForm):
    """A story with its first step."""

    field_order = ["title", "cycle", "text", "link", "community", "visibility"]

    def __init__(self, *args: Any, author: User, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        self.offer_communities(author)
        self.offer_links(author)


class MoveForm(forms.Form):
    position = forms.IntegerField(min_value=1, max_value=1000)

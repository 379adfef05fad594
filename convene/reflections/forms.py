from __future__ import annotations

from django import forms

from convene.communities.models import Community
from convene.reflections.models import BODY_LIMIT
from convene.reflections.prompts import PROMPTS

PROMPT_CHOICES = [(prompt.key, prompt.text) for prompt in PROMPTS]


class ReflectionForm(forms.Form):
    prompt = forms.ChoiceField(label="Prompt", choices=PROMPT_CHOICES)
    community = forms.ModelChoiceField(
        label="About",
        queryset=Community.objects.none(),
        required=False,
        empty_label="No community in particular",
        to_field_name="slug",
        help_text="Optional. Answering about a community ticks off what is due there.",
    )
    body = forms.CharField(
        label="Your answer",
        max_length=BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Markdown. Only you will ever see this. At most {BODY_LIMIT:,} characters.",
    )

    def __init__(self, *args: object, communities: list[Community], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["community"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Community.objects.filter(pk__in=[c.pk for c in communities])
        # The list is already loaded; spare the page a second query for the options.
        field.choices = [("", field.empty_label), *[(c.slug, c.name) for c in communities]]


class EditForm(forms.Form):
    body = forms.CharField(
        label="Your answer",
        max_length=BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown. Only you will ever see this.",
    )


class ShareForm(forms.Form):
    community = forms.ChoiceField(label="Share with", choices=())
    body = forms.CharField(
        label="The words to share",
        max_length=BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "This copy is what the community will read. Take out names, places or details "
            "that would tell people it was you. Your own reflection stays as it is."
        ),
    )
    confirm = forms.BooleanField(
        label="I understand that once shared, this cannot be withdrawn or changed.",
        error_messages={"required": "Tick the box to confirm that sharing cannot be undone."},
    )

    def __init__(self, *args: object, communities: list[Community], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["community"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.slug, c.name) for c in communities]

from __future__ import annotations

from django import forms

from convene.discussions.models import COMMENT_LIMIT, POST_LIMIT, TITLE_LIMIT


class PostForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LIMIT)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=POST_LIMIT,
        help_text=f"Markdown. At most {POST_LIMIT:,} characters. Mention someone with @handle.",
    )
    tags = forms.CharField(
        required=False,
        max_length=200,
        help_text="Optional, comma-separated, at most five: for example “feedback, hybrid teams”.",
    )

    def clean_tags(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_LIMIT,
        help_text=f"Markdown. At most {COMMENT_LIMIT:,} characters.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search conversations", min_length=2, max_length=100)

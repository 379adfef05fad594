"""What the post page shows about the agenda: the issue a conversation became, in one query."""

from __future__ import annotations

from django import template

from convene.agenda.models import Issue
from convene.discussions.models import Post

register = template.Library()


@register.simple_tag
def issue_raised_from(post: Post) -> Issue | None:
    """The issue raised from this post, if any; issues are organisation-wide, so any reader
    of the post may see it."""
    return Issue.objects.filter(source_post=post).order_by("created_at").first()

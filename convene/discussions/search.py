"""Search over the posts and comments a person may read.

PostgreSQL ranks with full-text search; SQLite falls back to matching words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import and_
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet, TextField, Value
from django.db.models.functions import Replace

from convene.discussions.models import Comment, Post
from convene.people.models import User

LIMIT = 40


@dataclass
class Results:
    posts: list[Post]
    comments: list[Comment]


def search_conversations(user: User, text: str) -> Results:
    posts: QuerySet[Post] = Post.objects.visible_to(user).filter(deleted_at__isnull=True)
    comments: QuerySet[Comment] = Comment.objects.visible_to(user).filter(
        deleted_at__isnull=True, post__deleted_at__isnull=True
    )
    if connection.vendor == "postgresql":
        posts = _ranked(posts, text, "title", "body")
        comments = _ranked(comments, text, "body")
    else:
        posts = _matching(posts, text, ("title", "body")).order_by("-created_at")
        comments = _matching(comments, text, ("body",)).order_by("-created_at")
    return Results(
        posts=list(posts.select_related("community", "author")[:LIMIT]),
        comments=list(comments.select_related("post__community", "author")[:LIMIT]),
    )


def _ranked(items: QuerySet[Any], text: str, *fields: str) -> QuerySet[Any]:
    # PostgreSQL's parser reads "<…" as markup and skips what follows, so Markdown
    # that mentions a tag would hide its words: blank out the angle brackets first.
    plain = [_without_angle_brackets(field) for field in fields]
    vector = SearchVector(*plain, config="english")
    query = SearchQuery(text, config="english", search_type="websearch")
    return (
        items.alias(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "-created_at")
    )


def _without_angle_brackets(field: str) -> Replace:
    text = TextField()
    inner = Replace(field, Value("<"), Value(" "), output_field=text)
    return Replace(inner, Value(">"), Value(" "), output_field=text)


def _matching(items: QuerySet[Any], text: str, fields: tuple[str, ...]) -> QuerySet[Any]:
    words = [word for word in text.split() if word][:8]
    per_word = [
        reduce(lambda a, b: a | b, (Q(**{f"{f}__icontains": w}) for f in fields)) for w in words
    ]
    return items.filter(reduce(and_, per_word))

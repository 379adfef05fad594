"""Every XSS vector, through every text field a person can write, renders to nothing executable."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.text import slugify

from convene.discussions.models import Post
from tests.conftest import client_for
from tests.discussions.builders import (
    ATOM,
    action_url,
    comments_url,
    feed_key,
    feed_urls,
    new_post_url,
    reaction_url,
)
from tests.discussions.xss import VECTORS, executable_parts, url_scheme

MARKER = "zqxjmarker"


def _names(vector: str, *, count: int, length: int) -> str:
    """The vector as a comma-separated list of names a tags-like field accepts."""
    parts = [part.strip()[:length] for part in vector.split(",")]
    return ", ".join([part for part in parts if slugify(part)][:count])


def _write_everywhere(people, vector: str, capture) -> Post:
    member, convenor = client_for(people.member), client_for(people.convenor)
    profile = member.post(
        reverse("people:profile_edit"),
        {
            "full_name": vector[:120],
            "job_title": vector[:120],
            "bio": vector,
            "perspectives": vector,
            "expertise_names": _names(vector, count=15, length=60),
        },
    )
    assert profile.status_code == 302, profile.context["form"].errors
    purpose = convenor.post(
        reverse("communities:community_edit", args=["open-circle"]),
        {"purpose": vector, "visibility": "open"},
    )
    assert purpose.status_code == 302
    created = member.post(
        new_post_url(people.open_community),
        {
            "title": f"{MARKER} {vector[:189]}",
            "body": f"{MARKER}\n\n{vector}",
            "tags": _names(vector, count=5, length=40)[:200],
        },
    )
    assert created.status_code == 302, created.context["form"].errors
    post = Post.objects.get()
    convenor.post(action_url(post, "follow"))
    with capture(execute=True):
        commented = member.post(comments_url(post), {"body": f"{MARKER}\n\n{vector}"})
    assert commented.status_code == 302
    comment = post.comments.get()
    member.post(reaction_url(post), {"kind": "encourage"})
    member.post(reaction_url(post), {"kind": "thank_you", "comment": comment.pk})
    return post


@pytest.mark.parametrize("vector", VECTORS)
def test_xss_vector_renders_nothing_executable_in_pages_or_feeds(
    people, vector, django_capture_on_commit_callbacks
):
    post = _write_everywhere(people, vector, django_capture_on_commit_callbacks)
    member = client_for(people.member)
    pages = {
        "post": member.get(post.get_absolute_url()),
        "post list": member.get(reverse("discussions:post_list", args=["open-circle"])),
        "community": member.get(people.open_community.get_absolute_url()),
        "profile": member.get(people.member.get_absolute_url()),
        "search": member.get(reverse("search"), {"q": MARKER}),
        "notifications": client_for(people.convenor).get(
            reverse("notifications:notification_list")
        ),
    }

    for name, page in pages.items():
        assert page.status_code == 200, name
        assert executable_parts(page.text) == [], name
    assert pages["search"].text.count(f"{post.get_absolute_url()}") >= 2, "post and comment found"
    assert MARKER in pages["post"].text and MARKER in pages["post list"].text

    reader = Client()
    for name, url in feed_urls(post).items():
        response = reader.get(url, {"key": feed_key(people.member)})
        assert response.status_code == 200, name
        root = ElementTree.fromstring(response.content)
        assert {element.tag.split("}")[0] + "}" for element in root.iter()} == {ATOM}, name
        contents = [element.text or "" for element in root.iter(f"{ATOM}content")]
        assert len(contents) == 1 and MARKER in contents[0], name
        for content in contents:
            assert executable_parts(content, all_user_content=True) == [], name
        for element in root.iter():
            if element.get("type") in {"html", "xhtml"} and element.tag != f"{ATOM}content":
                assert executable_parts(element.text or "", all_user_content=True) == [], name


def test_corpus_has_at_least_fifty_distinct_vectors():
    assert len(set(VECTORS)) >= 50


# The checker must itself be able to fail: each of these is executable, and must be caught.
@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script src="/static/django_htmx/htmx.js"></script>'
        '<script src="/static/django_htmx/x.js"></script>',
        '<div class="prose"><script src="/static/django_htmx/htmx.js"></script></div>',
        "<img src=x onerror=alert(1)>",
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href=" \x01JAVASCRIPT:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<a href="vbscript:x">x</a>',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        "<math></math>",
        "<iframe></iframe>",
        "<object></object>",
        "<embed>",
        "<style>*{}</style>",
        '<base href="/">',
        '<div class="prose"><p><form action="/x"></form></p></div>',
        '<button formaction="javascript:alert(1)">x</button>',
        '<meta http-equiv="refresh" content="0">',
        '<p style="width: expression(alert(1))">x</p>',
        "<p onmouseover=alert(1)>x</p>",
    ],
)
def test_checker_catches_executable_markup(html):
    assert executable_parts(html) != []


def test_checker_allows_the_sites_own_markup_and_safe_links():
    html = (
        '<head><script src="/static/django_htmx/htmx.min.js" defer></script></head>'
        '<form method="post" action="/communities/x/posts/1/comments/"><button>Go</button></form>'
        '<div class="prose"><p><a href="https://example.org" rel="nofollow ugc noopener">a</a>'
        '<a href="mailto:a@example.org">m</a><a href="/people/maya/">@maya</a>'
        '<a href="#c">c</a></p></div>'
    )

    assert executable_parts(html) == []


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("java\nscript:x", "javascript"),
        ("\x00 JavaScript:x", "javascript"),
        ("/a:b", None),
        ("http://x", "http"),
    ],
)
def test_url_scheme_is_read_as_a_browser_reads_it(url, scheme):
    assert url_scheme(url) == scheme


def test_search_query_is_reflected_as_text_only(people, as_member):
    for vector in VECTORS:
        page = as_member.get(reverse("search"), {"q": vector[:100]})

        assert page.status_code == 200
        assert executable_parts(page.text) == [], vector


def test_tag_filter_shows_a_hostile_tag_name_as_text(people, as_member):
    as_member.post(
        new_post_url(people.open_community),
        {"title": "Tagged", "body": "Body", "tags": "<script>alert(1)</script>"},
    )
    tag = Post.objects.get().tags.get()

    page = as_member.get(reverse("discussions:post_list", args=["open-circle"]), {"tag": tag.slug})

    assert "tagged “&lt;script&gt;alert(1)&lt;/script&gt;”" in page.text
    assert executable_parts(page.text) == []

from __future__ import annotations

from convene.lib.markdown import render_markdown


def test_raw_html_is_escaped():
    assert "<script>" not in render_markdown("<script>alert(1)</script>")


def test_links_get_safe_rel_and_unsafe_schemes_are_dropped():
    html = render_markdown("[site](https://example.org) [bad](javascript:alert(1))")
    assert 'rel="nofollow ugc noopener"' in html
    assert 'href="javascript' not in html


def test_formatting_and_tables_survive():
    html = render_markdown("**bold** ~~old~~\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<strong>bold</strong>" in html
    assert "<s>old</s>" in html
    assert "<table>" in html


def test_images_are_not_allowed():
    assert "<img" not in render_markdown("![x](https://example.org/x.png)")


def test_empty_source_gives_empty_html():
    assert render_markdown("") == ""


def test_mentions_become_profile_links_outside_code():
    from convene.lib.markdown import render_with_mentions

    html = render_with_mentions("Thanks @sam-okafor, mail me@example.org, `@not-this`")
    assert '<a href="/people/sam-okafor/" rel="nofollow ugc noopener">@sam-okafor</a>' in html
    assert "me@example.org" in html
    assert "<code>@not-this</code>" in html

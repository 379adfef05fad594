"""The one Markdown renderer: CommonMark-style Markdown to sanitised HTML.

Raw HTML in the source is escaped by markdown-it's js-default preset; nh3
then removes anything outside the allow-list, whatever produced it.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("js-default").enable("table").enable("strikethrough")


def render_markdown(source: str) -> str:
    """Return safe HTML for Markdown written by a person."""
    html = _parser.render(source or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )

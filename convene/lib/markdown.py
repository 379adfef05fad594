"""The one Markdown renderer: CommonMark-style Markdown to sanitised HTML.

Raw HTML in the source is escaped by markdown-it's js-default preset; nh3
then removes anything outside the allow-list, whatever produced it.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("js-default").enable("table").enable("strikethrough")


# Not after characters that put the @ inside an address, a URL or a link's text.
MENTION = re.compile(r"(?<![\w@/\[=?&.:%+~-])@([a-z0-9][a-z0-9-]{0,59})\b", re.IGNORECASE)


def render_with_mentions(source: str) -> str:
    """Render Markdown in which @handle, outside code, becomes a link to that person's profile."""
    parts = _split_code(source)
    for index in range(0, len(parts), 2):
        parts[index] = MENTION.sub(r"[@\1](/people/\1/)", parts[index])
    return render_markdown("`".join(parts))


def mentioned_handles(source: str) -> set[str]:
    """The handles mentioned outside code, in lower case."""
    prose = _split_code(source)[::2]
    return {handle.lower() for part in prose for handle in MENTION.findall(part)}


def _split_code(source: str) -> list[str]:
    # Splitting on backticks leaves code spans and fences at the odd positions;
    # tilde fences are the same fences to CommonMark, so count them too.
    return (source or "").replace("~~~", "```").split("`")


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

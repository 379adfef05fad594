"""Word-by-word differences between two texts, as HTML with <ins> and <del>.

Screen readers announce few styles, so each change also carries a visually
hidden word saying whether it was added or removed.
"""

from __future__ import annotations

import difflib
import re
from html import escape

_TOKENS = re.compile(r"\s+|[^\s]+")


def diff_html(old: str, new: str) -> str:
    """Return `new` as escaped HTML: words only `old` has in <del>, only `new` has in <ins>."""
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = "".join(before[old_start:old_end])
        added = "".join(after[new_start:new_end])
        if operation == "equal":
            parts.append(escape(added))
            continue
        if removed:
            parts.append(_mark("del", "removed", removed))
        if added:
            parts.append(_mark("ins", "added", added))
    return "".join(parts)


def _mark(tag: str, word: str, text: str) -> str:
    return (
        f'<{tag}><span class="visually-hidden">[{word}: </span>{escape(text)}'
        f'<span class="visually-hidden">]</span></{tag}>'
    )

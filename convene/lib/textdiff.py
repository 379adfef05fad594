"""Differences between two texts, as HTML with <ins> and <del>.

Whole lines added or removed are marked as lines; lines that changed are
compared word by word, so a reader sees the words that moved. Screen readers
announce few styles, so each change also carries a visually hidden word
saying whether it was added or removed. How lines end (CRLF or LF) is not a
difference.
"""

from __future__ import annotations

import difflib
import re
from html import escape

_WORDS = re.compile(r"\s+|[^\s]+")


def diff_html(old: str, new: str) -> str:
    """Return `new` as escaped HTML: text only `old` has in <del>, only `new` has in <ins>."""
    before, after = _lines(old).splitlines(keepends=True), _lines(new).splitlines(keepends=True)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed, added = "".join(before[old_start:old_end]), "".join(after[new_start:new_end])
        if operation == "equal":
            parts.append(escape(added))
        elif operation == "replace":
            parts.append(_diff_words(removed, added))
        else:
            parts.append(_mark("del", "removed", removed) if removed else "")
            parts.append(_mark("ins", "added", added) if added else "")
    return "".join(parts)


def differs(old: str, new: str) -> bool:
    """Whether the texts differ in more than how their lines end."""
    return _lines(old) != _lines(new)


def _lines(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _diff_words(old: str, new: str) -> str:
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed, added = "".join(before[old_start:old_end]), "".join(after[new_start:new_end])
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

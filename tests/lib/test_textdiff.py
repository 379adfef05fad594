"""Differences between texts ignore how their lines end."""

from __future__ import annotations

from convene.lib.textdiff import diff_html, differs


def test_crlf_and_lf_lines_are_the_same_text():
    old, new = "- Listen.\r\n- Turn up.\r\n", "- Listen.\n- Turn up.\n"
    assert diff_html(old, new) == "- Listen.\n- Turn up.\n"
    assert not differs(old, new)


def test_a_real_change_still_shows_beside_different_line_endings():
    html = diff_html("- Listen.\r\n- Turn up.", "- Listen.\n- Disagree openly.\n- Turn up.")
    assert html.startswith("- Listen.\n<ins>") and "<del>" not in html
    assert differs("a\r\nb", "a\nc")

"""The demo's organisational agenda."""

from __future__ import annotations

from convene.demo.builders import Demo


def build_agenda(demo: Demo) -> str:
    return "No organisational issues yet."

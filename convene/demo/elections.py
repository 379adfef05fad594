"""The demo's elections."""

from __future__ import annotations

from convene.demo.builders import Demo


def build_elections(demo: Demo) -> str:
    return "No elections yet."

"""The demo's gatherings."""

from __future__ import annotations

from convene.demo.builders import Demo


def build_gatherings(demo: Demo) -> str:
    return "No gatherings yet."

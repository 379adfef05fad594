"""The demo's resources."""

from __future__ import annotations

from convene.demo.builders import Demo


def build_resources(demo: Demo) -> str:
    return "No resources yet."

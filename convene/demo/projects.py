"""The demo's projects."""

from __future__ import annotations

from convene.demo.builders import Demo


def build_projects(demo: Demo) -> str:
    return "No projects yet."

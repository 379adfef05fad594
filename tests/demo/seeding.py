"""Build the demo as seed_demo does, stopping just before one builder, for that builder's tests."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.hashers import make_password

from convene.demo import builders
from convene.demo.management.commands.seed_demo import BUILDERS


def demo_before(builder: Callable[[builders.Demo], str]) -> builders.Demo:
    """The demo as far as the builders before ``builder`` make it, leaving that one to the test."""
    assert builder in BUILDERS, f"{builder.__name__} is not one of seed_demo's builders"
    demo = builders.Demo(password_hash=make_password("pw"))
    for build in BUILDERS[: BUILDERS.index(builder)]:
        build(demo)
    return demo

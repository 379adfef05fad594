"""Workflows of gatherings."""

from __future__ import annotations


class GatheringError(Exception):
    """A change to gatherings that the rules do not allow; the message says why."""

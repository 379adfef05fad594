"""Workflows of elections."""

from __future__ import annotations


class ElectionError(Exception):
    """A change to elections that the rules do not allow; the message says why."""

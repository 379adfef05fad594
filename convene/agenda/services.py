"""Workflows of the organisational agenda."""

from __future__ import annotations


class AgendaError(Exception):
    """A change to the agenda that the rules do not allow; the message says why."""

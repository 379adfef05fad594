"""Resource workflows: request, check against the parameters, approve, claim and log."""

from __future__ import annotations


class ResourceError(Exception):
    """A resource action was refused; the message says why, for a person to read."""

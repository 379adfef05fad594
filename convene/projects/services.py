"""Project workflows: propose, decide, staff, report and close out."""

from __future__ import annotations


class ProjectError(Exception):
    """A project action was refused; the message says why, for a person to read."""

"""The one domain exception of the grouping engine."""

from __future__ import annotations


class GroupingError(ValueError):
    """Raise when a grouping problem cannot be solved as stated; the message is for people."""


class InstanceFormatError(GroupingError):
    """Raise when an instance file is malformed; the message names the line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line

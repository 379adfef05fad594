"""What people type, made safe to store: amounts of pounds or hours, and text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from convene.resources.services import ResourceError

# The most a twelve-digit amount with pence (the ledger's columns) can hold.
LARGEST_AMOUNT = Decimal("9999999999.99")
PENNY = Decimal("0.01")
# Ids in URLs beyond what an integer column holds would make the database raise, not 404.
LARGEST_ID = 2**31
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def as_number(value: object) -> Decimal | None:
    """The value as a finite decimal, or None when it is not one (text, NaN, infinity)."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def stored_id(value: int) -> int:
    """The id when a database column can hold it, else 0, which no row has."""
    return value if 0 < value < LARGEST_ID else 0


def in_pence(value: Decimal) -> bool:
    """Whether the amount has at most two decimal places; call it on amounts within range."""
    return value == value.quantize(PENNY)


def without_controls(value: str | None) -> str:
    return CONTROL_CHARACTERS.sub("", value or "").strip()


def one_line(value: str | None) -> str:
    """The text on one line, its runs of spaces and line breaks made single spaces."""
    return " ".join(CONTROL_CHARACTERS.sub("", value or "").split())


def required_line(value: str | None, what: str, limit: int) -> str:
    """A line of text that must be given, such as a purpose or a title."""
    line = one_line(value)
    if not line:
        raise ResourceError(f"Give the {what}.")
    if len(line) > limit:
        raise ResourceError(f"Keep the {what} to {limit} characters.")
    return line


def optional_text(value: str | None, what: str, limit: int) -> str:
    """Text that may be left empty, such as a reason or a note; its line breaks are kept."""
    text = without_controls(value)
    if len(text) > limit:
        raise ResourceError(f"Keep the {what} to {limit} characters.")
    return text

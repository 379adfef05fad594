"""What people type, made safe to store: amounts of pounds or hours, and text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# The most a twelve-digit amount with pence (the ledger's columns) can hold.
LARGEST_AMOUNT = Decimal("9999999999.99")
PENNY = Decimal("0.01")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def as_number(value: object) -> Decimal | None:
    """The value as a finite decimal, or None when it is not one (text, NaN, infinity)."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def in_pence(value: Decimal) -> bool:
    """Whether the amount has at most two decimal places; call it on amounts within range."""
    return value == value.quantize(PENNY)


def without_controls(value: str | None) -> str:
    return CONTROL_CHARACTERS.sub("", value or "").strip()


def one_line(value: str | None) -> str:
    """The text on one line, its runs of spaces and line breaks made single spaces."""
    return " ".join(CONTROL_CHARACTERS.sub("", value or "").split())

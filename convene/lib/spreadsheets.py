"""Text made safe for the CSV files people open in a spreadsheet."""

from __future__ import annotations

# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character is quoted away."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value

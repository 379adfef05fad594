"""Tenure bands: how long people have been with the organisation, in the bands Convene shows."""

from __future__ import annotations

import datetime

# (label, lower bound in whole years); a person falls in the last band whose bound they reach.
TENURE_BANDS: tuple[tuple[str, int], ...] = (
    ("Under 2 years", 0),
    ("2 to 5 years", 2),
    ("5 to 10 years", 5),
    ("10 years or more", 10),
)


def tenure_band(started_on: datetime.date | None, today: datetime.date) -> int | None:
    """The index in TENURE_BANDS for someone who started on `started_on`; None if unknown."""
    if started_on is None:
        return None
    years = max(0, (today - started_on).days // 365)
    return max(index for index, (_, lower) in enumerate(TENURE_BANDS) if years >= lower)


def tenure_band_label(index: int | None) -> str:
    return "Tenure not given" if index is None else TENURE_BANDS[index][0]

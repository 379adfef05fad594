"""The period a dashboard or report covers: checked once, for pages, the API and reports alike."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from convene.insights.services import InsightError

LONGEST_YEARS = 5
DEFAULT_DAYS = 365
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)


@dataclass(frozen=True)
class Period:
    """From `since` to `until`, both days included."""

    since: datetime.date
    until: datetime.date

    @classmethod
    def checked(cls, since: datetime.date | None, until: datetime.date | None) -> Period:
        """The period asked for, defaulting to the year to today; refuse one that makes no sense."""
        if any(day and not EARLIEST <= day <= LATEST for day in (since, until)):
            raise InsightError(f"Choose dates between {EARLIEST:%-d %B %Y} and {LATEST:%-d %B %Y}.")
        until = until or timezone.localdate()
        since = since or until - datetime.timedelta(days=DEFAULT_DAYS)
        if until < since:
            raise InsightError(
                f"The period ends ({until:%-d %B %Y}) before it starts ({since:%-d %B %Y}). "
                "Choose an end date on or after the start date."
            )
        if since < _years_before(until, LONGEST_YEARS):
            raise InsightError(
                f"A period can be at most {LONGEST_YEARS} years long. Choose a later start date."
            )
        return cls(since, until)

    @property
    def starts_at(self) -> datetime.datetime:
        return _midnight(self.since)

    @property
    def ends_before(self) -> datetime.datetime:
        return _midnight(self.until + datetime.timedelta(days=1))

    def months(self) -> list[datetime.date]:
        """The first day of each month the period touches, in order."""
        month, months = self.since.replace(day=1), []
        while month <= self.until:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months

    def __str__(self) -> str:
        return f"{self.since:%-d %B %Y} to {self.until:%-d %B %Y}"


def month_label(month: datetime.date) -> str:
    return f"{month:%b %Y}"


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)

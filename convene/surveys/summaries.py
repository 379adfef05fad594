"""A member's own pulse answers over time, for their eyes only.

Read from `OwnAnswer`, the private copies a member chose to keep when
answering. Nothing else in Convene reads them: not results, dashboards,
exports or the admin site.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass

from matplotlib.dates import date2num
from matplotlib.figure import Figure

from convene.people.models import User
from convene.surveys.models import Instrument, OwnAnswer

FIXED_SIZE = re.compile(r'\s(?:width|height)="[\d.]+pt"')


@dataclass(frozen=True)
class TrendPoint:
    """The member's average rating on one dimension in the pulses opened on one day."""

    on: datetime.date
    rating: float


@dataclass(frozen=True)
class DimensionTrend:
    dimension: str
    points: tuple[TrendPoint, ...]

    @property
    def latest(self) -> float:
        return self.points[-1].rating

    @property
    def change(self) -> float | None:
        """Change since the previous survey; None with a single answer."""
        return round(self.latest - self.points[-2].rating, 1) if len(self.points) > 1 else None


@dataclass(frozen=True)
class InstrumentTrend:
    """One instrument's dimensions, each followed over the surveys the member answered."""

    instrument: str
    label: str
    dimensions: tuple[DimensionTrend, ...]

    @property
    def dates(self) -> list[datetime.date]:
        return sorted({point.on for d in self.dimensions for point in d.points})

    @property
    def rows(self) -> list[tuple[DimensionTrend, list[float | None]]]:
        """Each dimension with its rating on each date, None where it was not answered."""
        dates = self.dates
        return [
            (d, [{p.on: p.rating for p in d.points}.get(on) for on in dates])
            for d in self.dimensions
        ]


def own_trend(person: User) -> list[InstrumentTrend]:
    """The person's kept ratings per instrument and dimension, oldest first, in one query.

    Ratings of pulses opened on the same day (the same wave in two communities) and of
    the items of one dimension are averaged into one point.
    """
    copies = (
        OwnAnswer.objects.filter(person=person, question__survey__opens_at__isnull=False)
        .select_related("question__survey")
        .order_by("question__survey__opens_at", "question__position")
    )
    ratings: dict[str, dict[str, dict[datetime.date, list[int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for copy in copies:
        survey = copy.question.survey
        dimension = copy.question.dimension or copy.question.text
        opened = survey.opens_at.date()  # type: ignore[union-attr]
        ratings[survey.instrument][dimension][opened].append(copy.rating)
    return [
        InstrumentTrend(instrument, Instrument(instrument).label, _dimensions(by_dimension))
        for instrument, by_dimension in ratings.items()
    ]


def _dimensions(
    by_dimension: dict[str, dict[datetime.date, list[int]]],
) -> tuple[DimensionTrend, ...]:
    return tuple(
        DimensionTrend(
            dimension,
            tuple(
                TrendPoint(on, round(sum(values) / len(values), 1)) for on, values in by_day.items()
            ),
        )
        for dimension, by_day in by_dimension.items()
    )


def trend_chart(trend: InstrumentTrend) -> str:
    """A small line chart of one instrument's dimensions, as inline SVG."""
    # A Figure of its own, never pyplot's global state: requests run side by side.
    figure = Figure(figsize=(6, 3.2))
    axes = figure.add_subplot()
    for dimension in trend.dimensions:
        axes.plot(
            [date2num(point.on) for point in dimension.points],
            [point.rating for point in dimension.points],
            marker="o",
            label=dimension.dimension,
        )
    axes.set_ylim(0.8, 5.2)
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.xaxis_date()
    axes.set_ylabel("Your rating")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    figure.autofmt_xdate()
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg")
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    # Without a fixed size the drawing scales to its container through its viewBox, on a phone too.
    root, drawing = svg.split(">", 1)
    return f"{FIXED_SIZE.sub('', root)}>{drawing}"

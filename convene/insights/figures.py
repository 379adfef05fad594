"""The shape of every dashboard: sections of tables, each table optionally drawn as a chart.

A table is the single source of a section's numbers: the page shows it beside
its chart, the API returns it as JSON and the PDF prints it under the chart's
picture, so the three can never disagree.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from matplotlib.figure import Figure

from convene.insights import charts

Cell = int | float | str | None


class ChartKind(enum.StrEnum):
    BAR = "bar"
    STACKED = "stacked"
    LINE = "line"
    MATRIX = "matrix"


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """Rows under column headings; `chart` says how to draw it, if at all."""

    slug: str
    caption: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    chart: ChartKind | None = None
    value_label: str = ""
    empty: str = "Nothing to show for this period yet."

    @property
    def chart_id(self) -> str:
        return f"chart-{self.slug}"

    def column(self, index: int) -> list[float | None]:
        return [_number(row.values[index]) for row in self.rows]


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    summary: str
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass
class Dashboard:
    title: str
    scope: str
    sections: list[Section] = field(default_factory=list)

    def section(self, slug: str) -> Section:
        return next(section for section in self.sections if section.slug == slug)


def table(
    slug: str,
    caption: str,
    row_heading: str,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[Cell]]],
    **options: object,
) -> Table:
    """A table from plain (label, values) pairs."""
    return Table(
        slug=slug,
        caption=caption,
        row_heading=row_heading,
        columns=tuple(columns),
        rows=tuple(Row(label, tuple(values)) for label, values in rows),
        **options,  # type: ignore[arg-type]
    )


def draw(table: Table) -> Figure | None:
    """The table's chart, from exactly the numbers in the table; None if it has none to draw."""
    if table.chart is None or not table.rows or not table.columns:
        return None
    labels = [row.label for row in table.rows]
    if table.chart == ChartKind.BAR:
        return charts.bar(labels, table.column(0), value_label=table.value_label)
    if table.chart == ChartKind.MATRIX:
        counts = [[int(_number(v) or 0) for v in row.values] for row in table.rows]
        return charts.matrix(labels, table.columns, counts)
    series = {name: table.column(i) for i, name in enumerate(table.columns)}
    if table.chart == ChartKind.STACKED:
        return charts.stacked_bar(labels, series, value_label=table.value_label)
    return charts.line_trend(labels, series, value_label=table.value_label)


def share(part: int, whole: int) -> int | None:
    """A whole-number percentage, or None when there is nothing to divide by."""
    return round(100 * part / whole) if whole else None


def _number(cell: Cell) -> float | None:
    return float(cell) if isinstance(cell, int | float) else None


def display(cell: Cell) -> str:
    """A cell as text: a dash for a figure that does not exist."""
    return "\N{EN DASH}" if cell is None else str(cell)

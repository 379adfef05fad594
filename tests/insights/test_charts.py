"""Charts are accessible SVG built from the table beside them, and PNG for the PDF."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from matplotlib.figure import Figure

from convene.insights import charts
from convene.insights.figures import Cell, ChartKind, Table, draw, table

SVG = "{http://www.w3.org/2000/svg}"


def _tables():
    months: list[tuple[str, list[Cell]]] = [
        ("Sep 2026", [3, 1]),
        ("Oct 2026", [4, None]),
        ("Nov 2026", [2, 5]),
    ]
    return [
        table(
            "bar",
            "Innovations by status",
            "Status",
            ["Entries"],
            [("Idea", [2]), ("Adopted", [1])],
            chart=ChartKind.BAR,
        ),
        table(
            "stacked",
            "Activity by month",
            "Month",
            ["Posts", "Comments"],
            months,
            chart=ChartKind.STACKED,
        ),
        table(
            "line",
            "Confidence over time",
            "Month",
            ["Self", "Collective"],
            months,
            chart=ChartKind.LINE,
        ),
        table(
            "matrix",
            "Stories by cycle",
            "Cycle",
            ["North", "South"],
            [("Immediate", [1, 0]), ("Applied", [2, 3])],
            chart=ChartKind.MATRIX,
        ),
    ]


@pytest.mark.parametrize("chart_table", _tables(), ids=lambda t: t.slug)
def test_every_kind_of_chart_is_an_svg_image_named_by_its_caption(chart_table):
    figure = draw(chart_table)
    assert figure is not None

    root = ET.fromstring(charts.svg(figure, title=chart_table.caption, labelled_by="caption-1"))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "caption-1 caption-1-title"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == chart_table.caption
    assert title.get("id") == "caption-1-title"


def test_two_charts_on_one_page_share_no_ids():
    first, second = (
        charts.svg(_drawn(t), title=t.caption, labelled_by=t.chart_id) for t in _tables()[:2]
    )
    ids = lambda markup: {e.get("id") for e in ET.fromstring(markup).iter() if e.get("id")}  # noqa: E731

    assert ids(first) and ids(second)
    assert not ids(first) & ids(second)


def test_a_title_with_markup_is_escaped():
    figure = charts.bar(["a"], [1], value_label="n")

    root = ET.fromstring(charts.svg(figure, title="Sales & <b>growth</b>", labelled_by="c"))

    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Sales & <b>growth</b>"


def test_the_same_figure_prints_as_png():
    assert charts.png(_drawn(_tables()[0])).startswith(b"\x89PNG\r\n\x1a\n")


def test_a_table_without_a_chart_or_rows_draws_nothing():
    assert draw(table("plain", "Terms", "Convenor", ["From"], [("Ann", ["1 Jan"])])) is None
    assert draw(table("none", "Empty", "Month", ["Posts"], [], chart=ChartKind.BAR)) is None
    assert (
        draw(table("cols", "No columns", "Cycle", [], [("Applied", [])], chart=ChartKind.MATRIX))
        is None
    )


def test_a_hidden_figure_leaves_a_gap_rather_than_a_number():
    hidden = table(
        "pulse",
        "Pulse",
        "Month",
        ["Mean"],
        [("Oct", ["Fewer than 5 responses"]), ("Nov", [3.5])],
        chart=ChartKind.LINE,
    )

    assert hidden.column(0) == [None, 3.5]
    assert draw(hidden) is not None


def _drawn(chart_table: Table) -> Figure:
    figure = draw(chart_table)
    assert figure is not None
    return figure

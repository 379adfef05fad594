"""Draw a dashboard table's chart inline, and show its cells as text."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from convene.insights import charts
from convene.insights.figures import Cell, Table, display, draw

register = template.Library()


@register.simple_tag
def chart_svg(table: Table) -> SafeString:
    """The table's chart as inline SVG, labelled by its caption; empty if it has none."""
    figure = draw(table)
    if figure is None:
        return mark_safe("")
    # charts.svg escapes the title and matplotlib writes the rest of the markup.
    return mark_safe(charts.svg(figure, title=table.caption, labelled_by=table.chart_id))


@register.filter
def cell(value: Cell) -> str:
    return display(value)

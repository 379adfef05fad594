"""Draw Convene's charts: bar, stacked bar, line trend and heat-map matrix.

Each drawing function takes plain data and returns a matplotlib Figure built
directly (the Agg canvas, never pyplot's global state, so requests in threads
cannot draw on each other's charts). `svg()` turns a figure into markup to
inline in a page, labelled by the visible caption; `png()` gives the same
figure for a PDF. Glyphs are drawn as paths from the fonts matplotlib ships,
so a chart looks the same everywhere and loads nothing.

A chart never stands alone: every page shows the same numbers in a table
beside it (templates/insights/_chart.html).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# The Okabe-Ito palette: distinguishable with the common kinds of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
INK = "#1f2933"
SIZE = (6.4, 3.2)
_SIZE_ATTRIBUTES = re.compile(r'\s(?:width|height)="[\d.]+pt"')
_ID = re.compile(r'\bid="([^"]+)"')


def bar(labels: Sequence[str], values: Sequence[float | None], *, value_label: str) -> Figure:
    """One bar per label; a missing value leaves a gap."""
    figure, axes = _canvas()
    positions = range(len(labels))
    axes.barh(positions, [v or 0 for v in values], color=PALETTE[0])
    axes.set_yticks(list(positions), labels=list(labels))
    axes.invert_yaxis()
    axes.set_xlabel(value_label)
    _tidy(axes)
    return figure


def stacked_bar(
    labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, value_label: str
) -> Figure:
    """Bars of several parts each, one part per series, with a legend."""
    figure, axes = _canvas()
    bottoms = [0.0] * len(labels)
    for colour, (name, values) in zip(PALETTE, series.items(), strict=False):
        heights = [v or 0 for v in values]
        axes.bar(range(len(labels)), heights, bottom=bottoms, label=name, color=colour)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_ylabel(value_label)
    _label_x(axes, labels)
    _legend(axes)
    _tidy(axes)
    return figure


def line_trend(
    labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, value_label: str
) -> Figure:
    """One line per series across the labels (periods); a hidden point breaks the line."""
    figure, axes = _canvas()
    for colour, (name, values) in zip(PALETTE, series.items(), strict=False):
        points = [float("nan") if v is None else v for v in values]
        axes.plot(range(len(labels)), points, marker="o", label=name, color=colour)
    axes.set_ylabel(value_label)
    _label_x(axes, labels)
    _legend(axes)
    _tidy(axes)
    return figure


def matrix(
    row_labels: Sequence[str], column_labels: Sequence[str], values: Sequence[Sequence[int]]
) -> Figure:
    """A heat map with each cell's count written in it."""
    figure, axes = _canvas()
    image = axes.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    _label_x(axes, column_labels)
    axes.set_yticks(range(len(row_labels)), labels=list(row_labels))
    darkest = max((max(row, default=0) for row in values), default=0)
    for y, row in enumerate(values):
        for x, count in enumerate(row):
            dark = darkest and count > darkest / 2
            axes.text(x, y, str(count), ha="center", va="center", color="white" if dark else INK)
    figure.colorbar(image, ax=axes, label="Stories")
    return figure


def svg(figure: Figure, *, title: str, labelled_by: str) -> str:
    """Markup to inline in a page: role img, named by the visible caption, with a <title>."""
    buffer = io.StringIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    markup = buffer.getvalue()
    markup = markup[markup.index("<svg") :]
    markup = _prefix_ids(markup, labelled_by)
    # Scale to the width of its container, keeping its proportions, so it fits a phone.
    markup = _SIZE_ATTRIBUTES.sub("", markup, count=2).replace("<svg ", '<svg width="100%" ', 1)
    title_id = f"{labelled_by}-title"
    return markup.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{labelled_by} {title_id}" focusable="false" ',
        1,
    ).replace(">", f'><title id="{title_id}">{_escape(title)}</title>', 1)


def png(figure: Figure, *, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _canvas() -> tuple[Figure, Axes]:
    figure = Figure(figsize=SIZE, layout="constrained")
    axes = figure.add_subplot()
    return figure, axes


def _label_x(axes: Axes, labels: Sequence[str]) -> None:
    """Label each position along the x axis; labels are text, never parsed as dates."""
    axes.set_xticks(range(len(labels)), labels=list(labels), rotation=30, ha="right")


def _tidy(axes: Axes) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(colors=INK)


def _legend(axes: Axes) -> None:
    if axes.get_legend_handles_labels()[0]:
        axes.legend(frameon=False, fontsize="small")


def _prefix_ids(markup: str, prefix: str) -> str:
    """Make a chart's internal ids unique on a page that inlines several charts."""
    for name in set(_ID.findall(markup)):
        markup = markup.replace(f'id="{name}"', f'id="{prefix}-{name}"')
        markup = markup.replace(f"#{name})", f"#{prefix}-{name})")
        markup = markup.replace(f'#{name}"', f'#{prefix}-{name}"')
    return markup


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

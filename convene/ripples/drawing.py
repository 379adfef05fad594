"""Draw a ripple map as rings around its centre, as SVG or PNG, from plain data.

No Django here: callers pass the centre's words and a list of `Node`s. Each
effect sits on the ring of its ripple level; the rings are divided into
sectors so that every branch gets room in proportion to how many effects
hang from it, which keeps a branch's effects together and lines from
crossing. Long texts are wrapped and, past a few lines, shortened.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch

RING_NAMES = {
    1: "1 · Participants",
    2: "2 · Teams and units",
    3: "3 · Organisation",
    4: "4 · Beyond",
}
POSITIVE = ("#e5f5e0", "#1b7837")
NEGATIVE = ("#fde0dd", "#b2182b")
CENTRE_COLOURS = ("#deebf7", "#08519c")
WRAP_WIDTH = 20
MOST_LINES = 4
SMALLEST_SIDE = 8.0
LARGEST_SIDE = 24.0
# Room around the centre's label, then the gap from one ring to the next.
CENTRE_ROOM = 0.8
RING_GAP = 1.2
# Neighbours on a ring sit alternately a little in and out, so their labels overlap less.
STAGGER = 0.22


@dataclass(frozen=True)
class Node:
    """One effect to draw; `parent_id` None hangs it from the centre."""

    id: int
    parent_id: int | None
    text: str
    level: int
    positive: bool = True
    intended: bool = True


@dataclass(frozen=True)
class Placed:
    node: Node
    x: float
    y: float


def wrap(text: str, width: int = WRAP_WIDTH, most_lines: int = MOST_LINES) -> str:
    """Wrap `text` into at most `most_lines` lines, ending in an ellipsis if cut short."""
    lines = textwrap.wrap(" ".join(text.split()), width=width) or [""]
    if len(lines) > most_lines:
        lines = lines[:most_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def radius(level: int) -> float:
    return CENTRE_ROOM + RING_GAP * (level - 1) + RING_GAP / 2


def layout(nodes: Sequence[Node]) -> list[Placed]:
    """Place each node on its level's ring, in a sector sized by the effects its branch holds."""
    known = {node.id for node in nodes}
    children: dict[int | None, list[Node]] = defaultdict(list)
    for node in nodes:
        parent = node.parent_id if node.parent_id in known else None
        children[parent].append(node)
    weights: dict[int, int] = {}

    def weigh(node: Node) -> int:
        weights[node.id] = 1 + sum(weigh(child) for child in children[node.id])
        return weights[node.id]

    polar: list[tuple[Node, float, float]] = []

    def spread(parent: int | None, start: float, width: float) -> None:
        branch = children[parent]
        total = sum(weights[child.id] for child in branch) or 1
        for child in branch:
            share = width * weights[child.id] / total
            angle = start + share / 2
            polar.append((child, angle, radius(child.level)))
            spread(child.id, start, share)
            start += share

    for root in children[None]:
        weigh(root)
    spread(None, math.pi / 2, 2 * math.pi)
    return _staggered(polar)


def _staggered(polar: list[tuple[Node, float, float]]) -> list[Placed]:
    """Turn (angle, radius) into (x, y), moving every other effect on a ring outwards."""
    rings: dict[float, list[tuple[Node, float, float]]] = defaultdict(list)
    for item in polar:
        rings[item[2]].append(item)
    placed = []
    for ring in rings.values():
        for index, (node, angle, distance) in enumerate(sorted(ring, key=lambda each: each[1])):
            distance += STAGGER if index % 2 else 0.0
            placed.append(Placed(node, distance * math.cos(angle), distance * math.sin(angle)))
    return placed


def draw_svg(centre: str, nodes: Sequence[Node], *, title: str = "") -> str:
    """The map as an SVG document whose texts stay text, for reading and searching."""
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "ripple-map"}):
        return _render(centre, nodes, title, "svg").decode()


def draw_png(centre: str, nodes: Sequence[Node], *, title: str = "") -> bytes:
    return _render(centre, nodes, title, "png")


def _render(centre: str, nodes: Sequence[Node], title: str, fmt: str) -> bytes:
    figure = _figure(centre, nodes, title)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=100, bbox_inches="tight", metadata=_metadata(fmt, title))
    return buffer.getvalue()


def _metadata(fmt: str, title: str) -> dict[str, str]:
    # Each format has its own metadata keys; the date is left out so exports are repeatable.
    if fmt == "svg":
        return {"Title": title or "Ripple map", "Date": ""}
    return {"Title": title or "Ripple map"}


def _figure(centre: str, nodes: Sequence[Node], title: str) -> Figure:
    outermost = max((node.level for node in nodes), default=1)
    reach = radius(outermost) + STAGGER + 0.9
    side = min(LARGEST_SIDE, max(SMALLEST_SIDE, 1.9 * reach + 0.6 * math.sqrt(len(nodes))))
    figure = Figure(figsize=(side, side))
    axes = figure.add_subplot()
    axes.set_xlim(-reach, reach)
    axes.set_ylim(-reach, reach)
    axes.set_aspect("equal")
    axes.axis("off")
    if title:
        axes.set_title(wrap(title, 60, 2), fontsize=14)
    font = max(5.0, 8.5 - len(nodes) / 25)
    _draw_rings(axes, outermost)
    placed = layout(nodes)
    _draw_lines(axes, placed)
    for item in placed:
        _draw_effect(axes, item, font)
    _label(axes, 0, 0, wrap(centre, 18, 5), CENTRE_COLOURS, font + 2, bold=True)
    _draw_legend(axes)
    return figure


def _draw_rings(axes: Axes, outermost: int) -> None:
    for level in range(1, outermost + 1):
        ring = Circle(
            (0, 0), radius(level), fill=False, linestyle=":", color="#9e9e9e", linewidth=0.8
        )
        axes.add_patch(ring)
        axes.text(
            0, -level - 0.05, RING_NAMES[level], ha="center", va="top", fontsize=8, color="#555555"
        )


def _draw_lines(axes: Axes, placed: list[Placed]) -> None:
    where: dict[int | None, tuple[float, float]] = {
        item.node.id: (item.x, item.y) for item in placed
    }
    for item in placed:
        start = where.get(item.node.parent_id, (0.0, 0.0))
        axes.add_line(
            Line2D([start[0], item.x], [start[1], item.y], color="#8c8c8c", linewidth=0.8)
        )


def _draw_effect(axes: Axes, item: Placed, font: float) -> None:
    colours = POSITIVE if item.node.positive else NEGATIVE
    style = "-" if item.node.intended else "--"
    _label(axes, item.x, item.y, wrap(item.node.text), colours, font, linestyle=style)


def _label(
    axes: Axes,
    x: float,
    y: float,
    text: str,
    colours: tuple[str, str],
    font: float,
    *,
    bold: bool = False,
    linestyle: str = "-",
) -> None:
    fill, edge = colours
    box = {
        "boxstyle": "round,pad=0.3",
        "facecolor": fill,
        "edgecolor": edge,
        "linestyle": linestyle,
    }
    axes.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=font,
        wrap=False,
        bbox=box,
        fontweight="bold" if bold else "normal",
        color="#1a1a1a",
    )


def _draw_legend(axes: Axes) -> None:
    handles = [
        Patch(facecolor=POSITIVE[0], edgecolor=POSITIVE[1], label="Positive"),
        Patch(facecolor=NEGATIVE[0], edgecolor=NEGATIVE[1], label="Negative"),
        Patch(facecolor="white", edgecolor="#555555", linestyle="--", label="Unintended"),
    ]
    axes.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)

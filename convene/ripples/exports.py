"""A map's exports: the picture as SVG or PNG, and one CSV row per effect."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.text import slugify

from convene.lib.spreadsheets import safe_cell
from convene.ripples import drawing
from convene.ripples.models import Effect, Level, RippleMap
from convene.ripples.trees import drawing_nodes

CSV_HEADER = [
    "Effect",
    "Grew from",
    "Ripple level",
    "Level name",
    "Effect text",
    "Storyteller",
    "Happened on",
    "Community capitals",
    "Positive or negative",
    "Intended",
    "Evidence",
    "Evidence link",
    "Witness",
    "Confirmation",
    "Witness's note",
    "Answered at",
    "Placed on the map",
    "Recorded at",
]
FIXED_SIZE = re.compile(r'width="[\d.]+pt" height="[\d.]+pt"')
FORMATS = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "csv": "text/csv; charset=utf-8",
}


def effects_of(ripple_map: RippleMap) -> QuerySet[Effect]:
    return Effect.objects.filter(map=ripple_map).for_tree()


def svg(ripple_map: RippleMap, effects: Sequence[Effect]) -> str:
    return drawing.draw_svg(ripple_map.centre, drawing_nodes(effects), title=ripple_map.title)


def inline_svg(ripple_map: RippleMap, effects: Sequence[Effect]) -> str:
    """The SVG without its XML prologue, to place inside a page, scaled to its container.

    Its fixed size in points gives way to the page's width (the viewBox keeps
    the proportions), so the drawing fits a phone as well as a desk.
    """
    document = svg(ripple_map, effects)
    element = document[document.index("<svg") :]
    return FIXED_SIZE.sub('width="100%"', element, count=1)


def csv_rows(effects: Sequence[Effect]) -> Iterator[list[str]]:
    """One row per effect; the storyteller is shown by pseudonym when one was chosen."""
    yield CSV_HEADER
    for effect in effects:
        yield [
            str(effect.pk),
            str(effect.parent_id or "centre"),
            str(effect.level),
            Level(effect.level).label.split("· ")[1],
            safe_cell(effect.text),
            safe_cell(effect.told_by),
            effect.happened_on.isoformat() if effect.happened_on else "",
            "; ".join(effect.capital_codes),
            effect.valence,
            "yes" if effect.intended else "no",
            safe_cell(effect.evidence),
            safe_cell(effect.evidence_url),
            effect.witness.full_name if effect.witness else "",
            effect.get_confirmation_display() if effect.witness else "",
            safe_cell(effect.confirmation_note),
            effect.confirmed_at.isoformat() if effect.confirmed_at else "",
            "yes" if effect.placed else "no",
            effect.created_at.isoformat(),
        ]


def export_response(ripple_map: RippleMap, fmt: str) -> HttpResponse:
    """The map as a download in `fmt` (svg, png or csv); the caller checked the viewer sees it."""
    effects = list(effects_of(ripple_map))
    if fmt == "svg":
        body: str | bytes = svg(ripple_map, effects)
    elif fmt == "png":
        body = drawing.draw_png(ripple_map.centre, drawing_nodes(effects), title=ripple_map.title)
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(csv_rows(effects))
        body = buffer.getvalue()
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = slugify(ripple_map.title)[:60] or "ripple-map"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response

"""Pages for survey results, with the anonymity thresholds applied."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import uuid
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.text import slugify
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from convene.lib.http import AuthenticatedRequest
from convene.lib.spreadsheets import safe_cell
from convene.surveys.results import (
    DIMENSIONS,
    Cell,
    QuestionResult,
    SurveyResults,
    get_results_for_user,
)

CHART_SECONDS = 60 * 60 * 24
SCALABLE = ' width="100%" aria-hidden="true" focusable="false"'


@dataclass(frozen=True)
class QuestionPage:
    """One question as the page shows it: its figures, its chart and the chosen breakdown."""

    result: QuestionResult
    chart: str
    breakdown: tuple[Cell, ...]

    @property
    def distribution(self) -> list[tuple[str, int]]:
        return list(zip(self.result.points, self.result.total.distribution or (), strict=False))


class DimensionForm(forms.Form):
    dimension = forms.ChoiceField(label="Break down by", choices=list(DIMENSIONS.items()))


@login_required
def results(request: AuthenticatedRequest, survey_id: uuid.UUID) -> HttpResponse:
    figures = get_results_for_user(request.user, survey_id)
    form = DimensionForm(request.GET or {"dimension": next(iter(DIMENSIONS))})
    dimension = form.cleaned_data["dimension"] if form.is_valid() else next(iter(DIMENSIONS))
    context = {
        "results": figures,
        "form": form,
        "dimension_label": DIMENSIONS[dimension],
        "questions": [
            QuestionPage(q, distribution_chart(q), q.breakdowns.get(dimension, ()))
            for q in figures.questions
        ],
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "surveys/results/_questions.html" if partial else "surveys/results/results.html"
    return render(request, template, context)


@login_required
def results_csv(request: AuthenticatedRequest, survey_id: uuid.UUID) -> HttpResponse:
    figures = get_results_for_user(request.user, survey_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(figures.survey.title) or "survey"
    response["Content-Disposition"] = f'attachment; filename="{name}-results.csv"'
    response.write(results_csv_text(figures))
    return response


CSV_HEADER = [
    "question",
    "question text",
    "breakdown",
    "group",
    "status",
    "respondents",
    "mean",
    "distribution",
    "as of week",
]


def results_csv_text(figures: SurveyResults) -> str:
    """Write exactly the released figures; a hidden figure is blank, with status "hidden"."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for result in figures.questions:
        if result.is_free_text:
            continue
        for dimension, cell in _cells(result):
            writer.writerow(_csv_row(result, dimension, cell))
    return out.getvalue()


def _cells(result: QuestionResult) -> list[tuple[str, Cell]]:
    cells = [("Total", result.total)]
    for dimension, breakdown in result.breakdowns.items():
        cells += [(DIMENSIONS[dimension], cell) for cell in breakdown]
    return cells


def _csv_row(result: QuestionResult, dimension: str, cell: Cell) -> list[object]:
    position, text = result.question.position, safe_cell(result.question.text)
    group = safe_cell(cell.label or "Everyone")
    if cell.status == "hidden":
        return [position, text, dimension, group, "hidden", "", "", "", ""]
    distribution = "; ".join(
        f"{point}: {n}" for point, n in zip(result.points, cell.distribution or (), strict=True)
    )
    mean = "" if cell.mean is None else f"{cell.mean:.2f}"
    return [
        position,
        text,
        dimension,
        group,
        cell.status,
        cell.count,
        mean,
        safe_cell(distribution),
        cell.as_of_week,
    ]


def distribution_chart(result: QuestionResult) -> str:
    """Draw a released total's distribution as an inline SVG bar chart, or return ""."""
    total = result.total
    if total.status == "hidden" or not total.distribution:
        return ""
    drawn = hashlib.sha256(repr((result.points, total.distribution)).encode()).hexdigest()
    key = f"surveys:chart:{drawn}"
    svg = cache.get(key)
    if svg is None:
        svg = _bar_chart_svg(result.points, total.distribution)
        cache.set(key, svg, CHART_SECONDS)
    return str(svg)


def _bar_chart_svg(points: tuple[str, ...], counts: tuple[int, ...]) -> str:
    # A Figure of its own, never pyplot's global state: requests run side by side.
    figure = Figure(figsize=(5.5, 0.45 * len(points) + 0.8))
    axes = figure.add_subplot()
    positions = list(range(len(points)))
    axes.barh(positions, counts, color="#2f6f73")
    axes.set_yticks(positions, labels=[_short(point) for point in points])
    axes.invert_yaxis()
    axes.set_xlabel("Respondents")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    # Scale with the column on a phone; the label around it and the table speak for it.
    return re.sub(r' width="[^"]+" height="[^"]+"', SCALABLE, svg, count=1)


def _short(label: str) -> str:
    return label if len(label) <= 30 else f"{label[:29]}…"


urlpatterns: list[URLPattern] = [
    path("<uuid:survey_id>/results/", results, name="results"),
    path("<uuid:survey_id>/results.csv", results_csv, name="results_csv"),
]

"""Print the payoffs dashboard as an executive report (PDF, with reportlab's platypus).

The report shows the same sections, tables and charts as the payoffs page,
built by dashboards.payoffs(), with a cover, a one-page summary and a note on
how respondents are kept anonymous.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.http import Http404, HttpResponse
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from convene.insights import charts
from convene.insights.figures import Dashboard, Section, Table, display, draw
from convene.insights.models import Report
from convene.surveys.models import AnonymitySettings

Progress = Callable[[int, str], None]
WIDTH = A4[0] - 4 * cm
STYLES = getSampleStyleSheet()
SMALL = ParagraphStyle("small", parent=STYLES["BodyText"], fontSize=8, leading=10)


def render_pdf(report: Report, dashboard: Dashboard, *, progress: Progress) -> bytes:
    """The report as PDF bytes; `progress` hears how far it has gone."""
    story: list[Flowable] = [*_cover(report, dashboard), PageBreak(), *_summary(dashboard)]
    for number, section in enumerate(dashboard.sections, start=1):
        progress(10 + 80 * number // (len(dashboard.sections) + 1), f"Drawing {section.title}")
        story += [PageBreak(), *_section(section)]
    story += [Spacer(1, 0.6 * cm), *_anonymity_note()]
    progress(95, "Putting the pages together")
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Convene: {report}",
        author="Convene",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    document.build(story, onLaterPages=_page_number)
    return buffer.getvalue()


def as_download(report: Report) -> HttpResponse:
    """A ready report's PDF as a download; a report still being written is not there yet."""
    if report.status != Report.Status.READY or report.pdf is None:
        raise Http404
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


def _cover(report: Report, dashboard: Dashboard) -> list[Flowable]:
    return [
        Spacer(1, 6 * cm),
        Paragraph("Executive report", STYLES["Title"]),
        Paragraph("The payoffs of our leadership communities", STYLES["Heading2"]),
        Spacer(1, 1 * cm),
        _text(f"Covering {dashboard.scope}"),
        _text(
            f"Prepared for {report.requested_by} on "
            f"{timezone.localdate():%-d %B %Y}. Confidential to its reader."
        ),
    ]


def _summary(dashboard: Dashboard) -> list[Flowable]:
    flowables: list[Flowable] = [Paragraph("Summary", STYLES["Heading1"])]
    for section in dashboard.sections:
        flowables += [Paragraph(escape(section.title), STYLES["Heading3"]), _text(section.summary)]
        flowables += [_text(note) for note in section.notes]
    return flowables


def _section(section: Section) -> list[Flowable]:
    flowables: list[Flowable] = [
        Paragraph(escape(section.title), STYLES["Heading1"]),
        _text(section.summary),
    ]
    flowables += [_text(note) for note in section.notes]
    for table in section.tables:
        flowables += [Spacer(1, 0.3 * cm), *_table_with_chart(table)]
    return flowables


def _table_with_chart(table: Table) -> list[Flowable]:
    parts: list[Flowable] = [Paragraph(escape(table.caption), STYLES["Heading3"])]
    figure = draw(table)
    if figure is not None:
        parts.append(Image(io.BytesIO(charts.png(figure)), width=WIDTH, height=WIDTH / 2))
    if not table.rows:
        return [*parts, _text(table.empty)]
    header = [table.row_heading, *table.columns]
    body = [[row.label, *(display(v) for v in row.values)] for row in table.rows]
    grid = PdfTable(
        [[Paragraph(escape(str(cell)), SMALL) for cell in line] for line in [header, *body]],
        repeatRows=1,
        hAlign="LEFT",
    )
    grid.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [KeepTogether(parts), grid]


def _anonymity_note() -> list[Flowable]:
    policy = AnonymitySettings.policy()
    return [
        Paragraph("How respondents are kept anonymous", STYLES["Heading2"]),
        _text(
            f"No survey figure in this report describes fewer than {policy.minimum} "
            f"respondents, and comments appear only from groups of at least "
            f"{policy.free_text_minimum}. Where a group is smaller, the figure is hidden, and "
            "further figures are hidden where subtracting one from another could reveal it. "
            "Stories appear only with their authors' consent for reporting, under the name "
            "they chose."
        ),
    ]


def _text(text: str) -> Paragraph:
    return Paragraph(escape(text), STYLES["BodyText"])


def _page_number(canvas: object, document: SimpleDocTemplate) -> None:
    canvas.setFont("Helvetica", 8)  # type: ignore[attr-defined]
    canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Page {document.page}")  # type: ignore[attr-defined]

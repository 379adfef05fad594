"""Services for insights, each a verb that writes in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from convene.audit.models import record
from convene.insights import tasks
from convene.insights.models import Report

if TYPE_CHECKING:
    from convene.communities.models import Community
    from convene.insights.periods import Period
    from convene.people.models import User

logger = logging.getLogger(__name__)

_BROKEN = "Something went wrong while writing the report. Please ask for it again."


class InsightError(Exception):
    """A request for insights that cannot be answered."""


@transaction.atomic
def request_report(*, actor: User, communities: Sequence[Community], period: Period) -> Report:
    """Ask for an executive report; it is written in the background."""
    if not communities:
        raise InsightError("Choose at least one community for the report.")
    report = Report.objects.create(requested_by=actor, since=period.since, until=period.until)
    report.communities.set(communities)
    record(actor, "insights.report_requested", report, communities=[c.pk for c in communities])
    report_id = str(report.pk)
    transaction.on_commit(lambda: tasks.write_report.enqueue(report_id))
    return report


def write_report(report_id: str) -> None:
    """Write a waiting report's PDF, showing progress. Safe to run twice.

    Whatever goes wrong, the report ends up failed with a reason, never stuck.
    """
    claimed = Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
        status=Report.Status.RUNNING, progress=0
    )
    if not claimed:
        return
    report = Report.objects.select_related("requested_by").get(pk=report_id)
    try:
        pdf = _render(report)
    except Exception:
        logger.exception("Writing report %s failed", report_id)
        _finish(report, Report.Status.FAILED, failure=_BROKEN)
    else:
        _finish(report, Report.Status.READY, pdf=pdf)


def _render(report: Report) -> bytes:
    # Imported here: these modules raise InsightError, so they import this one.
    from convene.insights import reports
    from convene.insights.access import payoff_communities
    from convene.insights.dashboards import PULSES, payoffs, pulse_section
    from convene.insights.periods import Period

    # Figures are drawn as the requester may see them today, not when they asked.
    allowed = {c.pk for c in payoff_communities(report.requested_by)}
    communities = [c for c in report.communities.order_by("name") if c.pk in allowed]
    show_progress(report, 10, "Counting the figures")
    period = Period(report.since, report.until)
    dashboard = payoffs(report.requested_by, communities, period)
    # The pulses come after the value matrix, as confidence and perception follow from it.
    dashboard.sections[1:1] = [
        pulse_section(report.requested_by, instrument, communities, period) for instrument in PULSES
    ]
    return reports.render_pdf(report, dashboard, progress=lambda p, s: show_progress(report, p, s))


def show_progress(report: Report, percent: int, step: str) -> None:
    report.progress, report.step = percent, step
    report.save(update_fields=["progress", "step"])


def _finish(report: Report, status: str, *, pdf: bytes | None = None, failure: str = "") -> None:
    report.status, report.pdf, report.failure = status, pdf, failure
    report.progress, report.step, report.finished_at = 100, "", timezone.now()
    report.save(update_fields=["status", "pdf", "failure", "progress", "step", "finished_at"])

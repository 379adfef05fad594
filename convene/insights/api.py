"""Insights through the API: the three dashboards and executive reports.

The figures are those of the pages, built once in dashboards.py: each
dashboard comes back as sections of tables, a table's rows holding the same
numbers its chart draws. A figure hidden to protect respondents is text, never
a number.
"""

from __future__ import annotations

import datetime
import uuid

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from convene.api.types import Text
from convene.insights import dashboards, services
from convene.insights.access import (
    choose_communities,
    get_health_community_for_user,
    get_payoff_communities,
    get_pulse,
    get_report_for_user,
)
from convene.insights.figures import Cell, Dashboard, Section
from convene.insights.models import Report
from convene.insights.periods import LONGEST_YEARS, Period
from convene.insights.reports import as_download
from convene.lib.http import AuthenticatedRequest

router = Router(tags=["insights"])


class RowOut(Schema):
    label: str
    values: list[Cell] = Field(description="One per column; text where a figure is hidden.")


class TableOut(Schema):
    slug: str
    caption: str
    row_heading: str
    columns: list[str]
    rows: list[RowOut]
    chart: str | None = Field(description="`bar`, `stacked`, `line`, `matrix` or none.")


class SectionOut(Schema):
    slug: str
    title: str
    summary: str
    notes: list[str] = Field(description="What is hidden and why, among other notes.")
    tables: list[TableOut]


class DashboardOut(Schema):
    title: str
    scope: str
    sections: list[SectionOut]


class PeriodIn(Schema):
    since: datetime.date | None = Field(None, description="Default: a year before `until`.")
    until: datetime.date | None = Field(
        None, description=f"Default: today. At most {LONGEST_YEARS} years after `since`."
    )


class PayoffsFilters(PeriodIn):
    community: list[str] = Field(
        default_factory=list, description="Community slugs; repeat it. Default: all you may see."
    )


class ReportIn(PeriodIn):
    communities: list[str] = Field(
        default_factory=list, description="Community slugs. Default: all you may see."
    )


class ReportOut(Schema):
    id: uuid.UUID
    since: datetime.date
    until: datetime.date
    communities: list[str]
    status: str = Field(description=", ".join(f"`{s}`" for s in Report.Status.values))
    progress: int = Field(description="Per cent done.")
    failure: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    pdf_url: str | None

    @staticmethod
    def resolve_communities(report: Report) -> list[str]:
        return [community.slug for community in report.communities.all()]

    @staticmethod
    def resolve_pdf_url(report: Report) -> str | None:
        if report.status != Report.Status.READY:
            return None
        return f"/api/v1/insights/reports/{report.pk}/pdf"


@router.get("/insights/me", response=DashboardOut, summary="Your journey")
def member_journey(request: AuthenticatedRequest) -> Dashboard:
    return dashboards.member_dashboard(request.user)


@router.get("/insights/communities/{slug}", response=DashboardOut, summary="A community's health")
def community_health(request: AuthenticatedRequest, slug: Text) -> Dashboard:
    """For the community's convenors, co-convenors and sponsor, and administrators."""
    return dashboards.community_health(get_health_community_for_user(request.user, slug))


@router.get(
    "/insights/communities/{slug}/pulses/{instrument}",
    response=SectionOut,
    summary="A community's pulse trend",
)
def community_pulse(request: AuthenticatedRequest, slug: Text, instrument: str) -> Section:
    """Released figures only; a hidden one reads "fewer than N responses"."""
    community = get_health_community_for_user(request.user, slug)
    return dashboards.pulse_section(request.user, get_pulse(instrument), [community], None)


@router.get("/insights/payoffs", response=DashboardOut, summary="The payoffs")
def payoffs(request: AuthenticatedRequest, filters: Query[PayoffsFilters]) -> Dashboard:
    """For sponsors (their communities), executives and administrators (those they can read)."""
    communities = choose_communities(get_payoff_communities(request.user), filters.community)
    period = Period.checked(filters.since, filters.until)
    return dashboards.payoffs(request.user, communities, period)


@router.get("/insights/payoffs/pulses/{instrument}", response=SectionOut, summary="A pulse's trend")
def payoff_pulse(
    request: AuthenticatedRequest, instrument: str, filters: Query[PayoffsFilters]
) -> Section:
    """Pooled across the communities; released figures only, a hidden one reads "fewer than
    N responses"."""
    communities = choose_communities(get_payoff_communities(request.user), filters.community)
    period = Period.checked(filters.since, filters.until)
    return dashboards.pulse_section(request.user, get_pulse(instrument), communities, period)


@router.post("/insights/reports", response={202: ReportOut}, summary="Ask for a report")
def report_create(request: AuthenticatedRequest, data: ReportIn) -> Status:
    """Start writing an executive report (PDF); poll its status until it is `ready`."""
    communities = choose_communities(get_payoff_communities(request.user), data.communities)
    period = Period.checked(data.since, data.until)
    report = services.request_report(actor=request.user, communities=communities, period=period)
    return Status(202, report)


@router.get("/insights/reports/{report_id}", response=ReportOut, summary="A report's status")
def report_detail(request: AuthenticatedRequest, report_id: uuid.UUID) -> Report:
    return get_report_for_user(request.user, report_id)


@router.get("/insights/reports/{report_id}/pdf", summary="A ready report's PDF")
def report_pdf(request: AuthenticatedRequest, report_id: uuid.UUID) -> HttpResponse:
    return as_download(get_report_for_user(request.user, report_id))

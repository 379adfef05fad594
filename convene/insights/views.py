from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from convene.insights import dashboards, services
from convene.insights.access import (
    get_health_community_for_user,
    get_payoff_communities,
    get_pulse,
    get_report_for_user,
)
from convene.insights.forms import PayoffsForm
from convene.insights.hub import hub_for
from convene.insights.models import Report
from convene.insights.reports import as_download
from convene.insights.services import InsightError
from convene.lib.http import AuthenticatedRequest

RECENT_REPORTS = 20


@login_required
def member_journey(request: AuthenticatedRequest) -> HttpResponse:
    dashboard = dashboards.member_dashboard(request.user)
    return render(request, "insights/dashboard.html", {"dashboard": dashboard})


@login_required
def community_health(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_health_community_for_user(request.user, slug)
    dashboard = dashboards.community_health(community)
    context = {"dashboard": dashboard, "community": community, "pulses": dashboards.PULSES}
    return render(request, "insights/dashboard.html", context)


@login_required
def community_pulse(request: AuthenticatedRequest, slug: str, instrument: str) -> HttpResponse:
    """One pulse's section of a community's health, loaded after the page."""
    community = get_health_community_for_user(request.user, slug)
    section = dashboards.pulse_section(request.user, get_pulse(instrument), [community], None)
    return render(request, "insights/_sections.html", {"dashboard": {"sections": [section]}})


@login_required
def payoffs(request: AuthenticatedRequest) -> HttpResponse:
    communities = get_payoff_communities(request.user)
    form = PayoffsForm(request.GET, communities=communities)
    dashboard = None
    if form.is_valid():
        data = form.cleaned_data
        dashboard = dashboards.payoffs(request.user, data["chosen"], data["period"])
    context = {"form": form, "dashboard": dashboard, "pulses": dashboards.PULSES}
    return render(request, "insights/payoffs.html", context)


@login_required
def payoff_pulse(request: AuthenticatedRequest, instrument: str) -> HttpResponse:
    """One pulse's section of the payoffs, loaded after the page with the same choices."""
    form = PayoffsForm(request.GET, communities=get_payoff_communities(request.user))
    sections = []
    if form.is_valid():
        data = form.cleaned_data
        pulse = get_pulse(instrument)
        sections.append(
            dashboards.pulse_section(request.user, pulse, data["chosen"], data["period"])
        )
    return render(request, "insights/_sections.html", {"dashboard": {"sections": sections}})


@login_required
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    communities = get_payoff_communities(request.user)
    return _render_reports(request, PayoffsForm(communities=communities))


@login_required
@require_POST
def report_create(request: AuthenticatedRequest) -> HttpResponse:
    form = PayoffsForm(request.POST, communities=get_payoff_communities(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.request_report(
                actor=request.user, communities=data["chosen"], period=data["period"]
            )
        except InsightError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your report is being written. It appears here when ready.")
            return redirect(report)
    return _render_reports(request, form)


@login_required
def report_detail(request: AuthenticatedRequest, report_id: uuid.UUID) -> HttpResponse:
    report = get_report_for_user(request.user, report_id)
    return render(request, "insights/report_detail.html", {"report": report})


@login_required
def report_progress(request: AuthenticatedRequest, report_id: uuid.UUID) -> HttpResponse:
    """The progress bar, polled while the report is written; reloads the page once it is done."""
    report = get_report_for_user(request.user, report_id)
    response = render(request, "insights/_report_progress.html", {"report": report})
    if not report.is_working and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
def report_pdf(request: AuthenticatedRequest, report_id: uuid.UUID) -> HttpResponse:
    return as_download(get_report_for_user(request.user, report_id))


def _render_reports(request: AuthenticatedRequest, form: PayoffsForm) -> HttpResponse:
    reports = Report.objects.visible_to(request.user).defer("pdf").prefetch_related("communities")
    return render(
        request,
        "insights/report_list.html",
        {"form": form, "reports": reports[:RECENT_REPORTS]},
    )


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "insights/home.html", {"hub": hub_for(request.user)})

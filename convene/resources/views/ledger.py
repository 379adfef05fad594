"""Ledger pages: a project's and a community's resources, claims, hours, CSV and receipts."""

from __future__ import annotations

import csv
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from convene.lib.http import AuthenticatedRequest
from convene.projects.access import get_project_for_user
from convene.projects.models import Project
from convene.resources import ledger as services
from convene.resources import summaries
from convene.resources.forms.ledger import ClaimForm, HoursForm
from convene.resources.models import (
    ApprovalRule,
    Cap,
    LedgerEntry,
    Period,
    ResourceRequest,
    describe,
)
from convene.resources.parameters import (
    current_period,
    describe_cap,
    describe_rule,
    may_set_parameters,
)
from convene.resources.requests import may_draft
from convene.resources.services import ResourceError

PAGE_SIZE = 50
REQUESTS_SHOWN = 20


@login_required
def project_resources(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    """A project's balances, allocations, requests and ledger, with the forms to spend."""
    project = get_project_for_user(request.user, project_id)
    return _project_page(request, project)


@require_POST
@login_required
def claim_create(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    form = ClaimForm(request.POST, request.FILES, allocations=services.claimable(project))
    if form.is_valid():
        try:
            entry = services.claim(actor=request.user, **form.cleaned_data)
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Your claim for {_amount_text(entry)} is recorded.")
            return redirect("resources:project_resources", project.pk)
    return _project_page(request, project, claim_form=form)


@require_POST
@login_required
def hours_log(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    form = HoursForm(request.POST, allocations=services.loggable(request.user, project))
    if form.is_valid():
        try:
            entry = services.log_hours(actor=request.user, **form.cleaned_data)
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{_amount_text(entry).capitalize()} logged.")
            return redirect("resources:project_resources", project.pk)
    return _project_page(request, project, hours_form=form)


def _amount_text(entry: LedgerEntry) -> str:
    return describe(entry.allocation.envelope.kind, entry.amount)


def _project_page(
    request: AuthenticatedRequest, project: Project, **bound: ClaimForm | HoursForm
) -> HttpResponse:
    user = request.user
    claimable = list(services.claimable(project)) if services.may_claim(user, project) else []
    loggable = services.loggable(user, project)
    page = Paginator(services.project_ledger(project), PAGE_SIZE).get_page(request.GET.get("page"))
    _with_texts(page)
    context = {
        "project": project,
        "balances": services.project_balances(project),
        "allocations": _with_labels(list(services.with_sources(project.allocations.all()))),
        "page": page,
        "requests": list(
            ResourceRequest.objects.filter(project=project)
            .select_related("period")
            .order_by("-created_at", "id")[:REQUESTS_SHOWN]
        ),
        "may_request": may_draft(user, project),
        "claim_form": bound.get("claim_form")
        or (ClaimForm(allocations=claimable) if claimable else None),
        "hours_form": bound.get("hours_form")
        or (HoursForm(allocations=loggable) if loggable else None),
        "may_spend": services.may_spend(project),
    }
    status = 400 if bound else 200
    return render(request, "resources/ledger/project_resources.html", context, status=status)


@login_required
def community_resources(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """A community's parameters, balances, every project's allocations and the ledger, by period."""
    community = services.get_community_for_user(request.user, slug)
    period = services.chosen_period(community, request.GET.get("period"))
    entries = services.community_ledger(community, period, request.user)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_texts(page)
    context = {
        "community": community,
        "period": period,
        "periods": _with(period, list(services.periods_of(community))),
        "is_current": period is not None and period == current_period(),
        "balances": services.community_balances(community, period),
        "caps": _caps(period),
        "rules": _rules(period),
        "allocations": _with_labels(
            list(services.community_allocations(community, period, request.user))
        ),
        "page": page,
        "may_set_parameters": may_set_parameters(request.user),
    }
    return render(request, "resources/ledger/community_resources.html", context)


def _with(period: Period | None, periods: list[Period]) -> list[Period]:
    """The periods to choose from, including the one shown even when it has no envelopes."""
    if period is None or period in periods:
        return periods
    return sorted([period, *periods], key=lambda each: each.starts_on, reverse=True)


def _caps(period: Period | None) -> list[str]:
    caps = Cap.objects.filter(period=period) if period else Cap.objects.none()
    return [describe_cap(cap) for cap in caps]


def _rules(period: Period | None) -> list[str]:
    rules = ApprovalRule.objects.filter(period=period) if period else ApprovalRule.objects.none()
    return [describe_rule(rule) for rule in rules]


def _with_labels(allocations: list[Any]) -> list[Any]:
    for each in allocations:
        kind = each.envelope.kind
        each.texts = {
            figure: describe(kind, getattr(each, figure))
            for figure in ("amount", "spent", "released", "unspent")
        }
        each.source = each.line.purpose if each.line else "Allocation round"
        each.whose = services.whose_hours(each)
    return allocations


def _with_texts(page: Any) -> None:
    for entry in page:
        entry.amount_text = describe(entry.allocation.envelope.kind, entry.amount)
        entry.receipt_url = services.receipt_url(entry)


@login_required
def community_summary(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The community page's resources panel: what is left of each envelope this period."""
    community = services.get_community_for_user(request.user, slug)
    context = summaries.community_summary(community)
    return render(request, "resources/ledger/_community_summary.html", context)


@login_required
def project_ledger_csv(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    return _csv(services.project_ledger(project), f"ledger-{project.pk}")


@login_required
def community_ledger_csv(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = services.get_community_for_user(request.user, slug)
    period = services.chosen_period(community, request.GET.get("period"))
    name = f"ledger-{community.slug}" + (f"-{period.pk}" if period else "")
    return _csv(services.community_ledger(community, period, request.user), name)


def _csv(entries: Any, name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerows(services.csv_rows(entries.iterator(chunk_size=500)))
    return response


@login_required
def receipt(request: AuthenticatedRequest, entry_id: int) -> FileResponse:
    """A claim's receipt, only for people who can see the project; a 404 for anyone else."""
    return receipt_response(services.get_receipt_for_user(request.user, entry_id))


def receipt_response(entry: LedgerEntry) -> FileResponse:
    """The receipt as a download that no shared cache keeps."""
    response = FileResponse(
        entry.receipt.open("rb"),
        as_attachment=True,
        filename=f"receipt-{entry.pk}.{(entry.receipt.name or '').rsplit('.', 1)[-1]}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("projects/<uuid:project_id>/resources/", project_resources, name="project_resources"),
    path("projects/<uuid:project_id>/resources/claims/", claim_create, name="claim_create"),
    path("projects/<uuid:project_id>/resources/hours/", hours_log, name="hours_log"),
    path(
        "projects/<uuid:project_id>/resources/ledger.csv",
        project_ledger_csv,
        name="project_ledger_csv",
    ),
    path("communities/<slug:slug>/resources/", community_resources, name="community_resources"),
    path("communities/<slug:slug>/resources/summary/", community_summary, name="community_summary"),
    path(
        "communities/<slug:slug>/resources/ledger.csv",
        community_ledger_csv,
        name="community_ledger_csv",
    ),
    path("ledger/<int:entry_id>/receipt/", receipt, name="receipt"),
]

"""Pages for resource requests: draft, check, submit, decide and the approval queue."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from convene.communities.models import Membership
from convene.lib.http import AuthenticatedRequest
from convene.people.models import User
from convene.projects.access import get_project_for_user
from convene.projects.models import Project
from convene.projects.services import is_lead
from convene.resources import approvals
from convene.resources import requests as services
from convene.resources.forms.requests import DecisionForm, LineForm, SummaryForm
from convene.resources.models import Approval, ExpertOffer, ResourceRequest, describe
from convene.resources.services import ResourceError

PAGE_SIZE = 40


@login_required
def project_requests(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    """A project's resource requests, newest first."""
    project = get_project_for_user(request.user, project_id)
    requests = (
        project.requests.select_related("period", "requested_by")
        .prefetch_related("lines")
        .order_by("-created_at", "id")
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_amounts(page)
    context = {
        "project": project,
        "page": page,
        "may_draft": services.may_draft(request.user, project),
    }
    return render(request, "resources/requests/project_requests.html", context)


@login_required
def request_create(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    """Start a request for the project's resources, as one of its leads."""
    project = get_project_for_user(request.user, project_id)
    if not services.may_draft(request.user, project):
        messages.error(request, _why_not_draft(request.user, project))
        return redirect(project)
    form = SummaryForm(request.POST or None)
    if form.is_valid():
        try:
            draft = services.draft_request(actor=request.user, project=project, **form.cleaned_data)
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your request is saved as a draft. Add what you ask for.")
            return redirect("resources:request_detail", draft.pk)
    context = {"project": project, "form": form}
    return render(request, "resources/requests/request_form.html", context, status=_status(form))


def _why_not_draft(user: User, project: Project) -> str:
    if project.is_ended:
        return "This project has ended, so it can no longer ask for resources."
    if project.status not in services.MAY_ASK:
        return "A project asks for resources once it is proposed."
    return "Only the project's leads ask for its resources."


@login_required
def request_detail(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    """A request's lines, consents and approval chain, with the forms its viewer may use."""
    resource_request = services.get_request_for_user(request.user, request_id)
    context = _detail_context(request.user, resource_request)
    return render(request, "resources/requests/request_detail.html", context)


def _detail_context(user: User, resource_request: ResourceRequest, **bound: Any) -> dict[str, Any]:
    project = resource_request.project
    lines = list(resource_request.lines.select_related("person__line_manager", "offer__expert"))
    for line in lines:
        line.asked = describe(line.kind, line.amount)  # type: ignore[attr-defined]
        line.granted = "" if line.approved is None else describe(line.kind, line.approved)  # type: ignore[attr-defined]
    lead = is_lead(user, project)
    is_draft = lead and resource_request.status == ResourceRequest.Status.DRAFT
    may_decide = services.may_decide(user, resource_request)
    return {
        "resource_request": resource_request,
        "project": project,
        "sees_project": Project.objects.visible_to(user).filter(pk=project.pk).exists(),
        "lines": lines,
        "chain": _chain(resource_request),
        "is_lead": lead,
        "may_edit": is_draft and not project.is_ended,
        "may_withdraw": lead and not resource_request.is_decided and not project.is_ended,
        "problems": services.limit_problems(resource_request) if is_draft and lines else [],
        "summary_form": bound.get("summary_form")
        or SummaryForm(initial={"summary": resource_request.summary}),
        "line_form": bound.get("line_form") or (_line_form(resource_request) if is_draft else None),
        "decision_form": bound.get("decision_form")
        or (DecisionForm(lines=lines) if may_decide else None),
        "step": services.current_step(resource_request),
    }


def _chain(resource_request: ResourceRequest) -> list[dict[str, Any]]:
    decided = {a.step: a for a in resource_request.approvals.select_related("decided_by")}
    return [
        {"step": step, "label": Approval.Step(step).label, "approval": decided.get(step)}
        for step in services.steps(resource_request)
    ]


def _line_form(resource_request: ResourceRequest, data: Any = None) -> LineForm:
    community = resource_request.project.community
    current = Membership.objects.current().filter(community=community).values("user")
    return LineForm(
        data,
        members=User.objects.active().filter(pk__in=current).order_by("full_name"),
        offers=ExpertOffer.objects.filter(is_open=True, remaining__gt=0).select_related("expert"),
    )


@require_POST
@login_required
def request_edit(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    resource_request = services.get_request_for_user(request.user, request_id)
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            services.edit_summary(actor=request.user, request=resource_request, **form.cleaned_data)
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The request is saved.")
            return redirect("resources:request_detail", resource_request.pk)
    return _detail_with(request, resource_request, summary_form=form)


@require_POST
@login_required
def line_add(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    resource_request = services.get_request_for_user(request.user, request_id)
    form = _line_form(resource_request, request.POST)
    if form.is_valid():
        try:
            services.add_line(actor=request.user, request=resource_request, **form.cleaned_data)
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The line is added.")
            return redirect("resources:request_detail", resource_request.pk)
    return _detail_with(request, resource_request, line_form=form)


@require_POST
@login_required
def line_remove(request: AuthenticatedRequest, request_id: uuid.UUID, line_id: int) -> HttpResponse:
    resource_request = services.get_request_for_user(request.user, request_id)
    line = services.get_line(resource_request, line_id)
    try:
        services.remove_line(actor=request.user, line=line)
    except ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The line is removed.")
    return redirect("resources:request_detail", resource_request.pk)


@require_POST
@login_required
def request_submit(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    resource_request = services.get_request_for_user(request.user, request_id)
    try:
        services.submit_request(actor=request.user, request=resource_request)
    except ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "Submitted. The approvers, and anyone asked to consent, are told."
        )
    return redirect("resources:request_detail", resource_request.pk)


@require_POST
@login_required
def request_withdraw(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    resource_request = services.get_request_for_user(request.user, request_id)
    try:
        services.withdraw_request(actor=request.user, request=resource_request)
    except ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The request is withdrawn.")
    return redirect("resources:request_detail", resource_request.pk)


@require_POST
@login_required
def request_decide(request: AuthenticatedRequest, request_id: uuid.UUID) -> HttpResponse:
    """Take the current step of the approval chain."""
    resource_request = services.get_request_for_user(request.user, request_id)
    step = services.current_step(resource_request)
    lines = list(resource_request.lines.all())
    form = DecisionForm(request.POST, lines=lines)
    if step is None:
        messages.error(request, "This request is not awaiting a decision.")
        return redirect("resources:request_detail", resource_request.pk)
    if form.is_valid():
        try:
            approvals.decide(
                actor=request.user,
                request=resource_request,
                step=step,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                approved=form.approved(),
            )
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your decision is recorded. The team is told.")
            return redirect("resources:request_detail", resource_request.pk)
    return _detail_with(request, resource_request, decision_form=form)


def _detail_with(
    request: AuthenticatedRequest, resource_request: ResourceRequest, **bound: Any
) -> HttpResponse:
    resource_request = services.get_request_for_user(request.user, resource_request.pk)
    context = _detail_context(request.user, resource_request, **bound)
    return render(request, "resources/requests/request_detail.html", context, status=400)


@login_required
def approval_queue(request: AuthenticatedRequest) -> HttpResponse:
    """Requests awaiting the signed-in person's decision, oldest first."""
    page = Paginator(services.awaiting(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    _with_amounts(page)
    return render(request, "resources/requests/approval_queue.html", {"page": page})


def _with_amounts(page: Any) -> None:
    for item in page:
        item.amounts = services.amounts_text(item)


def _status(form: forms.Form) -> int:
    return 400 if form.is_bound and form.errors else 200


urlpatterns: list[URLPattern] = [
    path("projects/<uuid:project_id>/requests/", project_requests, name="project_requests"),
    path("projects/<uuid:project_id>/requests/new/", request_create, name="request_create"),
    path("requests/awaiting/", approval_queue, name="approval_queue"),
    path("requests/<uuid:request_id>/", request_detail, name="request_detail"),
    path("requests/<uuid:request_id>/edit/", request_edit, name="request_edit"),
    path("requests/<uuid:request_id>/lines/", line_add, name="request_line_add"),
    path(
        "requests/<uuid:request_id>/lines/<int:line_id>/remove/",
        line_remove,
        name="request_line_remove",
    ),
    path("requests/<uuid:request_id>/submit/", request_submit, name="request_submit"),
    path("requests/<uuid:request_id>/withdraw/", request_withdraw, name="request_withdraw"),
    path("requests/<uuid:request_id>/decide/", request_decide, name="request_decide"),
]

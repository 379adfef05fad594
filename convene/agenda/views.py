from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from convene.agenda import measures, services
from convene.agenda.access import (
    get_action_for_user,
    get_contribution_for_user,
    get_issue_for_user,
    get_version_for_user,
)
from convene.agenda.forms import (
    ContributionForm,
    IssueForm,
    ProjectLinkForm,
    ResponseForm,
    StatusForm,
    SubmitForm,
    TakeUpForm,
    VersionForm,
)
from convene.agenda.models import Action, Contribution, Issue, Response
from convene.agenda.services import AgendaError
from convene.communities.models import Community
from convene.discussions.models import Post, readable_communities
from convene.lib.http import AuthenticatedRequest
from convene.lib.textdiff import diff_html
from convene.projects.models import Project

PAGE_SIZE = 50
SORTS = {"support": ("-support_count", "-created_at"), "recent": ("-created_at",)}


@login_required
def issue_list(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation's issues, most supported first, in a fixed number of queries."""
    sort = request.GET.get("sort", "support")
    sort = sort if sort in SORTS else "support"
    issues = Issue.objects.visible_to(request.user).for_list(request.user).order_by(*SORTS[sort])
    status = request.GET.get("status", "")
    if status in Issue.Status.values:
        issues = issues.filter(status=status)
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "sort": sort, "status": status, "statuses": Issue.Status.choices}
    return render(request, "agenda/issue_list.html", context)


@login_required
def issue_create(request: AuthenticatedRequest) -> HttpResponse:
    """Raise an issue; from a post (`?post=`), prefilled and linked to the conversation."""
    post = _source_post(request)
    initial = {"title": post.title, "description": _quote(post)} if post else None
    form = IssueForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            issue = services.raise_issue(actor=request.user, source_post=post, **form.for_service())
        except AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your issue is on the organisational agenda.")
            return redirect(issue)
    context = {"form": form, "source_post": post}
    return render(request, "agenda/issue_form.html", context, status=400 if form.errors else 200)


@login_required
def issue_detail(request: AuthenticatedRequest, issue_id: uuid.UUID) -> HttpResponse:
    issue = get_issue_for_user(request.user, issue_id)
    return render(request, "agenda/issue_detail.html", _issue_context(request, issue))


@require_POST
@login_required
def issue_support(request: AuthenticatedRequest, issue_id: uuid.UUID) -> HttpResponse:
    issue = get_issue_for_user(request.user, issue_id)
    try:
        if request.POST.get("action") == "withdraw":
            services.withdraw_support(actor=request.user, issue=issue)
            messages.success(request, "Your support is withdrawn.")
        else:
            services.support_issue(actor=request.user, issue=issue)
            messages.success(request, "You support this issue.")
    except AgendaError as error:
        messages.error(request, str(error))
    return redirect(issue)


@require_POST
@login_required
def issue_take_up(request: AuthenticatedRequest, issue_id: uuid.UUID) -> HttpResponse:
    issue = get_issue_for_user(request.user, issue_id)
    form = TakeUpForm(request.POST, communities=Community.objects.led_by(request.user))
    if form.is_valid():
        try:
            uptake = services.take_up_issue(actor=request.user, issue=issue, **form.cleaned_data)
        except AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{uptake.community} has taken this issue up.")
            return redirect(issue)
    context = _issue_context(request, issue, take_up_form=form)
    return render(request, "agenda/issue_detail.html", context, status=400)


@require_POST
@login_required
def issue_status(request: AuthenticatedRequest, issue_id: uuid.UUID) -> HttpResponse:
    issue = get_issue_for_user(request.user, issue_id)
    form = StatusForm(request.POST)
    try:
        if not form.is_valid():
            raise AgendaError("Choose a status.")
        services.set_issue_status(actor=request.user, issue=issue, **form.cleaned_data)
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The issue is now “{issue.get_status_display()}”.")
    return redirect(issue)


@login_required
def contribution_create(request: AuthenticatedRequest, issue_id: uuid.UUID) -> HttpResponse:
    issue = get_issue_for_user(request.user, issue_id)
    communities = Community.objects.joined_by(request.user).filter(issue_uptakes__issue=issue)
    form = ContributionForm(request.POST or None, communities=communities)
    if form.is_valid():
        data = {**form.cleaned_data}
        try:
            contribution = services.start_contribution(actor=request.user, issue=issue, **data)
        except AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your draft is saved as version 1.")
            return redirect(contribution)
    context = {"issue": issue, "form": form}
    status = 400 if form.errors else 200
    return render(request, "agenda/contribution_form.html", context, status=status)


@login_required
def contribution_detail(request: AuthenticatedRequest, contribution_id: uuid.UUID) -> HttpResponse:
    contribution = get_contribution_for_user(request.user, contribution_id)
    return render(
        request, "agenda/contribution_detail.html", _contribution_context(request, contribution)
    )


@require_POST
@login_required
def version_create(request: AuthenticatedRequest, contribution_id: uuid.UUID) -> HttpResponse:
    contribution = get_contribution_for_user(request.user, contribution_id)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            version = services.add_version(
                actor=request.user, contribution=contribution, **form.cleaned_data
            )
        except AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved as version {version.number}.")
            return redirect(contribution)
    context = _contribution_context(request, contribution, version_form=form)
    return render(request, "agenda/contribution_detail.html", context, status=400)


@require_POST
@login_required
def contribution_project(request: AuthenticatedRequest, contribution_id: uuid.UUID) -> HttpResponse:
    """Name the project of the community that the contribution draws on or proposes."""
    contribution = get_contribution_for_user(request.user, contribution_id)
    form = _project_form(contribution, request.POST)
    if form is not None and form.is_valid():
        try:
            services.link_project(
                actor=request.user, contribution=contribution, **form.cleaned_data
            )
        except AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The contribution's project is saved.")
            return redirect(contribution)
    elif form is None:
        messages.error(request, "Only a community's contribution can name one of its projects.")
        return redirect(contribution)
    context = _contribution_context(request, contribution, project_form=form)
    return render(request, "agenda/contribution_detail.html", context, status=400)


@login_required
def version_compare(request: AuthenticatedRequest, contribution_id: uuid.UUID) -> HttpResponse:
    contribution = get_contribution_for_user(request.user, contribution_id)
    try:
        older, newer = int(request.GET.get("from", "")), int(request.GET.get("to", ""))
    except ValueError:
        raise Http404 from None
    old = get_version_for_user(request.user, contribution, older)
    new = get_version_for_user(request.user, contribution, newer)
    sections = [
        (name.capitalize(), diff_html(getattr(old, name), getattr(new, name)))
        for name in old.SECTIONS
    ]
    context = {"contribution": contribution, "old": old, "new": new, "sections": sections}
    return render(request, "agenda/version_compare.html", context)


@require_POST
@login_required
def contribution_submit(request: AuthenticatedRequest, contribution_id: uuid.UUID) -> HttpResponse:
    contribution = get_contribution_for_user(request.user, contribution_id)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            contribution = services.submit_contribution(
                actor=request.user, contribution=contribution, **form.cleaned_data
            )
        except AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Submitted. A response is due by {contribution.target_on:%-d %B %Y}."
            )
            return redirect(contribution)
    context = _contribution_context(request, contribution, submit_form=form)
    return render(request, "agenda/contribution_detail.html", context, status=400)


@require_POST
@login_required
def contribution_respond(request: AuthenticatedRequest, contribution_id: uuid.UUID) -> HttpResponse:
    contribution = get_contribution_for_user(request.user, contribution_id)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.respond(actor=request.user, contribution=contribution, **form.cleaned_data)
        except AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your response is posted and the contributors are told.")
            return redirect(contribution)
    context = _contribution_context(request, contribution, response_form=form)
    return render(request, "agenda/contribution_detail.html", context, status=400)


@require_POST
@login_required
def action_complete(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    action = get_action_for_user(request.user, action_id)
    try:
        services.complete_action(actor=request.user, action=action)
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Marked done.")
    return redirect(action.response.contribution)


@login_required
def queue(request: AuthenticatedRequest) -> HttpResponse:
    """What awaits the person's response, overdue and oldest first, with their own figures."""
    awaiting = Contribution.objects.awaiting(request.user)
    mine = measures.compute(request.user, "your responses", None, responder=request.user)
    responses = Response.objects.filter(responder=request.user)
    context = {
        "awaiting": awaiting,
        "today": timezone.localdate(),
        "figures": mine if responses.exists() else None,
        "open_actions": Action.objects.filter(
            response__responder=request.user, done_at__isnull=True
        ).select_related("owner", "response__contribution"),
    }
    return render(request, "agenda/queue.html", context)


@login_required
def measures_page(request: AuthenticatedRequest) -> HttpResponse:
    context = {"figures": measures.measures_for(request.user)}
    return render(request, "agenda/measures.html", context)


def _project_form(contribution: Contribution, data: Any = None) -> ProjectLinkForm | None:
    """The form to name the contribution's project, for a community's contribution only."""
    if contribution.community is None:
        return None
    communities = Community.objects.filter(pk=contribution.community.pk)
    initial = {"project": contribution.project_id}
    return ProjectLinkForm(data, communities=communities, initial=initial)


def _source_post(request: AuthenticatedRequest) -> Post | None:
    post_id = request.GET.get("post") or request.POST.get("post")
    if not post_id:
        return None
    if not post_id.isdigit() or int(post_id) >= 2**31:
        raise Http404
    posts = Post.objects.visible_to(request.user).filter(deleted_at__isnull=True)
    return get_object_or_404(posts.select_related("community"), pk=int(post_id))


def _quote(post: Post) -> str:
    quoted = "\n".join(f"> {line}" for line in post.body.splitlines())
    return f"Raised from a conversation in {post.community}:\n\n{quoted}"


def _issue_context(request: AuthenticatedRequest, issue: Issue, **forms: Any) -> dict[str, Any]:
    user = request.user
    led = Community.objects.led_by(user).exclude(issue_uptakes__issue=issue)
    source = issue.source_post
    uptakes = list(issue.uptakes.select_related("community", "taken_up_by"))
    joined = set(Community.objects.joined_by(user).values_list("pk", flat=True))
    return {
        "issue": issue,
        "tags": list(issue.tags.all()),
        "support_count": issue.supports.count(),
        "supported": issue.supports.filter(user=user).exists(),
        "uptakes": uptakes,
        "may_start_project_in": [u.community for u in uptakes if u.community_id in joined],
        "projects": list(
            Project.objects.visible_to(user)
            .filter(issue=issue)
            .select_related("community")
            .order_by("-created_at", "id")
        ),
        "contributions": list(
            Contribution.objects.visible_to(user)
            .filter(issue=issue)
            .select_related("community", "addressed_to")
        ),
        "source_post": source
        if source and readable_communities(user).filter(pk=source.community_id).exists()
        else None,
        "take_up_form": forms.get("take_up_form")
        or (TakeUpForm(communities=led) if led.exists() else None),
        "may_set_status": services.may_set_status(user, issue),
        "statuses": Issue.Status.choices,
    }


def _contribution_context(
    request: AuthenticatedRequest, contribution: Contribution, **forms: Any
) -> dict[str, Any]:
    user = request.user
    versions = list(contribution.versions.select_related("author"))
    latest = versions[0] if versions else None
    responses = contribution.responses.select_related(
        "responder", "post__community"
    ).prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("owner")))
    may_draft = contribution.is_draft and services.may_draft(user, contribution)
    may_submit = contribution.is_draft and services.may_submit(user, contribution)
    awaiting_me = (
        contribution.status == Contribution.Status.SUBMITTED
        and contribution.addressed_to_id == user.pk
    )
    return {
        "contribution": contribution,
        "latest": latest,
        "versions": versions,
        "responses": list(responses),
        "contributors": list(contribution.contributors.all()),
        "version_form": forms.get("version_form")
        or (VersionForm.from_version(latest) if may_draft else None),
        "submit_form": forms.get("submit_form") or (SubmitForm() if may_submit else None),
        "response_form": forms.get("response_form") or (ResponseForm() if awaiting_me else None),
        "overdue": contribution.is_overdue(),
        "project": contribution.visible_project,
        "project_form": forms.get("project_form")
        or (_project_form(contribution) if services.may_draft(user, contribution) else None),
        "can_read_thread": contribution.community is not None
        and contribution.thread_post_id is not None
        and readable_communities(user).filter(pk=contribution.community.pk).exists(),
    }

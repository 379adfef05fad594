from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from convene.agenda.models import Issue
from convene.communities.models import Community, Membership
from convene.discussions.models import Post
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest
from convene.people.models import User
from convene.projects import services
from convene.projects.access import (
    get_community_projects_for_user,
    get_innovation_for_user,
    get_milestone_for_user,
    get_project_for_user,
    get_role_for_user,
)
from convene.projects.forms import (
    AdoptionForm,
    CloseOutForm,
    FillForm,
    InnovationForm,
    MilestoneForm,
    ProjectFilterForm,
    ProjectForm,
    ReasonForm,
    RoleForm,
    UpdateForm,
)
from convene.projects.models import Innovation, Project
from convene.projects.services import ProjectError
from convene.resources.summaries import project_panel

PAGE_SIZE = 40
UPDATES_SHOWN = 5


# -- Lists ------------------------------------------------------------------------------


@login_required
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every project the person may see, or only their own, filtered by status."""
    form = ProjectFilterForm(request.GET or None)
    projects = Project.objects.visible_to(request.user)
    scope, status = "all", ""
    if form.is_valid():
        scope, status = form.cleaned_data["scope"] or "all", form.cleaned_data["status"]
    if scope == "mine":
        projects = projects.in_team_of(request.user)
    if status:
        projects = projects.filter(status=status)
    page = Paginator(projects.for_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "scope": scope, "status": status}
    return render(request, "projects/project_list.html", context)


@login_required
def community_projects(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_projects_for_user(request.user, slug)
    projects = Project.objects.filter(community=community)
    status = request.GET.get("status", "")
    if status in Project.Status.values:
        projects = projects.filter(status=status)
    page = Paginator(projects.for_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "community": community,
        "page": page,
        "status": status,
        "statuses": Project.Status.choices,
        "may_draft": services.is_member(request.user, community),
    }
    return render(request, "projects/community_projects.html", context)


# -- The proposal -------------------------------------------------------------------------


@login_required
def project_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_projects_for_user(request.user, slug)
    post = _discussion_from(request, community)
    initial: dict[str, Any] = {"discussion": post, "title": post.title} if post else {}
    issue = _issue_from(request)
    if issue:
        initial["issue"] = issue
    form = ProjectForm(
        request.POST or None, initial=initial, posts=_posts(community), issues=_issues(request)
    )
    if form.is_valid():
        try:
            project = services.draft_project(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your project is saved as a draft. Propose it when ready.")
            return redirect(project)
    context = {"community": community, "form": form}
    return render(request, "projects/project_form.html", context, status=_status(form))


@login_required
def project_edit(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    editable = project.status in {Project.Status.DRAFT, Project.Status.PROPOSED}
    if refused := _not_for_you(
        request,
        project,
        editable and services.is_lead(request.user, project),
        "Only the leads edit a proposal, while it is a draft or proposed.",
    ):
        return refused
    initial = {name: getattr(project, name) for name in ProjectForm.base_fields}
    posts = _posts(project.community)
    form = ProjectForm(request.POST or None, initial=initial, posts=posts, issues=_issues(request))
    if form.is_valid():
        try:
            services.edit_proposal(actor=request.user, project=project, **form.cleaned_data)
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The proposal is saved.")
            return redirect(project)
    context = {"community": project.community, "project": project, "form": form}
    return render(request, "projects/project_form.html", context, status=_status(form))


@login_required
def project_detail(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    return render(request, "projects/project_detail.html", _detail_context(request, project))


def _detail_context(request: AuthenticatedRequest, project: Project) -> dict[str, Any]:
    user = request.user
    roles = list(project.roles.select_related("person"))
    mine = next((role for role in roles if role.person_id == user.pk), None)
    discussion = project.discussion
    if discussion and not Post.objects.visible_to(user).filter(pk=discussion.pk).exists():
        discussion = None
    issue = project.issue_id and Issue.objects.visible_to(user).filter(pk=project.issue_id).first()
    return {
        "project": project,
        "issue": issue or None,
        "roles": roles,
        "my_role": mine,
        "is_lead": bool(mine and mine.is_lead),
        "may_volunteer": mine is None
        and not project.is_ended
        and services.is_member(user, project.community),
        "may_decide": project.status == Project.Status.PROPOSED
        and services.may_decide(user, project)
        and not (mine and mine.is_lead),
        "may_close": services.may_close(user, project),
        "may_record_innovation": services.may_record_innovation(user, project),
        "discussion": discussion,
        "decisions": list(project.decisions.select_related("decided_by")),
        "updates": list(project.updates.select_related("author")[:UPDATES_SHOWN]),
        "update_count": project.updates.count(),
        "milestones": list(project.milestones.all()),
        "close_out": getattr(project, "close_out", None),
        "innovations": list(project.innovations.select_related("unit")),
        "reason_form": ReasonForm(),
        **project_panel(project, user),
    }


def _posts(community: Community) -> Any:
    return Post.objects.filter(community=community, deleted_at__isnull=True).order_by("-created_at")


def _issues(request: AuthenticatedRequest) -> Any:
    return Issue.objects.visible_to(request.user).order_by("title", "id")


def _issue_from(request: AuthenticatedRequest) -> Issue | None:
    """The issue a person came from (`?issue=`), to start a project that works on it."""
    try:
        issue_id = uuid.UUID(request.GET.get("issue", ""))
    except ValueError:
        return None
    return _issues(request).filter(pk=issue_id).first()


def _discussion_from(request: AuthenticatedRequest, community: Community) -> Post | None:
    post_id = request.GET.get("post", "")
    if not post_id.isdigit() or not 0 < int(post_id) < 2**31:
        return None
    return _posts(community).filter(pk=int(post_id)).first()


# -- Lifecycle ----------------------------------------------------------------------------

Step = Callable[..., Any]
STEPS: dict[str, tuple[Step, str]] = {
    "propose": (services.propose_project, "Proposed. The convenors and sponsor are told."),
    "approve": (services.approve_project, "Approved. The team is told."),
    "decline": (services.decline_project, "Declined. The team is told why."),
    "withdraw": (services.withdraw_project, "The project is withdrawn."),
    "start": (services.start_project, "The project is under way."),
    "close": (services.close_project, "The project is closed."),
}
WITH_REASON = {"approve", "decline", "withdraw", "close"}


@require_POST
@login_required
def project_step(request: AuthenticatedRequest, project_id: uuid.UUID, step: str) -> HttpResponse:
    """Move a project along its lifecycle: propose, approve, decline, withdraw, start, close."""
    project = get_project_for_user(request.user, project_id)
    if step not in STEPS:
        raise Http404
    service, done = STEPS[step]
    form = ReasonForm(request.POST)
    extra = {"reason": form.cleaned_data["reason"]} if form.is_valid() else {}
    if step in WITH_REASON and not form.is_valid():
        messages.error(request, error_summary(form))
        return redirect(project)
    try:
        service(actor=request.user, project=project, **(extra if step in WITH_REASON else {}))
    except ProjectError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(project)


ROLE_ACTIONS = {"volunteer", "fill", "release", "remove"}


# -- The team -----------------------------------------------------------------------------


def _members(community: Community) -> Any:
    current = Membership.objects.current().filter(community=community).values("user")
    return User.objects.active().filter(pk__in=current).order_by("full_name")


@login_required
def team(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    """The team, and for its leads the forms that add, fill, release and remove roles."""
    project = get_project_for_user(request.user, project_id)
    members = _members(project.community)
    form = RoleForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_role(actor=request.user, project=project, **form.cleaned_data)
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The role “{form.cleaned_data['name']}” is added.")
            return redirect("projects:team", project.pk)
    roles = list(project.roles.select_related("person"))
    in_team = {role.person_id for role in roles}
    context = {
        "project": project,
        "roles": roles,
        "is_lead": services.is_lead(request.user, project),
        "lead_count": sum(role.is_lead for role in roles),
        "form": form,
        "candidates": [person for person in members if person.pk not in in_team],
    }
    return render(request, "projects/team.html", context, status=_status(form))


@require_POST
@login_required
def role_action(
    request: AuthenticatedRequest, project_id: uuid.UUID, role_id: int, action: str
) -> HttpResponse:
    """Volunteer for, fill, release or remove one role."""
    project = get_project_for_user(request.user, project_id)
    role = get_role_for_user(request.user, project, role_id)
    if action not in ROLE_ACTIONS:
        raise Http404
    try:
        if action == "volunteer":
            services.volunteer(actor=request.user, role=role)
            messages.success(request, f"You are now “{role.name}” in the team. Thank you.")
        elif action == "fill":
            form = FillForm(request.POST, members=_members(project.community))
            if not form.is_valid():
                raise ProjectError("Choose a member of the community for the role.")
            services.fill_role(actor=request.user, role=role, **form.cleaned_data)
            messages.success(request, f"{form.cleaned_data['person']} is now “{role.name}”.")
        elif action == "release":
            services.release_role(actor=request.user, role=role)
            messages.success(request, f"“{role.name}” is open again.")
        elif action == "remove":
            services.remove_role(actor=request.user, role=role)
            messages.success(request, f"“{role.name}” is removed from the team.")
    except ProjectError as error:
        messages.error(request, str(error))
    if request.POST.get("next") == "team":
        return redirect("projects:team", project.pk)
    return redirect(project)


# -- Progress -----------------------------------------------------------------------------


@login_required
def updates(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    """The team's updates, newest first, and the form to post one."""
    project = get_project_for_user(request.user, project_id)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(actor=request.user, project=project, **form.cleaned_data)
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your update is posted.")
            return redirect("projects:updates", project.pk)
    page = Paginator(project.updates.select_related("author"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "project": project,
        "page": page,
        "form": form,
        "in_team": services.in_team(request.user, project),
    }
    return render(request, "projects/updates.html", context, status=_status(form))


@login_required
def milestones(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_milestone(actor=request.user, project=project, **form.cleaned_data)
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The milestone is set.")
            return redirect("projects:milestones", project.pk)
    context = {
        "project": project,
        "milestones": list(project.milestones.select_related("done_by")),
        "form": form,
        "in_team": services.in_team(request.user, project),
    }
    return render(request, "projects/milestones.html", context, status=_status(form))


@require_POST
@login_required
def milestone_mark(
    request: AuthenticatedRequest, project_id: uuid.UUID, milestone_id: int
) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    milestone = get_milestone_for_user(request.user, project, milestone_id)
    done = request.POST.get("done") != "no"
    try:
        services.mark_milestone(actor=request.user, milestone=milestone, done=done)
    except ProjectError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Marked done." if done else "Marked not done.")
    return redirect("projects:milestones", project.pk)


@login_required
def close_out(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    """Complete an active project with what was expected, what happened and what was learned."""
    project = get_project_for_user(request.user, project_id)
    if refused := _not_for_you(
        request,
        project,
        project.status == Project.Status.ACTIVE and services.is_lead(request.user, project),
        "Only the leads of an active project complete it with a close-out.",
    ):
        return refused
    form = CloseOutForm(
        request.POST or None, initial={"expected_outcomes": project.intended_outcomes}
    )
    if form.is_valid():
        try:
            services.complete_project(actor=request.user, project=project, **form.cleaned_data)
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The project is complete. Thank you for the close-out.")
            return redirect(project)
    context = {"project": project, "form": form}
    return render(request, "projects/close_out_form.html", context, status=_status(form))


# -- The innovation register ------------------------------------------------------------------


@login_required
def innovation_list(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation's register of new solutions from community projects."""
    innovations = Innovation.objects.visible_to(request.user).for_list(request.user)
    status = request.GET.get("status", "")
    if status in Innovation.Status.values:
        innovations = innovations.filter(status=status)
    page = Paginator(innovations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": Innovation.Status.choices}
    return render(request, "projects/innovation_list.html", context)


@login_required
def innovation_create(request: AuthenticatedRequest, project_id: uuid.UUID) -> HttpResponse:
    project = get_project_for_user(request.user, project_id)
    under_way = project.status in {
        Project.Status.ACTIVE,
        Project.Status.COMPLETED,
        Project.Status.CLOSED,
    }
    if refused := _not_for_you(
        request,
        project,
        under_way and services.may_record_innovation(request.user, project),
        "The project's team or the community's convenors add innovations once it is under way.",
    ):
        return refused
    form = InnovationForm(request.POST or None)
    if form.is_valid():
        try:
            innovation = services.record_innovation(
                actor=request.user, project=project, **form.cleaned_data
            )
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The innovation is on the register.")
            return redirect(innovation)
    context = {"project": project, "form": form}
    return render(request, "projects/innovation_form.html", context, status=_status(form))


@login_required
def innovation_detail(request: AuthenticatedRequest, innovation_id: uuid.UUID) -> HttpResponse:
    innovation = get_innovation_for_user(request.user, innovation_id)
    form = AdoptionForm(request.POST or None, initial={"status": innovation.status})
    may_set = services.may_set_adoption(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_adoption(actor=request.user, innovation=innovation, **form.cleaned_data)
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The adoption status is recorded.")
            return redirect(innovation)
    context = {
        "innovation": innovation,
        "history": list(innovation.history.select_related("unit", "changed_by")),
        "form": form if may_set else None,
    }
    return render(request, "projects/innovation_detail.html", context, status=_status(form))


def _not_for_you(
    request: AuthenticatedRequest, project: Project, allowed: bool, message: str
) -> HttpResponse | None:
    """Send someone who opens a form they cannot use back to the project, saying why."""
    if request.method == "GET" and not allowed:
        messages.error(request, message)
        return redirect(project)
    return None


def _status(form: forms.Form) -> int:
    return 400 if form.is_bound and form.errors else 200

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from convene.goals import services
from convene.goals.access import (
    get_check_in_for_user,
    get_goal_for_user,
    get_own_goal,
    get_reply_for_user,
)
from convene.goals.forms import CheckInForm, GoalForm, ReplyForm, SharingForm, StatusForm
from convene.goals.models import TITLE_LIMIT, CheckIn, StretchGoal, this_month
from convene.goals.services import GoalError
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest

STATUS_DONE = {
    StretchGoal.Status.ACTIVE: "You have taken this goal up again.",
    StretchGoal.Status.ACHIEVED: "Well done: this goal is marked achieved.",
    StretchGoal.Status.SET_ASIDE: "This goal is set aside. You can take it up again at any time.",
}


@login_required
def goal_list(request: AuthenticatedRequest) -> HttpResponse:
    # Other pages may suggest a goal by linking here with ?title=…
    title = request.GET.get("title", "")[:TITLE_LIMIT]
    return _render_list(request, GoalForm(initial={"title": title} if title else None))


@login_required
@require_POST
def goal_create(request: AuthenticatedRequest) -> HttpResponse:
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            goal = services.set_goal(actor=request.user, **form.cleaned_data)
        except GoalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your stretch goal is set. Check in on it once a month.")
            return redirect(goal)
    return _render_list(request, form)


@login_required
def goal_shared(request: AuthenticatedRequest) -> HttpResponse:
    goals = StretchGoal.objects.shared_with(request.user).for_list(by_person=True)
    return render(request, "goals/goal_shared.html", {"goals": goals})


@login_required
def goal_detail(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    goal = get_goal_for_user(request.user, goal_id)
    return _render_detail(request, goal)


@login_required
def goal_edit(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    goal = get_own_goal(request.user, goal_id)
    fields = ["title", "success", "stretch", "target_date", "visibility"]
    form = GoalForm(request.POST or None, initial={name: getattr(goal, name) for name in fields})
    if form.is_valid():
        data = dict(form.cleaned_data)
        visibility = data.pop("visibility")
        try:
            with transaction.atomic():
                services.edit_goal(actor=request.user, goal=goal, **data)
                services.change_sharing(actor=request.user, goal=goal, visibility=visibility)
        except GoalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(goal)
    return render(request, "goals/goal_form.html", {"goal": goal, "form": form})


@login_required
@require_POST
def goal_status(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    goal = get_own_goal(request.user, goal_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return redirect(goal)
    status = form.cleaned_data["status"]
    _attempt(
        request,
        lambda: services.change_status(actor=request.user, goal=goal, status=status),
        STATUS_DONE[StretchGoal.Status(status)],
    )
    return redirect(goal)


@login_required
@require_POST
def goal_sharing(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    goal = get_own_goal(request.user, goal_id)
    form = SharingForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return redirect(goal)
    visibility = form.cleaned_data["visibility"]
    shared = visibility == StretchGoal.Visibility.PEER_GROUP
    _attempt(
        request,
        lambda: services.change_sharing(actor=request.user, goal=goal, visibility=visibility),
        "Shared with your peer groups." if shared else "This goal is private: only you see it.",
    )
    return redirect(goal)


@login_required
def goal_delete(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    goal = get_own_goal(request.user, goal_id)
    if request.method == "POST":
        services.delete_goal(actor=request.user, goal=goal)
        messages.success(request, f"Deleted “{goal.title}” and its check-ins.")
        return redirect("goals:goal_list")
    return render(request, "goals/goal_confirm_delete.html", {"goal": goal})


@login_required
@require_POST
def check_in_create(request: AuthenticatedRequest, goal_id: uuid.UUID) -> HttpResponse:
    goal = get_own_goal(request.user, goal_id)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            check_in = services.record_check_in(actor=request.user, goal=goal, **form.cleaned_data)
        except GoalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Checked in for {check_in.month:%B %Y}.")
            return redirect(check_in.get_absolute_url())
    return _render_detail(request, goal, check_in_form=form)


@login_required
def check_in_edit(
    request: AuthenticatedRequest, goal_id: uuid.UUID, check_in_id: int
) -> HttpResponse:
    goal = get_own_goal(request.user, goal_id)
    check_in = get_check_in_for_user(request.user, goal, check_in_id)
    initial = {"rating": check_in.rating, "note": check_in.note}
    form = CheckInForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.edit_check_in(actor=request.user, check_in=check_in, **form.cleaned_data)
        except GoalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Your {check_in.month:%B} check-in is updated.")
            return redirect(check_in.get_absolute_url())
    context = {"goal": goal, "check_in": check_in, "form": form}
    return render(request, "goals/check_in_form.html", context)


@login_required
@require_POST
def reply_create(
    request: AuthenticatedRequest, goal_id: uuid.UUID, check_in_id: int
) -> HttpResponse:
    goal = get_goal_for_user(request.user, goal_id)
    check_in = get_check_in_for_user(request.user, goal, check_in_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = services.reply_to_check_in(
                actor=request.user, check_in=check_in, body=form.cleaned_data["body"]
            )
        except GoalError as error:
            form.add_error(None, str(error))
        else:
            return redirect(reply.get_absolute_url())
    return _render_detail(request, goal, reply_form=(check_in.pk, form))


@login_required
@require_POST
def reply_delete(request: AuthenticatedRequest, goal_id: uuid.UUID, reply_id: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, goal_id)
    reply = get_reply_for_user(request.user, goal, reply_id)
    _attempt(
        request, lambda: services.delete_reply(actor=request.user, reply=reply), "Reply removed."
    )
    return redirect(f"{goal.get_absolute_url()}#check-in-{reply.check_in_id}")


def _render_list(request: AuthenticatedRequest, form: GoalForm) -> HttpResponse:
    goals = StretchGoal.objects.owned_by(request.user).for_list()
    context = {"goals": goals, "form": form, "this_month": this_month()}
    return render(request, "goals/goal_list.html", context)


def _render_detail(
    request: AuthenticatedRequest,
    goal: StretchGoal,
    *,
    check_in_form: CheckInForm | None = None,
    reply_form: tuple[int, ReplyForm] | None = None,
) -> HttpResponse:
    """The goal with its check-ins, newest first, each with its replies and a reply form."""
    is_owner = goal.owner_id == request.user.pk
    check_ins = list(CheckIn.objects.filter(goal=goal).with_replies())
    month = this_month()
    current = next((check_in for check_in in check_ins if check_in.month == month), None)
    failed_id, failed_form = reply_form or (None, None)
    timeline = [
        {
            "check_in": check_in,
            "reply_form": failed_form
            if check_in.pk == failed_id
            else ReplyForm(auto_id=f"reply-{check_in.pk}-%s"),
        }
        for check_in in check_ins
    ]
    if is_owner and check_in_form is None and current is None:
        check_in_form = CheckInForm()
    context = {
        "goal": goal,
        "is_owner": is_owner,
        "timeline": timeline,
        "this_month": month,
        "current_check_in": current,
        "check_in_form": check_in_form,
        "can_reply": services.may_reply(request.user, goal),
        "statuses": StretchGoal.Status,
    }
    return render(request, "goals/goal_detail.html", context)


def _attempt(request: AuthenticatedRequest, action: Callable[[], object], success: str) -> bool:
    try:
        action()
    except GoalError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True

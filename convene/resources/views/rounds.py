"""Pages for allocation rounds: a community's rounds, one round, and the forms that change it."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from convene.lib.http import AuthenticatedRequest
from convene.people.models import User
from convene.projects.models import Project
from convene.resources import rounds as services
from convene.resources.forms.rounds import EntryForm, OpenRoundForm, PledgeForm
from convene.resources.models import AllocationRound, Pledge, RoundEntry
from convene.resources.rounds import money
from convene.resources.services import ResourceError


@login_required
def round_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """A community's allocation rounds, open ones first, with the form to open one."""
    community = services.get_community_for_user(request.user, slug)
    form = OpenRoundForm(request.POST or None)
    may_run = services.may_run(request.user, community)
    if request.method == "POST" and form.is_valid():
        try:
            opened = services.open_round(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The round is open and every member has a budget.")
            return redirect("resources:round_detail", opened.pk)
    rounds = list(services.for_list(AllocationRound.objects.filter(envelope__community=community)))
    for each in rounds:
        each.pot_text = money(each.pot)  # type: ignore[attr-defined]
        each.pledged_text = money(each.pledged_total or Decimal("0"))  # type: ignore[attr-defined]
    context = {
        "community": community,
        "rounds": rounds,
        "may_run": may_run,
        "why_not": services.why_no_round(community) if may_run else None,
        "form": form,
    }
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "resources/rounds/round_list.html", context, status=status)


@login_required
def round_detail(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    """The pot, your budget, and each entry's progress, with the forms you may use."""
    round_ = services.get_round_for_user(request.user, round_id)
    return render(request, "resources/rounds/round_detail.html", _context(request.user, round_))


def _context(user: User, round_: AllocationRound, **bound: Any) -> dict[str, Any]:
    community = round_.envelope.community
    budget = round_.budgets.filter(member=user).first()
    open_ = services.takes_pledges(round_)
    entries = _entries(round_, user)
    leads = _led_projects(user, round_)
    entered = {entry.project_id for entry in entries}
    enterable = leads.exclude(pk__in=entered)
    for entry in entries:
        entry.may_remove = open_ and entry.project_id in {p.pk for p in leads} and not entry.pledged  # type: ignore[attr-defined]
        entry.form = (  # type: ignore[attr-defined]
            bound.get(f"pledge_{entry.pk}")
            or PledgeForm(prefix=f"e{entry.pk}", initial={"amount": entry.mine or Decimal("0")})  # type: ignore[attr-defined]
        )
    return {
        "round": round_,
        "community": community,
        "pot_text": money(round_.pot),
        "budget": budget,
        "budget_text": money(budget.amount) if budget else "",
        "left_text": money(budget.remaining) if budget else "",
        "entries": entries,
        "takes_pledges": open_,
        "may_pledge": open_ and budget is not None,
        "may_close": round_.status == AllocationRound.Status.OPEN
        and services.may_run(user, community),
        "entry_form": bound.get("entry_form") or EntryForm(projects=enterable)
        if open_ and enterable.exists()
        else None,
        "close_error": bound.get("close_error"),
    }


def _entries(round_: AllocationRound, user: User) -> list[RoundEntry]:
    pledges = Pledge.objects.select_related("member").order_by("-amount", "id")
    entries = list(
        round_.entries.select_related("project", "allocation")
        .prefetch_related(Prefetch("pledges", queryset=pledges))
        .order_by("project__title", "id")
    )
    for entry in entries:
        entry.round = round_
        listed = list(entry.pledges.all())
        entry.pledge_list = listed  # type: ignore[attr-defined]
        entry.mine = next((p.amount for p in listed if p.member_id == user.pk), None)  # type: ignore[attr-defined]
        _describe(entry)
    return entries


def _describe(entry: RoundEntry) -> None:
    """Give an entry the amounts and progress its card shows."""
    funded = getattr(entry, "allocation", None)
    shown: dict[str, Any] = {
        "pledged_text": money(entry.pledged),
        "minimum_text": money(entry.minimum),
        "target_text": money(entry.target),
        "reached_minimum": entry.pledged >= entry.minimum,
        "reached_target": entry.pledged >= entry.target,
        "funded": funded,
        "funded_text": money(funded.amount) if funded else "",
        "unfunded_reason": "" if funded else _why_not_funded(entry),
    }
    for name, value in shown.items():
        setattr(entry, name, value)
    for each in entry.pledge_list:  # type: ignore[attr-defined]
        each.amount_text = money(each.amount)


def _why_not_funded(entry: RoundEntry) -> str:
    if entry.pledged < entry.minimum:
        return "Pledges did not reach its minimum."
    if entry.project.is_ended:
        return "The project had ended."
    return "The funding envelope could no longer afford it when the round closed."


def _led_projects(user: User, round_: AllocationRound) -> QuerySet[Project]:
    return (
        Project.objects.filter(
            community=round_.envelope.community,
            status__in=services.MAY_ENTER,
            roles__person=user,
            roles__is_lead=True,
        )
        .distinct()
        .order_by("title")
    )


@require_POST
@login_required
def round_entry_add(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    round_ = services.get_round_for_user(request.user, round_id)
    form = EntryForm(request.POST, projects=_led_projects(request.user, round_))
    if form.is_valid():
        try:
            services.add_entry(actor=request.user, round=round_, **form.cleaned_data)
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your project is in the round.")
            return redirect("resources:round_detail", round_.pk)
    return _again(request, round_, entry_form=form)


@require_POST
@login_required
def round_entry_remove(
    request: AuthenticatedRequest, round_id: uuid.UUID, entry_id: int
) -> HttpResponse:
    round_ = services.get_round_for_user(request.user, round_id)
    entry = services.get_entry(round_, entry_id)
    try:
        services.remove_entry(actor=request.user, entry=entry)
    except ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{entry.project.title}” is out of the round.")
    return redirect("resources:round_detail", round_.pk)


@require_POST
@login_required
def round_pledge(request: AuthenticatedRequest, round_id: uuid.UUID, entry_id: int) -> HttpResponse:
    round_ = services.get_round_for_user(request.user, round_id)
    entry = services.get_entry(round_, entry_id)
    form = PledgeForm(request.POST, prefix=f"e{entry.pk}")
    if form.is_valid():
        try:
            kept = services.pledge(actor=request.user, entry=entry, **form.cleaned_data)
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"You pledge {money(kept.amount)} to “{entry.project.title}”."
                if kept
                else f"Your pledge to “{entry.project.title}” is taken back.",
            )
            return redirect("resources:round_detail", round_.pk)
    return _again(request, round_, **{f"pledge_{entry.pk}": form})


@require_POST
@login_required
def round_close(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    round_ = services.get_round_for_user(request.user, round_id)
    try:
        outcome = services.close_round(actor=request.user, round=round_)
    except ResourceError as error:
        return _again(request, round_, close_error=str(error))
    messages.success(request, f"The round is closed. {outcome.summary()}")
    return redirect("resources:round_detail", round_.pk)


def _again(request: AuthenticatedRequest, round_: AllocationRound, **bound: Any) -> HttpResponse:
    round_ = services.get_round_for_user(request.user, round_.pk)
    context = _context(request.user, round_, **bound)
    return render(request, "resources/rounds/round_detail.html", context, status=400)


urlpatterns: list[URLPattern] = [
    path("communities/<slug:slug>/rounds/", round_list, name="round_list"),
    path("rounds/<uuid:round_id>/", round_detail, name="round_detail"),
    path("rounds/<uuid:round_id>/entries/", round_entry_add, name="round_entry_add"),
    path(
        "rounds/<uuid:round_id>/entries/<int:entry_id>/remove/",
        round_entry_remove,
        name="round_entry_remove",
    ),
    path(
        "rounds/<uuid:round_id>/entries/<int:entry_id>/pledge/", round_pledge, name="round_pledge"
    ),
    path("rounds/<uuid:round_id>/close/", round_close, name="round_close"),
]

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from convene.communities.models import Community
from convene.goals.models import shared_goals_for_group
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest
from convene.peergroups import services
from convene.peergroups.access import (
    get_group_for_member,
    get_proposal_for_member,
    get_round_for_manager,
)
from convene.peergroups.forms import (
    AnswerForm,
    MessageForm,
    MoveForm,
    ProposalForm,
    RoundForm,
    SwapForm,
    WeightsForm,
)
from convene.peergroups.models import (
    Availability,
    DiversityWeights,
    MeetingProposal,
    PeerGroup,
    Round,
)
from convene.peergroups.services import PeerGroupError
from convene.peergroups.summaries import summarise, with_members
from convene.people.mix import team_mix
from convene.people.models import User

GROUPS_PER_PAGE = 24


def _communities_for(user: User) -> QuerySet[Community]:
    return Community.objects.all() if user.is_administrator else Community.objects.led_by(user)


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    groups = PeerGroup.objects.of_member(request.user).order_by("-round__published_at")
    rounds = Round.objects.managed_by(request.user).annotate(
        group_total=Count("groups", distinct=True)
    )
    context = {
        "summaries": summarise(with_members(groups), timezone.localdate()),
        "rounds": rounds.prefetch_related("communities")[:50],
        "can_form": _communities_for(request.user).exists(),
    }
    return render(request, "peergroups/home.html", context)


@login_required
def round_create(request: AuthenticatedRequest) -> HttpResponse:
    communities = _communities_for(request.user)
    if not communities.exists():
        raise Http404
    initial = {"communities": communities.filter(slug=request.GET.get("community", ""))}
    form = RoundForm(request.POST or None, communities=communities, initial=initial)
    if form.is_valid():
        try:
            round = services.start_round(actor=request.user, **form.cleaned_data)
        except PeerGroupError as error:
            form.add_error(None, str(error))
        else:
            return redirect(round)
    return render(request, "peergroups/round_form.html", {"form": form})


@login_required
def round_detail(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    round = get_round_for_manager(request.user, round_id)
    return render(request, "peergroups/round_detail.html", _round_context(request, round))


@login_required
def round_progress(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    """The progress bar, polled while the round forms; reloads the page once it is done."""
    round = get_round_for_manager(request.user, round_id)
    response = render(request, "peergroups/_round_progress.html", {"round": round})
    if round.status != Round.Status.FORMING and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
def round_move(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    round = get_round_for_manager(request.user, round_id)

    def move(data: dict[str, Any]) -> None:
        person = services.participant(round, data["person"])
        services.move_person(
            actor=request.user, round=round, person=person, to_number=data["to_group"]
        )

    return _adjust(request, round, MoveForm(request.POST), move)


@require_POST
@login_required
def round_swap(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    round = get_round_for_manager(request.user, round_id)

    def swap(data: dict[str, Any]) -> None:
        first, second = (
            services.participant(round, data["first"]),
            services.participant(round, data["second"]),
        )
        services.swap_people(actor=request.user, round=round, first=first, second=second)

    return _adjust(request, round, SwapForm(request.POST), swap)


@require_POST
@login_required
def round_publish(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    return _act(request, round_id, services.publish_round, "Published: every member is told.")


@require_POST
@login_required
def round_reform(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    return _act(request, round_id, services.reform_round, "Forming again.")


@require_POST
@login_required
def round_discard(request: AuthenticatedRequest, round_id: uuid.UUID) -> HttpResponse:
    round = get_round_for_manager(request.user, round_id)
    try:
        services.discard_round(actor=request.user, round=round)
    except PeerGroupError as error:
        messages.error(request, str(error))
        return redirect(round)
    messages.success(request, f"Discarded “{round.title}”.")
    return redirect("peergroups:home")


@login_required
def weights_edit(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_administrator:
        raise Http404
    form = WeightsForm(request.POST or None, instance=DiversityWeights.current())
    if form.is_valid():
        weights = {name: form.cleaned_data[name] for name in DiversityWeights.FEATURES}
        services.set_weights(actor=request.user, weights=weights)
        messages.success(request, "Saved. Rounds formed from now on use these weights.")
        return redirect("peergroups:weights_edit")
    return render(request, "peergroups/weights_form.html", {"form": form})


@login_required
def group_detail(request: AuthenticatedRequest, group_id: uuid.UUID) -> HttpResponse:
    group = get_group_for_member(request.user, group_id)
    return render(request, "peergroups/group_detail.html", _group_context(request, group))


@require_POST
@login_required
def group_message(request: AuthenticatedRequest, group_id: uuid.UUID) -> HttpResponse:
    group = get_group_for_member(request.user, group_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.post_message(actor=request.user, group=group, body=form.cleaned_data["body"])
        except PeerGroupError as error:
            form.add_error(None, str(error))
        else:
            return redirect(f"{group.get_absolute_url()}#messages")
    context = _group_context(request, group, message_form=form)
    return render(request, "peergroups/group_detail.html", context, status=400)


@require_POST
@login_required
def meeting_propose(request: AuthenticatedRequest, group_id: uuid.UUID) -> HttpResponse:
    group = get_group_for_member(request.user, group_id)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.propose_meeting(actor=request.user, group=group, **form.cleaned_data)
        except PeerGroupError as error:
            form.add_error(None, str(error))
        else:
            return redirect(f"{group.get_absolute_url()}#meetings")
    context = _group_context(request, group, proposal_form=form)
    return render(request, "peergroups/group_detail.html", context, status=400)


@require_POST
@login_required
def meeting_answer(request: AuthenticatedRequest, proposal_id: uuid.UUID) -> HttpResponse:
    proposal = get_proposal_for_member(request.user, proposal_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
    else:
        services.answer_proposal(actor=request.user, proposal=proposal, **form.cleaned_data)
    return redirect(f"{proposal.group.get_absolute_url()}#meetings")


@require_POST
@login_required
def meeting_confirm(request: AuthenticatedRequest, proposal_id: uuid.UUID) -> HttpResponse:
    proposal = get_proposal_for_member(request.user, proposal_id)
    try:
        services.confirm_meeting(actor=request.user, proposal=proposal)
    except PeerGroupError as error:
        messages.error(request, str(error))
    return redirect(f"{proposal.group.get_absolute_url()}#meetings")


def _round_context(request: AuthenticatedRequest, round: Round, **extra: Any) -> dict[str, Any]:
    groups = with_members(round.groups.all())
    page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    participants = round.placements.count()
    return {
        "round": round,
        "communities": round.communities.all(),
        "page": page,
        "summaries": summarise(page.object_list, timezone.localdate()),
        "participants": participants,
        "mean_diversity": _mean_diversity(round, participants),
        "move_form": extra.get("move_form") or MoveForm(),
        "swap_form": extra.get("swap_form") or SwapForm(),
        "adjust_error": extra.get("adjust_error"),
    }


def _mean_diversity(round: Round, participants: int) -> float | None:
    """Average pair diversity over the round, from its stored score and its group sizes."""
    sizes = round.groups.annotate(size=Count("memberships")).values_list("size", flat=True)
    pairs = sum(size * (size - 1) // 2 for size in sizes)
    return (round.score or 0.0) / pairs if pairs and participants else None


def _adjust(
    request: AuthenticatedRequest,
    round: Round,
    form: MoveForm | SwapForm,
    change: Callable[[dict[str, Any]], None],
) -> HttpResponse:
    """Apply a move or swap; answer htmx with the refreshed groups, others with a redirect."""
    error = None
    if not form.is_valid():
        error = error_summary(form)
    else:
        try:
            change(form.cleaned_data)
        except PeerGroupError as refused:
            error = str(refused)
    round.refresh_from_db()
    if request.htmx:
        context = _round_context(request, round, adjust_error=error)
        # htmx swaps only successful responses, so a refusal comes back as 200 with its reason.
        return render(request, "peergroups/_round_groups.html", context)
    if error:
        messages.error(request, error)
    return redirect(f"{round.get_absolute_url()}?page={request.GET.get('page', 1)}")


def _act(
    request: AuthenticatedRequest, round_id: uuid.UUID, action: Any, done: str
) -> HttpResponse:
    round = get_round_for_manager(request.user, round_id)
    try:
        action(actor=request.user, round=round)
    except PeerGroupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(round)


def _group_context(request: AuthenticatedRequest, group: PeerGroup, **forms: Any) -> dict[str, Any]:
    [summary] = summarise(with_members(PeerGroup.objects.filter(pk=group.pk)), timezone.localdate())
    upcoming = group.proposals.filter(starts_at__gte=timezone.now()).select_related("proposed_by")
    proposals = upcoming.prefetch_related(
        Prefetch("availabilities", queryset=Availability.objects.select_related("user"))
    )
    return {
        "group": group,
        "round": group.round,
        "summary": summary,
        "mix": team_mix(summary.members),
        "messages_list": reversed(group.messages.select_related("author").order_by("-id")[:200]),
        "proposals": [_proposal_row(p, request.user) for p in proposals],
        "message_form": forms.get("message_form") or MessageForm(),
        "proposal_form": forms.get("proposal_form") or ProposalForm(),
        "answers": Availability.Answer.choices,
        "shared_goals": shared_goals_for_group(group, request.user),
    }


def _proposal_row(proposal: MeetingProposal, user: User) -> dict[str, Any]:
    answers = list(proposal.availabilities.all())
    mine = next((a.answer for a in answers if a.user_id == user.pk), None)
    return {"proposal": proposal, "answers": answers, "mine": mine}

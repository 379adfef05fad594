from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from convene.elections import results, services
from convene.elections.access import (
    get_election_community_for_user,
    get_election_for_user,
    get_nomination_for_user,
)
from convene.elections.forms import (
    BallotForm,
    ElectionForm,
    NominationForm,
    PolicyForm,
    ResponseForm,
    WindowForm,
)
from convene.elections.models import Election, Nomination, Receipt, Term, TermPolicy
from convene.elections.services import ElectionError
from convene.lib.http import AuthenticatedRequest


@login_required
def election_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The community's convenors over time and its elections, in a fixed number of queries."""
    community = get_election_community_for_user(request.user, slug)
    services.keep_terms_in_step(community)
    elections = list(
        Election.objects.filter(community=community)
        .annotate(candidate_count=Count("nominations", filter=Q(nominations__status="accepted")))
        .select_related("winner", "community")
    )
    context = {
        "community": community,
        "terms": Term.objects.filter(community=community).select_related(
            "person", "election__community"
        ),
        "elections": elections,
        "policy": TermPolicy.for_community(community),
        "can_run": services.can_run(request.user, community),
        "under_way": next((e for e in elections if not e.is_closed), None),
    }
    return render(request, "elections/election_list.html", context)


@login_required
def election_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_election_community_for_user(request.user, slug)
    if not services.can_run(request.user, community):
        raise Http404
    form = ElectionForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            election = services.open_election(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ElectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Nominations are open: every member has been told.")
            return redirect(election)
    context = {"community": community, "form": form}
    return render(
        request, "elections/election_form.html", context, status=400 if form.errors else 200
    )


@login_required
def policy_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_election_community_for_user(request.user, slug)
    if not services.can_run(request.user, community):
        raise Http404
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        instance=TermPolicy.for_community(community),
    )
    if form.is_bound and form.is_valid():
        try:
            services.set_term_policy(actor=request.user, community=community, **form.cleaned_data)
        except ElectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved. The next election uses these settings.")
            return redirect("elections:election_list", community.slug)
    context = {"community": community, "form": form}
    return render(
        request, "elections/policy_form.html", context, status=400 if form.errors else 200
    )


@login_required
def election_detail(
    request: AuthenticatedRequest, slug: str, election_id: uuid.UUID
) -> HttpResponse:
    election = get_election_for_user(request.user, slug, election_id)
    return render(request, "elections/election_detail.html", _detail_context(request, election))


@require_POST
@login_required
def nomination_create(
    request: AuthenticatedRequest, slug: str, election_id: uuid.UUID
) -> HttpResponse:
    election = get_election_for_user(request.user, slug, election_id)
    form = NominationForm(request.POST, members=services.members(election.community))
    if form.is_valid():
        try:
            services.nominate(actor=request.user, election=election, **form.cleaned_data)
        except ElectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Nominated. The nominee has been asked to accept.")
            return redirect(election)
    context = _detail_context(request, election, nomination_form=form)
    return render(request, "elections/election_detail.html", context, status=400)


@require_POST
@login_required
def nomination_respond(
    request: AuthenticatedRequest, slug: str, election_id: uuid.UUID, nomination_id: uuid.UUID
) -> HttpResponse:
    election = get_election_for_user(request.user, slug, election_id)
    nomination = get_nomination_for_user(request.user, election, nomination_id)
    form = ResponseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.respond_to_nomination(
                actor=request.user,
                nomination=nomination,
                accept=data["response"] == "accept",
                statement=data["statement"],
            )
        except ElectionError as error:
            form.add_error(None, str(error))
        else:
            return redirect(election)
    context = _detail_context(request, election, response_form=form)
    return render(request, "elections/election_detail.html", context, status=400)


@sensitive_post_parameters()  # a ballot's choices stay out of error reports
@login_required
def ballot_cast(request: AuthenticatedRequest, slug: str, election_id: uuid.UUID) -> HttpResponse:
    election = get_election_for_user(request.user, slug, election_id)
    standing = services.candidates(election)
    options = [(str(n.pk), n.nominee.full_name) for n in standing]
    form = BallotForm(
        request.POST if request.method == "POST" else None,
        kind=election.ballot_kind(len(standing)),
        candidates=options,
    )
    if form.is_bound and form.is_valid():
        try:
            services.cast_ballot(actor=request.user, election=election, **form.ballot())
        except ElectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your vote is cast. Thank you: it is secret, and it counts.")
            return redirect(election)
    context = {
        "election": election,
        "community": election.community,
        "form": form,
        "standing": standing,
    }
    return render(
        request, "elections/ballot_form.html", context, status=400 if form.errors else 200
    )


@require_POST
@login_required
def window_edit(request: AuthenticatedRequest, slug: str, election_id: uuid.UUID) -> HttpResponse:
    election = get_election_for_user(request.user, slug, election_id)
    form = WindowForm(request.POST)
    if form.is_valid():
        try:
            services.set_voting_window(actor=request.user, election=election, **form.cleaned_data)
        except ElectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The voting window is set.")
            return redirect(election)
    context = _detail_context(request, election, window_form=form)
    return render(request, "elections/election_detail.html", context, status=400)


@require_POST
@login_required
def election_close(
    request: AuthenticatedRequest, slug: str, election_id: uuid.UUID
) -> HttpResponse:
    election = get_election_for_user(request.user, slug, election_id)
    try:
        services.close_election(actor=request.user, election=election)
    except ElectionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Counted. The result is published and every member told.")
    return redirect(election)


@login_required
def ballot_list(request: AuthenticatedRequest, slug: str, election_id: uuid.UUID) -> HttpResponse:
    election = get_election_for_user(request.user, slug, election_id)
    if not election.is_closed:
        raise Http404
    data = results.published(election)
    context = {
        "election": election,
        "community": election.community,
        "data": data,
        "ballots": results.readable(data),
    }
    return render(request, "elections/ballot_list.html", context)


@login_required
def ballot_download(
    request: AuthenticatedRequest, slug: str, election_id: uuid.UUID, fmt: str
) -> HttpResponse:
    election = get_election_for_user(request.user, slug, election_id)
    if not election.is_closed or fmt not in ("csv", "json"):
        raise Http404
    if fmt == "csv":
        response = HttpResponse(results.as_csv(election), content_type="text/csv; charset=utf-8")
    else:
        body = json.dumps(results.published(election), indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="ballots-{election.pk}.{fmt}"'
    return response


def _detail_context(
    request: AuthenticatedRequest, election: Election, **forms: Any
) -> dict[str, Any]:
    user = request.user
    nominations = list(election.nominations.select_related("nominee", "nominated_by"))
    closed = election.is_closed
    names = {
        str(n.pk): n.nominee.full_name
        for n in nominations
        if n.status == Nomination.Status.ACCEPTED
    }
    phase = election.phase()
    return {
        "election": election,
        "community": election.community,
        "phase": phase,
        "phases": Election.Phase,
        "nominations": nominations,
        "is_member": services.is_member(user, election.community),
        "has_voted": Receipt.objects.filter(election=election, voter=user).exists(),
        "turnout": election.receipts.count(),
        "can_run": services.can_run(user, election.community, election),
        "rounds": results.rounds(election, names) if closed else None,
        "handover_refused": services.handover_refused(election) if closed else None,
        "tie_break": results.TIE_BREAK,
        "nomination_form": forms.get("nomination_form")
        or NominationForm(members=services.members(election.community)),
        "response_form": forms.get("response_form") or ResponseForm(),
        "window_form": forms.get("window_form")
        or WindowForm(
            initial={
                "voting_opens_at": timezone.localtime(election.voting_opens_at),
                "voting_closes_at": timezone.localtime(election.voting_closes_at),
            }
        ),
    }

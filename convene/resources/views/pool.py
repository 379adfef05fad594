"""The expertise pool, one's own offers, and the consents asked of a person."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest
from convene.resources import pool as services
from convene.resources.forms.pool import ConsentForm, OfferForm, SearchForm
from convene.resources.models import ExpertOffer, Kind, RequestLine, describe
from convene.resources.services import ResourceError

PAGE_SIZE = 40
TOGGLES = {
    "close": (services.close_offer, "Your offer is closed; hours already promised stay promised."),
    "reopen": (services.reopen_offer, "Your offer is back in the pool."),
}


@login_required
def pool(request: AuthenticatedRequest) -> HttpResponse:
    """Open offers of expertise, searchable by topic; your own offers; the form to offer."""
    search = SearchForm(request.GET or None)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_expertise(actor=request.user, **form.cleaned_data)
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your offer is in the pool. Thank you.")
            return redirect("resources:pool")
    page = Paginator(services.open_offers(words), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "words": words,
        "page": page,
        "offers": [(offer, _hours(offer.remaining)) for offer in page],
        "mine": [_own(offer) for offer in services.offers_of(request.user)],
        "form": form,
    }
    return render(request, "resources/pool/pool.html", context, status=_status(form))


def _own(offer: ExpertOffer) -> dict[str, Any]:
    lines: list[RequestLine] = getattr(offer, "promised_lines", [])
    return {
        "offer": offer,
        "hours": _hours(offer.hours),
        "remaining": _hours(offer.remaining),
        "promised": [(line, _hours(line.allocation.amount)) for line in lines],
    }


def _hours(amount: Any) -> str:
    return describe(Kind.EXPERTISE, amount)


@login_required
def offer_edit(request: AuthenticatedRequest, offer_id: uuid.UUID) -> HttpResponse:
    offer = services.get_offer_for_user(request.user, offer_id)
    if offer.expert_id != request.user.pk:
        raise Http404
    initial = {"topic": offer.topic, "description": offer.description, "hours": offer.hours}
    form = OfferForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.edit_offer(actor=request.user, offer=offer, **form.cleaned_data)
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your offer is saved.")
            return redirect("resources:pool")
    context = {
        "offer": offer,
        "form": form,
        "promised": _hours(services.promised(offer)),
    }
    return render(request, "resources/pool/offer_form.html", context, status=_status(form))


@require_POST
@login_required
def offer_toggle(request: AuthenticatedRequest, offer_id: uuid.UUID, action: str) -> HttpResponse:
    """Close your offer, or reopen it."""
    offer = services.get_offer_for_user(request.user, offer_id)
    if action not in TOGGLES or offer.expert_id != request.user.pk:
        raise Http404
    service, done = TOGGLES[action]
    try:
        service(actor=request.user, offer=offer)
    except ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("resources:pool")


@login_required
def consents(request: AuthenticatedRequest) -> HttpResponse:
    """The released time and expert hours waiting for this person's consent."""
    lines = list(services.consents_for(request.user))
    # A line manager outside a private community sees what they consent to, not the request.
    seen = services.projects_seen(request.user, lines)
    context = {
        "lines": [
            (line, describe(line.kind, line.amount), line.request.project_id in seen)
            for line in lines
        ],
        "form": ConsentForm(),
    }
    return render(request, "resources/pool/consents.html", context)


@require_POST
@login_required
def consent_decide(request: AuthenticatedRequest, line_id: int) -> HttpResponse:
    line = services.get_consent_line_for_user(request.user, line_id)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return redirect("resources:consents")
    give = form.cleaned_data["decision"] == "give"
    try:
        services.decide_consent(
            actor=request.user, line=line, give=give, note=form.cleaned_data["note"]
        )
    except ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, services.consent_sentence(request.user, line))
    return redirect("resources:consents")


def _status(form: OfferForm) -> int:
    return 400 if form.is_bound and form.errors else 200


urlpatterns: list[URLPattern] = [
    path("pool/", pool, name="pool"),
    path("pool/<uuid:offer_id>/edit/", offer_edit, name="offer_edit"),
    path("pool/<uuid:offer_id>/<slug:action>/", offer_toggle, name="offer_toggle"),
    path("consents/", consents, name="consents"),
    path("consents/<int:line_id>/", consent_decide, name="consent_decide"),
]

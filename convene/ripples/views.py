from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from convene.communities.models import Community
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest
from convene.ripples import exports, services
from convene.ripples.access import get_effect_on_map, get_map_for_user
from convene.ripples.forms import (
    ConfirmForm,
    EditMapForm,
    MergeForm,
    NewMapForm,
    PlaceForm,
    effect_initial,
)
from convene.ripples.models import Effect, RippleMap
from convene.ripples.pages import MapPage
from convene.ripples.services import RippleError


@login_required
def map_list(request: AuthenticatedRequest) -> HttpResponse:
    maps = RippleMap.objects.visible_to(request.user).for_list()
    can_start = request.user.is_administrator or _led(request).exists()
    return render(request, "ripples/map_list.html", {"maps": maps, "can_start": can_start})


@login_required
def map_create(request: AuthenticatedRequest) -> HttpResponse:
    form = NewMapForm(
        request.POST or None,
        communities=list(_led(request)),
        programme=request.user.is_administrator,
    )
    if not form.fields["community"].choices:  # type: ignore[attr-defined]
        raise Http404
    if form.is_valid():
        data = dict(form.cleaned_data, community=form.chosen_community())
        try:
            ripple_map = services.create_map(actor=request.user, **data)
        except RippleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your map is ready. Open a live session when you meet.")
            return redirect(ripple_map)
    return render(request, "ripples/map_form.html", {"form": form})


@login_required
def map_detail(request: AuthenticatedRequest, map_id: uuid.UUID) -> HttpResponse:
    page = MapPage.load(request.user, map_id)
    return render(request, "ripples/map_detail.html", page.context(effect_form=page.effect_form()))


@login_required
def map_live(request: AuthenticatedRequest, map_id: uuid.UUID) -> HttpResponse:
    """The tree and the effects waiting to be placed, for htmx to swap in every few seconds."""
    page = MapPage.load(request.user, map_id)
    return render(request, "ripples/_live.html", page.context())


@login_required
def map_edit(request: AuthenticatedRequest, map_id: uuid.UUID) -> HttpResponse:
    ripple_map = get_map_for_user(request.user, map_id)
    if not ripple_map.is_run_by(request.user):
        raise Http404
    fields = ["title", "centre", "session_date", "visibility"]
    initial: dict[str, Any] = {name: getattr(ripple_map, name) for name in fields}
    initial |= {"facilitator": ripple_map.facilitator_id, "map_maker": ripple_map.map_maker_id}
    form = EditMapForm(request.POST or None, initial=initial, people=list(ripple_map.audience()))
    if form.is_valid():
        try:
            services.edit_map(actor=request.user, ripple_map=ripple_map, **form.cleaned_data)
        except RippleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The map is updated.")
            return redirect(ripple_map)
    context = {"form": form, "ripple_map": ripple_map}
    return render(request, "ripples/map_form.html", context)


@login_required
@require_POST
def session_toggle(request: AuthenticatedRequest, map_id: uuid.UUID) -> HttpResponse:
    ripple_map = get_map_for_user(request.user, map_id)
    opening = not ripple_map.is_live
    verb = services.open_session if opening else services.close_session
    try:
        verb(actor=request.user, ripple_map=ripple_map)
    except RippleError as error:
        messages.error(request, str(error))
    else:
        done = "The live session is open." if opening else "The live session is closed."
        messages.success(request, done)
    return redirect(ripple_map)


@login_required
@require_POST
def effect_create(request: AuthenticatedRequest, map_id: uuid.UUID) -> HttpResponse:
    page = MapPage.load(request.user, map_id)
    form = page.effect_form(request.POST)
    if form.is_valid():
        try:
            effect = services.add_effect(
                actor=request.user, ripple_map=page.ripple_map, details=form.details()
            )
        except RippleError as error:
            form.add_error(None, str(error))
        else:
            waiting = "" if effect.placed else " The map-maker will place it on the map."
            messages.success(request, f"Added.{waiting}")
            return redirect(f"{page.ripple_map.get_absolute_url()}#add-effect")
    return render(request, "ripples/map_detail.html", page.context(effect_form=form), status=400)


@login_required
def effect_edit(request: AuthenticatedRequest, map_id: uuid.UUID, effect_id: int) -> HttpResponse:
    page = MapPage.load(request.user, map_id)
    effect = get_effect_on_map(page.ripple_map, effect_id)
    if not services.may_edit(request.user, effect, runs_it=page.runs_it):
        raise Http404
    form = page.effect_form(request.POST or None, initial=effect_initial(effect))
    if form.is_valid():
        try:
            services.edit_effect(actor=request.user, effect=effect, details=form.details())
        except RippleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The effect is updated.")
            return redirect(effect)
    context = {"ripple_map": page.ripple_map, "effect": effect, "form": form}
    return render(request, "ripples/effect_form.html", context)


@login_required
@require_POST
def effect_place(request: AuthenticatedRequest, map_id: uuid.UUID, effect_id: int) -> HttpResponse:
    page = MapPage.load(request.user, map_id)
    effect = get_effect_on_map(page.ripple_map, effect_id)
    form = PlaceForm(request.POST, ripple_map=page.ripple_map, placed=page.placed)
    if _valid(request, form):
        _attempt(
            request,
            lambda: services.place_effect(actor=request.user, effect=effect, **form.cleaned_data),
            "Placed on the map.",
        )
    return redirect(page.ripple_map)


@login_required
@require_POST
def effect_merge(request: AuthenticatedRequest, map_id: uuid.UUID, effect_id: int) -> HttpResponse:
    page = MapPage.load(request.user, map_id)
    effect = get_effect_on_map(page.ripple_map, effect_id)
    form = MergeForm(request.POST, placed=page.placed)
    if _valid(request, form):
        target = form.cleaned_data["target"]
        _attempt(
            request,
            lambda: services.merge_effects(actor=request.user, source=effect, target=target),
            "Merged: both tellings are kept.",
        )
    return redirect(page.ripple_map)


@login_required
@require_POST
def effect_delete(request: AuthenticatedRequest, map_id: uuid.UUID, effect_id: int) -> HttpResponse:
    ripple_map = get_map_for_user(request.user, map_id)
    effect = get_effect_on_map(ripple_map, effect_id)
    _attempt(request, lambda: services.delete_effect(actor=request.user, effect=effect), "Removed.")
    return redirect(ripple_map)


@login_required
@require_POST
def effect_confirm(
    request: AuthenticatedRequest, map_id: uuid.UUID, effect_id: int
) -> HttpResponse:
    ripple_map = get_map_for_user(request.user, map_id)
    effect = get_effect_on_map(ripple_map, effect_id)
    form = ConfirmForm(request.POST)
    if _valid(request, form):
        confirmed = form.cleaned_data["answer"] == Effect.Confirmation.CONFIRMED
        note = form.cleaned_data["note"]
        _attempt(
            request,
            lambda: services.confirm_effect(
                actor=request.user, effect=effect, confirmed=confirmed, note=note
            ),
            "Thank you: your answer is recorded.",
        )
    return redirect(effect)


@login_required
def map_export(request: AuthenticatedRequest, map_id: uuid.UUID, fmt: str) -> HttpResponse:
    ripple_map = get_map_for_user(request.user, map_id)
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.export_response(ripple_map, fmt)


def _led(request: AuthenticatedRequest) -> QuerySet[Community]:
    return Community.objects.led_by(request.user).order_by("name")


def _valid(request: AuthenticatedRequest, form: forms.Form) -> bool:
    if form.is_valid():
        return True
    messages.error(request, error_summary(form))
    return False


def _attempt(request: AuthenticatedRequest, action: Callable[[], object], success: str) -> None:
    try:
        action()
    except RippleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from convene.communities.models import Community
from convene.discussions.feeds import feed_key_for, reader
from convene.gatherings import calendars, formats, services
from convene.gatherings.access import (
    get_community_for_gatherings,
    get_gathering_for_user,
    get_own_intention,
)
from convene.gatherings.forms import (
    AttendanceForm,
    GatheringForm,
    IntentionForm,
    NotesForm,
    OutcomeForm,
    RsvpForm,
)
from convene.gatherings.models import Gathering, Intention
from convene.gatherings.pages import (
    calendar_links,
    detail_context,
    edit_initial,
    member_people,
    my_gatherings_context,
)
from convene.gatherings.services import GatheringError
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest

PAST_PER_PAGE = 20
ICS = "text/calendar; charset=utf-8"


@login_required
def gathering_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_gatherings(request.user, slug)
    gatherings = community.gatherings.for_list(request.user)
    past = Paginator(gatherings.past(), PAST_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "community": community,
        "upcoming": list(gatherings.upcoming()[:100]),
        "past": past,
        "can_schedule": services.can_schedule(request.user, community),
        "calendar": calendar_links(
            request, "gatherings:community_calendar", [slug], feed_key_for(request.user)
        ),
    }
    return render(request, "gatherings/gathering_list.html", context)


@login_required
def gathering_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = _schedulable(request, slug)
    chosen = formats.get_format(request.GET.get("format", formats.TROIKA_CONSULTING.key))
    initial = {"format": chosen.key, "agenda": formats.agenda_text(chosen.steps)}
    form = GatheringForm(
        request.POST or None,
        members=member_people(community),
        initial=initial,
        prefill_url=request.path,
    )
    if form.is_valid():
        data = {**form.for_service(), "agenda": form.cleaned_data["agenda"] or None}
        try:
            gathering = services.schedule_gathering(actor=request.user, community=community, **data)
        except GatheringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Scheduled. Members are told and can say if they will come.")
            return redirect(gathering)
    context = {"community": community, "form": form, "formats": formats.FORMATS.values()}
    context["suggestion"] = services.suggest_facilitator(community)
    return render(request, "gatherings/gathering_form.html", context)


@login_required
def gathering_edit(
    request: AuthenticatedRequest, slug: str, gathering_id: uuid.UUID
) -> HttpResponse:
    gathering = get_gathering_for_user(request.user, gathering_id, slug)
    community = _schedulable(request, slug, gathering.community)
    form = GatheringForm(
        request.POST or None, members=member_people(community), initial=edit_initial(gathering)
    )
    if form.is_valid():
        # A blank agenda takes the (possibly new) format's agenda, as the form's help says.
        data = {**form.for_service(), "agenda": form.cleaned_data["agenda"] or None}
        try:
            services.update_gathering(actor=request.user, gathering=gathering, **data)
        except GatheringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved. Calendars that follow it will update.")
            return redirect(gathering)
    context = {"community": community, "form": form, "gathering": gathering}
    context["suggestion"] = services.suggest_facilitator(community, exclude=gathering)
    return render(request, "gatherings/gathering_form.html", context)


@login_required
def gathering_detail(
    request: AuthenticatedRequest, slug: str, gathering_id: uuid.UUID
) -> HttpResponse:
    gathering = get_gathering_for_user(request.user, gathering_id, slug)
    return render(request, "gatherings/gathering_detail.html", detail_context(request, gathering))


@require_POST
@login_required
def gathering_cancel(
    request: AuthenticatedRequest, slug: str, gathering_id: uuid.UUID
) -> HttpResponse:
    gathering = get_gathering_for_user(request.user, gathering_id, slug)
    _schedulable(request, slug, gathering.community)
    try:
        services.cancel_gathering(actor=request.user, gathering=gathering)
    except GatheringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Cancelled. Those who said they would come are told.")
    return redirect(gathering)


@require_POST
@login_required
def gathering_rsvp(
    request: AuthenticatedRequest, slug: str, gathering_id: uuid.UUID
) -> HttpResponse:
    gathering = get_gathering_for_user(request.user, gathering_id, slug)
    form = RsvpForm(request.POST)
    if form.is_valid():
        try:
            services.rsvp(actor=request.user, gathering=gathering, **form.cleaned_data)
        except GatheringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you: your answer is saved.")
            return redirect(gathering)
    context = detail_context(request, gathering, rsvp_form=form)
    return render(request, "gatherings/gathering_detail.html", context, status=400)


@require_POST
@login_required
def gathering_attendance(
    request: AuthenticatedRequest, slug: str, gathering_id: uuid.UUID
) -> HttpResponse:
    gathering = get_gathering_for_user(request.user, gathering_id, slug)
    form = AttendanceForm(request.POST, people=member_people(gathering.community))
    if form.is_valid():
        try:
            services.record_attendance(
                actor=request.user, gathering=gathering, attendees=form.cleaned_data["attendees"]
            )
        except GatheringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Attendance recorded.")
            return redirect(gathering)
    context = detail_context(request, gathering, attendance_form=form)
    return render(request, "gatherings/gathering_detail.html", context, status=400)


@require_POST
@login_required
def gathering_notes(
    request: AuthenticatedRequest, slug: str, gathering_id: uuid.UUID
) -> HttpResponse:
    gathering = get_gathering_for_user(request.user, gathering_id, slug)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            services.write_notes(actor=request.user, gathering=gathering, **form.cleaned_data)
        except GatheringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Notes saved.")
            return redirect(f"{gathering.get_absolute_url()}#notes")
    context = detail_context(request, gathering, notes_form=form)
    return render(request, "gatherings/gathering_detail.html", context, status=400)


@login_required
def intention_edit(
    request: AuthenticatedRequest, slug: str, gathering_id: uuid.UUID
) -> HttpResponse:
    gathering = get_gathering_for_user(request.user, gathering_id, slug)
    intention = get_own_intention(request.user, gathering)
    initial = {"text": intention.text} if intention else None
    form = IntentionForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.record_intention(actor=request.user, gathering=gathering, **form.cleaned_data)
        except GatheringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved. Convene will ask you how it went.")
            return redirect("gatherings:intention_edit", slug, gathering.pk)
    return _intention_page(request, gathering, intention, form, OutcomeForm())


@require_POST
@login_required
def intention_outcome(
    request: AuthenticatedRequest, slug: str, gathering_id: uuid.UUID
) -> HttpResponse:
    gathering = get_gathering_for_user(request.user, gathering_id, slug)
    intention = get_own_intention(request.user, gathering)
    if intention is None:
        raise Http404
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcome(actor=request.user, intention=intention, **form.cleaned_data)
        except GatheringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you for coming back to say what happened.")
            return redirect("gatherings:intention_edit", slug, gathering.pk)
    return _intention_page(request, gathering, intention, IntentionForm(), form, status=400)


@login_required
def my_gatherings(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "gatherings/my_gatherings.html", my_gatherings_context(request))


def gathering_ics(request: HttpRequest, slug: str, gathering_id: uuid.UUID) -> HttpResponse:
    """One gathering as an .ics file; the feed key lets a calendar app fetch it."""
    gathering = get_gathering_for_user(reader(request), gathering_id, slug)
    response = _ics(calendars.calendar([gathering], gathering.title))
    response["Content-Disposition"] = f'attachment; filename="gathering-{gathering.pk}.ics"'
    return response


def community_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """A community's gatherings as a calendar feed, for those who may read it now."""
    community = get_community_for_gatherings(reader(request), slug)
    name = f"{community.name}: gatherings"
    return _ics(calendars.calendar(calendars.community_feed(community), name))


def my_calendar(request: HttpRequest) -> HttpResponse:
    """A person's gatherings across communities, opened by their secret feed key."""
    user = reader(request)
    if not user.is_authenticated:
        raise Http404
    feed = calendars.personal_feed(user)
    return _ics(calendars.calendar(feed, "My gatherings"))


def _ics(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS)
    # Opened with a personal key: no shared cache may keep it; calendar apps poll often.
    patch_cache_control(response, private=True, max_age=300)
    return response


def _schedulable(
    request: AuthenticatedRequest, slug: str, community: Community | None = None
) -> Community:
    community = community or get_community_for_gatherings(request.user, slug)
    if not services.can_schedule(request.user, community):
        raise Http404
    return community


def _intention_page(
    request: AuthenticatedRequest,
    gathering: Gathering,
    intention: Intention | None,
    form: IntentionForm,
    outcome_form: OutcomeForm,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "gathering": gathering,
        "community": gathering.community,
        "intention": intention,
        "form": form,
        "outcome_form": outcome_form,
        "is_member": services.is_member(request.user, gathering.community),
    }
    if form.errors or outcome_form.errors:
        context["error"] = error_summary(form if form.errors else outcome_form)
    return render(request, "gatherings/intention_form.html", context, status=status)

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from convene.lib.http import AuthenticatedRequest
from convene.values import services
from convene.values.access import (
    get_own_story,
    get_story_for_user,
    get_value_for_administrator,
    get_value_for_user,
    require_administrator,
)
from convene.values.forms import StoryForm, ValueForm, story_initial
from convene.values.models import Value, ValueStory
from convene.values.services import ValuesError
from convene.values.summaries import RECENT_DAYS, summarise_value, value_counts

PAGE_SIZE = 20
LATEST_STORIES = 10


# -- Values -------------------------------------------------------------------


@login_required
def value_list(request: AuthenticatedRequest) -> HttpResponse:
    context = {"counts": value_counts(request.user)}
    return render(request, "values/value_list.html", context)


@login_required
def value_detail(request: AuthenticatedRequest, value_id: int) -> HttpResponse:
    value = get_value_for_user(request.user, value_id)
    stories = ValueStory.objects.visible_to(request.user).filter(values=value).for_list()
    context = {
        "summary": summarise_value(request.user, value),
        "stories": stories[:LATEST_STORIES],
        "recent_days": RECENT_DAYS,
    }
    return render(request, "values/value_detail.html", context)


@login_required
def value_manage(request: AuthenticatedRequest) -> HttpResponse:
    require_administrator(request.user)
    form = ValueForm(request.POST or None)
    if form.is_valid():
        try:
            value = services.add_value(actor=request.user, **form.cleaned_data)
        except ValuesError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{value.name}” is added and offered for stories.")
            return redirect("values:value_manage")
    context = {"values": Value.objects.order_by("order", "name"), "form": form}
    return render(request, "values/value_manage.html", context)


@login_required
def value_edit(request: AuthenticatedRequest, value_id: int) -> HttpResponse:
    value = get_value_for_administrator(request.user, value_id)
    initial = {"name": value.name, "description": value.description}
    form = ValueForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.edit_value(actor=request.user, value=value, **form.cleaned_data)
        except ValuesError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{value.name}” is saved.")
            return redirect("values:value_manage")
    return render(request, "values/value_form.html", {"value": value, "form": form})


@login_required
@require_POST
def value_move(request: AuthenticatedRequest, value_id: int) -> HttpResponse:
    value = get_value_for_administrator(request.user, value_id)
    step = -1 if request.POST.get("direction") == "up" else 1
    services.move_value(actor=request.user, value=value, step=step)
    return redirect("values:value_manage")


@login_required
@require_POST
def value_offered(request: AuthenticatedRequest, value_id: int) -> HttpResponse:
    value = get_value_for_administrator(request.user, value_id)
    offered = request.POST.get("offered") == "yes"
    services.set_offered(actor=request.user, value=value, offered=offered)
    done = "offered again" if offered else "retired: its stories keep it"
    messages.success(request, f"“{value.name}” is {done}.")
    return redirect("values:value_manage")


# -- Stories -----------------------------------------------------------------


@login_required
def story_list(request: AuthenticatedRequest) -> HttpResponse:
    stories = ValueStory.objects.visible_to(request.user).for_list()
    chosen = _chosen_value(request, Value.objects.all())
    if chosen:
        stories = stories.filter(values=chosen)
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "chosen": chosen, "values": Value.objects.all()}
    return render(request, "values/story_list.html", context)


@login_required
def story_create(request: AuthenticatedRequest) -> HttpResponse:
    form = StoryForm(request.POST or None, user=request.user, initial=_initial_for(request))
    if form.is_valid():
        try:
            story = services.tell_story(actor=request.user, **form.cleaned_data)
        except ValuesError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you: your story is told.")
            return redirect(story)
    return render(request, "values/story_form.html", {"form": form})


@login_required
def story_detail(request: AuthenticatedRequest, story_id: uuid.UUID) -> HttpResponse:
    story = get_story_for_user(request.user, story_id)
    return render(request, "values/story_detail.html", {"story": story})


@login_required
def story_edit(request: AuthenticatedRequest, story_id: uuid.UUID) -> HttpResponse:
    story = get_own_story(request.user, story_id)
    form = StoryForm(
        request.POST or None, user=request.user, story=story, initial=story_initial(story)
    )
    if form.is_valid():
        try:
            services.edit_story(actor=request.user, story=story, **form.cleaned_data)
        except ValuesError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(story)
    return render(request, "values/story_form.html", {"form": form, "story": story})


@login_required
def story_delete(request: AuthenticatedRequest, story_id: uuid.UUID) -> HttpResponse:
    story = get_own_story(request.user, story_id)
    if request.method == "POST":
        services.delete_story(actor=request.user, story=story)
        messages.success(request, f"Deleted “{story.title}”.")
        return redirect("values:story_list")
    return render(request, "values/story_confirm_delete.html", {"story": story})


@login_required
@require_POST
def story_hidden(request: AuthenticatedRequest, story_id: uuid.UUID) -> HttpResponse:
    story = get_story_for_user(request.user, story_id)
    hidden = request.POST.get("hidden") == "yes"
    _attempt(
        request,
        lambda: services.set_hidden(actor=request.user, story=story, hidden=hidden),
        "Hidden: only you and its author see it now." if hidden else "Shown again.",
    )
    return redirect(story)


def _initial_for(request: AuthenticatedRequest) -> dict[str, object]:
    # Value pages link here with ?value=<id> to start a story about that value.
    value = _chosen_value(request, Value.objects.active())
    return {"values": [value]} if value else {}


def _chosen_value(request: AuthenticatedRequest, values: QuerySet[Value]) -> Value | None:
    raw = request.GET.get("value", "")
    # Digits only, and few enough for any database's integer.
    return values.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 10 else None


def _attempt(request: AuthenticatedRequest, action: Callable[[], object], success: str) -> None:
    try:
        action()
    except ValuesError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)

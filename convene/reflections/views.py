from __future__ import annotations

import uuid
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from convene.communities.models import Community
from convene.lib.http import AuthenticatedRequest
from convene.reflections import services
from convene.reflections.access import (
    get_community_to_read,
    get_community_to_share_with,
    get_own_reflection,
)
from convene.reflections.forms import EditForm, ReflectionForm, ShareForm
from convene.reflections.models import SHARING_MINIMUM_MEMBERS, Reflection
from convene.reflections.prompts import PROMPTS, find_prompt
from convene.reflections.services import ReflectionError


@login_required
def journal(request: AuthenticatedRequest) -> HttpResponse:
    communities = services.sharing_communities(request.user)
    initial = {}
    prompt = find_prompt(request.GET.get("prompt", ""))
    if prompt:
        initial["prompt"] = prompt.key
    slug = request.GET.get("community", "")
    if any(community.slug == slug for community in communities):
        initial["community"] = slug
    form = ReflectionForm(initial=initial, communities=communities)
    return _render_journal(request, form, communities)


@login_required
@require_POST
def reflection_create(request: AuthenticatedRequest) -> HttpResponse:
    communities = services.sharing_communities(request.user)
    form = ReflectionForm(request.POST, communities=communities)
    if form.is_valid():
        try:
            reflection = services.write_reflection(actor=request.user, **form.cleaned_data)
        except ReflectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your reflection is saved in your journal. Only you see it.")
            return redirect(reflection)
    return _render_journal(request, form, communities)


@login_required
def reflection_edit(request: AuthenticatedRequest, reflection_id: uuid.UUID) -> HttpResponse:
    reflection = get_own_reflection(request.user, reflection_id)
    form = EditForm(request.POST or None, initial={"body": reflection.body})
    if form.is_valid():
        try:
            services.edit_reflection(
                actor=request.user, reflection=reflection, body=form.cleaned_data["body"]
            )
        except ReflectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(reflection)
    context = {"reflection": reflection, "form": form}
    return render(request, "reflections/reflection_form.html", context)


@login_required
def reflection_share(request: AuthenticatedRequest, reflection_id: uuid.UUID) -> HttpResponse:
    reflection = get_own_reflection(request.user, reflection_id)
    communities = services.sharing_communities(request.user)
    initial = {"body": reflection.body}
    if reflection.community and reflection.community in communities:
        initial["community"] = reflection.community.slug
    form = ShareForm(request.POST or None, initial=initial, communities=communities)
    if request.method == "POST" and form.is_valid() and not reflection.is_shared:
        community = get_community_to_share_with(request.user, form.cleaned_data["community"])
        try:
            services.share_reflection(
                actor=request.user,
                reflection=reflection,
                community=community,
                body=form.cleaned_data["body"],
            )
        except ReflectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Shared anonymously with {community.name}.")
            return redirect("reflections:shared", slug=community.slug)
    context = {
        "reflection": reflection,
        "form": form,
        "communities": communities,
        "minimum": SHARING_MINIMUM_MEMBERS,
    }
    return render(request, "reflections/reflection_share.html", context)


@login_required
def shared(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_to_read(request.user, slug)
    context = {
        "community": community,
        "groups": services.shared_by_prompt(community),
        "minimum": SHARING_MINIMUM_MEMBERS,
    }
    return render(request, "reflections/shared_list.html", context)


def _render_journal(
    request: AuthenticatedRequest, form: ReflectionForm, communities: list[Community]
) -> HttpResponse:
    """The person's reflections by prompt, each prompt's answers oldest to newest."""
    by_prompt: dict[str, list[Reflection]] = defaultdict(list)
    for reflection in Reflection.objects.visible_to(request.user).for_journal():
        by_prompt[reflection.prompt].append(reflection)
    groups = [
        {"prompt": prompt, "answers": by_prompt.get(prompt.key, [])}
        for prompt in PROMPTS
        if prompt.key in by_prompt
    ]
    context = {
        "groups": groups,
        "unanswered": [prompt for prompt in PROMPTS if prompt.key not in by_prompt],
        "due": services.due_reflections(request.user),
        "form": form,
        "communities": communities,
    }
    return render(request, "reflections/journal.html", context)

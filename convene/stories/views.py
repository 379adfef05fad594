from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from convene.gatherings.models import Intention
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest
from convene.stories import services
from convene.stories.access import (
    get_community_for_stories,
    get_own_intention,
    get_own_step,
    get_own_story,
    get_story_for_user,
)
from convene.stories.forms import MoveForm, NewStoryForm, StepForm, StoryForm
from convene.stories.models import Step, Story
from convene.stories.services import StoryError
from convene.stories.summaries import value_matrix

# Lists show the most recently updated stories; older ones remain reachable by link and API.
LIST_LIMIT = 100


@login_required
def story_list(request: AuthenticatedRequest) -> HttpResponse:
    stories = Story.objects.filter(author=request.user).for_list(request.user)[:LIST_LIMIT]
    intentions = (
        Intention.objects.of(request.user)
        .filter(story__isnull=True)
        .select_related("gathering")
        .order_by("-gathering__starts_at", "id")
    )
    context = {"stories": stories, "intentions": intentions}
    return render(request, "stories/story_list.html", context)


@login_required
def story_shared(request: AuthenticatedRequest) -> HttpResponse:
    stories = Story.objects.visible_to(request.user).filter(
        visibility=Story.Visibility.ORGANISATION
    )
    context = {"stories": stories.for_list(request.user)[:LIST_LIMIT], "community": None}
    return render(request, "stories/story_shared.html", context)


@login_required
def community_stories(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_stories(request.user, slug)
    stories = Story.objects.visible_to(request.user).shared().filter(community=community)
    context = {
        "stories": stories.for_list(request.user)[:LIST_LIMIT],
        "community": community,
        "matrix": value_matrix(request.user, [community]),
    }
    return render(request, "stories/story_shared.html", context)


@login_required
def story_create(request: AuthenticatedRequest) -> HttpResponse:
    form = NewStoryForm(request.POST or None, author=request.user)
    if form.is_valid():
        try:
            story = services.tell_story(
                actor=request.user, steps=[form.draft()], **form.story_fields()
            )
        except StoryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your story is saved. Add the next step when you can.")
            return redirect(story)
    return render(request, "stories/story_form.html", {"form": form, "story": None})


@login_required
@require_POST
def story_from_intention(request: AuthenticatedRequest, intention_id: uuid.UUID) -> HttpResponse:
    intention = get_own_intention(request.user, intention_id)
    try:
        story = services.start_story_from_intention(actor=request.user, intention=intention)
    except StoryError as error:
        messages.error(request, str(error))
        return redirect("stories:story_list")
    messages.success(request, "Your story has begun. Give it a title of your own, and go on.")
    return redirect(story)


@login_required
def story_detail(request: AuthenticatedRequest, story_id: uuid.UUID) -> HttpResponse:
    story = get_story_for_user(request.user, story_id)
    return _render_detail(request, story)


@login_required
def story_edit(request: AuthenticatedRequest, story_id: uuid.UUID) -> HttpResponse:
    story = get_own_story(request.user, story_id)
    form = StoryForm(
        request.POST or None, initial=StoryForm.initial_for_story(story), author=request.user
    )
    if form.is_valid():
        try:
            services.edit_story(actor=request.user, story=story, **form.story_fields())
        except StoryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(story)
    return render(request, "stories/story_form.html", {"form": form, "story": story})


@login_required
def story_delete(request: AuthenticatedRequest, story_id: uuid.UUID) -> HttpResponse:
    story = get_own_story(request.user, story_id)
    if request.method == "POST":
        services.delete_story(actor=request.user, story=story)
        messages.success(request, f"Deleted “{story.title}”.")
        return redirect("stories:story_list")
    return render(request, "stories/story_confirm_delete.html", {"story": story})


@login_required
@require_POST
def step_create(request: AuthenticatedRequest, story_id: uuid.UUID) -> HttpResponse:
    story = get_own_story(request.user, story_id)
    form = StepForm(request.POST, author=request.user)
    if form.is_valid():
        try:
            step = services.add_step(actor=request.user, story=story, draft=form.draft())
        except StoryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Step added.")
            return redirect(step.get_absolute_url())
    return _render_detail(request, story, step_form=form)


@login_required
def step_edit(request: AuthenticatedRequest, story_id: uuid.UUID, step_id: int) -> HttpResponse:
    story = get_own_story(request.user, story_id)
    step = get_own_step(request.user, story, step_id)
    form = StepForm(
        request.POST or None, initial=StepForm.initial_for_step(step), author=request.user
    )
    if form.is_valid():
        try:
            services.edit_step(actor=request.user, step=step, draft=form.draft())
        except StoryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Step saved.")
            return redirect(step.get_absolute_url())
    return render(request, "stories/step_form.html", {"form": form, "story": story, "step": step})


@login_required
@require_POST
def step_delete(request: AuthenticatedRequest, story_id: uuid.UUID, step_id: int) -> HttpResponse:
    story = get_own_story(request.user, story_id)
    step = get_own_step(request.user, story, step_id)
    _attempt(request, lambda: services.remove_step(actor=request.user, step=step), "Step removed.")
    return redirect(story)


@login_required
@require_POST
def step_move(request: AuthenticatedRequest, story_id: uuid.UUID, step_id: int) -> HttpResponse:
    story = get_own_story(request.user, story_id)
    step = get_own_step(request.user, story, step_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return redirect(story)
    position = form.cleaned_data["position"]
    _attempt(
        request,
        lambda: services.move_step(actor=request.user, step=step, position=position),
        "Step moved.",
    )
    return redirect(step.get_absolute_url())


def _attempt(request: AuthenticatedRequest, change: Callable[[], object], done: str) -> None:
    try:
        change()
    except StoryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)


def _render_detail(
    request: AuthenticatedRequest, story: Story, step_form: StepForm | None = None
) -> HttpResponse:
    is_author = story.author_id == request.user.pk
    if is_author and step_form is None:
        step_form = StepForm(author=request.user)
    steps = list(Step.objects.filter(story=story).with_links_for(request.user))
    context = {
        "story": story,
        "steps": steps,
        "is_author": is_author,
        "byline": story.byline_for(request.user),
        "community": story.known_community,
        "step_form": step_form,
    }
    return render(request, "stories/story_detail.html", context)

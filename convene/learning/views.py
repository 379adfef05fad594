from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from convene.learning import services
from convene.learning.access import (
    get_community_for_progress,
    get_lesson_for_editor,
    get_lesson_for_user,
)
from convene.learning.forms import CheckForm, LessonEditForm
from convene.learning.models import CheckAttempt, Lesson, LessonProgress
from convene.learning.progress import community_progress as progress_of
from convene.learning.progress import first_steps, neighbours, programme_for
from convene.learning.services import LearningError
from convene.lib.http import AuthenticatedRequest


@login_required
def programme(request: AuthenticatedRequest) -> HttpResponse:
    taken = programme_for(request.user)
    context = {
        "programme": taken,
        "first_steps": first_steps(request.user) if taken.is_complete else [],
    }
    return render(request, "learning/programme.html", context)


@login_required
def lesson_detail(request: AuthenticatedRequest, module: str, lesson: str) -> HttpResponse:
    found = get_lesson_for_user(request.user, module, lesson)
    progress = services.start_lesson(actor=request.user, lesson=found)
    return _render_lesson(request, found, progress)


@require_POST
@login_required
def lesson_complete(request: AuthenticatedRequest, module: str, lesson: str) -> HttpResponse:
    found = get_lesson_for_user(request.user, module, lesson)
    services.complete_lesson(actor=request.user, lesson=found)
    _, after = neighbours(found)
    if after is None:
        messages.success(request, "Well done: you have completed the introductory programme.")
        return redirect("learning:programme")
    messages.success(request, f"“{found.title}” is complete.")
    return redirect(after)


@require_POST
@login_required
def check_submit(request: AuthenticatedRequest, module: str, lesson: str) -> HttpResponse:
    found = get_lesson_for_user(request.user, module, lesson)
    questions = list(found.questions.prefetch_related("options"))
    form = CheckForm(request.POST, questions=questions)
    if form.is_valid():
        try:
            services.submit_check(actor=request.user, lesson=found, answers=form.answers())
        except LearningError as error:
            messages.error(request, str(error))
        return redirect(f"{found.get_absolute_url()}#check")
    progress = services.start_lesson(actor=request.user, lesson=found)
    return _render_lesson(request, found, progress, check_form=form, status=400)


@require_POST
@login_required
def lesson_discussion(request: AuthenticatedRequest, module: str, lesson: str) -> HttpResponse:
    found = get_lesson_for_user(request.user, module, lesson)
    try:
        post = services.open_discussion(actor=request.user, lesson=found)
    except LearningError as error:
        messages.error(request, str(error))
        return redirect(found)
    return redirect(post)


@login_required
def lesson_edit(request: AuthenticatedRequest, module: str, lesson: str) -> HttpResponse:
    found = get_lesson_for_editor(request.user, module, lesson)
    form = LessonEditForm(request.POST or None, instance=Lesson.objects.get(pk=found.pk))
    if form.is_valid():
        try:
            services.edit_lesson(actor=request.user, lesson=found, **form.cleaned_data)
        except LearningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved. Loading the curriculum again will keep your edit.")
            return redirect(found)
    return render(request, "learning/lesson_form.html", {"lesson": found, "form": form})


@login_required
def community_progress(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_progress(request.user, slug)
    return render(request, "learning/community_progress.html", {"progress": progress_of(community)})


def _render_lesson(
    request: AuthenticatedRequest,
    lesson: Lesson,
    progress: LessonProgress,
    *,
    check_form: CheckForm | None = None,
    status: int = 200,
) -> HttpResponse:
    questions = list(lesson.questions.prefetch_related("options"))
    attempt = (
        CheckAttempt.objects.filter(person=request.user, lesson=lesson)
        .prefetch_related("chosen")
        .first()
    )
    if attempt is None and questions and check_form is None:
        check_form = CheckForm(questions=questions)
    before, after = neighbours(lesson)
    context = {
        "lesson": lesson,
        "module": lesson.module,
        "progress": progress,
        "questions": questions,
        "attempt": attempt,
        "chosen": {option.pk for option in attempt.chosen.all()} if attempt else set(),
        "check_form": check_form,
        "previous": before,
        "next": after,
        "discussion": lesson.discussion
        if lesson.discussion and not lesson.discussion.is_deleted
        else None,
    }
    return render(request, "learning/lesson_detail.html", context, status=status)

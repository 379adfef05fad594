"""Pages for surveys: answering, managing, schedules, anonymity settings and your own trend."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from convene.lib.http import AuthenticatedRequest
from convene.people.models import User
from convene.surveys import services, summaries
from convene.surveys.access import get_managed_survey, get_survey_for_user, surveys_managed_by
from convene.surveys.forms import (
    AnonymityForm,
    AnswerForm,
    OpenForm,
    PulseForm,
    QuestionForm,
    ScheduleForm,
    SurveyForm,
    managed_communities,
    survey_initial,
)
from convene.surveys.models import AnonymitySettings, Option, Question, Receipt, Schedule, Survey
from convene.surveys.results import may_see_results
from convene.surveys.services import SurveyError


def _answered(user: User) -> Exists:
    return Exists(Receipt.objects.filter(survey=OuterRef("pk"), person=user))


def _questions(survey: Survey) -> list[Question]:
    options = Prefetch("options", queryset=Option.objects.order_by("position"))
    return list(survey.questions.order_by("position").prefetch_related(options))


# -- Answering -------------------------------------------------------------------


@login_required
def survey_list(request: AuthenticatedRequest) -> HttpResponse:
    surveys = (
        Survey.objects.addressed_to(request.user)
        .select_related("community")
        .annotate(has_answered=_answered(request.user))
        .order_by("closes_at", "-opens_at")
    )
    waiting = [s for s in surveys if s.status == Survey.Status.OPEN and not s.has_answered]
    answered = [s for s in surveys if s.has_answered]
    return render(
        request,
        "surveys/survey_list.html",
        {
            "waiting": waiting,
            "answered": answered,
            "policy": AnonymitySettings.policy(),
            "manages": _manages_any(request.user),
        },
    )


@login_required
def survey_detail(request: AuthenticatedRequest, survey_id: uuid.UUID) -> HttpResponse:
    survey = get_survey_for_user(request.user, survey_id)
    questions = _questions(survey)
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.respond(
                survey=survey,
                actor=request.user,
                answers=form.answers(),
                keep_own_copy=form.cleaned_data.get("keep_own_copy", False),
            )
        except SurveyError as error:
            form.show(error)
        else:
            messages.success(request, "Thank you: your answers are in.")
            return redirect("surveys:survey_list")
    return _render_detail(request, survey, questions, form)


def _render_detail(
    request: AuthenticatedRequest, survey: Survey, questions: list[Question], form: AnswerForm
) -> HttpResponse:
    user = request.user
    invited = survey.invitations.filter(person=user).exists()
    answered = survey.receipts.filter(person=user).exists()
    context = {
        "survey": survey,
        "questions": questions,
        "form": form,
        "can_answer": invited and not answered and survey.status == Survey.Status.OPEN,
        "has_answered": answered,
        "can_manage": services.may_manage(user, survey.community),
        "can_see_results": may_see_results(user, survey),
        "policy": AnonymitySettings.policy(),
    }
    return render(request, "surveys/survey_detail.html", context)


# -- Managing --------------------------------------------------------------------


def _manages_any(user: User) -> bool:
    return user.is_administrator or managed_communities(user).exists()


def _require_some_management(user: User) -> None:
    if not _manages_any(user):
        raise Http404


@login_required
def survey_manage(request: AuthenticatedRequest) -> HttpResponse:
    _require_some_management(request.user)
    return _render_manage(request, SurveyForm(user=request.user), PulseForm(user=request.user))


def _render_manage(
    request: AuthenticatedRequest, survey_form: SurveyForm, pulse_form: PulseForm
) -> HttpResponse:
    surveys = surveys_managed_by(request.user).select_related("community").order_by("-created_at")
    context = {"surveys": surveys, "survey_form": survey_form, "pulse_form": pulse_form}
    return render(request, "surveys/survey_manage.html", context)


@login_required
@require_POST
def survey_create(request: AuthenticatedRequest) -> HttpResponse:
    _require_some_management(request.user)
    form = SurveyForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            survey = services.draft_survey(actor=request.user, **form.cleaned_data)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Draft saved. Add its questions, then open it.")
            return redirect("surveys:survey_edit", survey.pk)
    return _render_manage(request, form, PulseForm(user=request.user))


@login_required
@require_POST
def pulse_create(request: AuthenticatedRequest) -> HttpResponse:
    _require_some_management(request.user)
    form = PulseForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            survey = services.draft_pulse(actor=request.user, **form.cleaned_data)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The pulse is drafted. Open it when ready.")
            return redirect("surveys:survey_edit", survey.pk)
    return _render_manage(request, SurveyForm(user=request.user), form)


@login_required
def survey_edit(request: AuthenticatedRequest, survey_id: uuid.UUID) -> HttpResponse:
    survey = get_managed_survey(request.user, survey_id)
    form = SurveyForm(
        request.POST or None, user=request.user, editing=True, initial=survey_initial(survey)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_survey(actor=request.user, survey=survey, **form.cleaned_data)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved.")
            return redirect("surveys:survey_edit", survey.pk)
    return _render_editor(request, survey, form, QuestionForm())


def _render_editor(
    request: AuthenticatedRequest,
    survey: Survey,
    form: SurveyForm,
    question_form: QuestionForm,
    open_form: OpenForm | None = None,
) -> HttpResponse:
    # How many answered is a figure too: not given for between one and the threshold.
    answered, minimum = survey.receipts.count(), AnonymitySettings.policy().minimum
    context = {
        "survey": survey,
        "form": form,
        "questions": _questions(survey),
        "question_form": question_form,
        "open_form": open_form or OpenForm(),
        "is_draft": survey.status == Survey.Status.DRAFT,
        "invited": survey.invitations.count(),
        "answered": answered if answered == 0 or answered >= minimum else None,
        "minimum": minimum,
        "can_see_results": may_see_results(request.user, survey),
    }
    return render(request, "surveys/survey_edit.html", context)


@login_required
@require_POST
def question_add(request: AuthenticatedRequest, survey_id: uuid.UUID) -> HttpResponse:
    survey = get_managed_survey(request.user, survey_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(actor=request.user, survey=survey, **form.cleaned())
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Question added.")
            return redirect("surveys:survey_edit", survey.pk)
    editing = SurveyForm(user=request.user, editing=True, initial=survey_initial(survey))
    return _render_editor(request, survey, editing, form)


def _managed_question(request: AuthenticatedRequest, survey_id: uuid.UUID, pk: int) -> Question:
    survey = get_managed_survey(request.user, survey_id)
    return get_object_or_404(survey.questions.select_related("survey__community"), pk=pk)


@login_required
def question_edit(request: AuthenticatedRequest, survey_id: uuid.UUID, pk: int) -> HttpResponse:
    question = _managed_question(request, survey_id, pk)
    form = QuestionForm.for_question(question, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_question(actor=request.user, question=question, **form.cleaned())
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Question saved.")
            return redirect("surveys:survey_edit", survey_id)
    return render(request, "surveys/question_form.html", {"question": question, "form": form})


@login_required
@require_POST
def question_delete(request: AuthenticatedRequest, survey_id: uuid.UUID, pk: int) -> HttpResponse:
    question = _managed_question(request, survey_id, pk)
    _act(request, lambda: services.remove_question(actor=request.user, question=question))
    return redirect("surveys:survey_edit", survey_id)


@login_required
@require_POST
def question_move(request: AuthenticatedRequest, survey_id: uuid.UUID, pk: int) -> HttpResponse:
    question = _managed_question(request, survey_id, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    _act(
        request,
        lambda: services.move_question(actor=request.user, question=question, offset=offset),
    )
    return redirect("surveys:survey_edit", survey_id)


def _act(request: AuthenticatedRequest, action: Callable[[], object], done: str = "") -> bool:
    try:
        action()
    except SurveyError as error:
        messages.error(request, str(error))
        return False
    if done:
        messages.success(request, done)
    return True


@login_required
@require_POST
def survey_open(request: AuthenticatedRequest, survey_id: uuid.UUID) -> HttpResponse:
    survey = get_managed_survey(request.user, survey_id)
    form = OpenForm(request.POST)
    if not form.is_valid():
        editing = SurveyForm(user=request.user, editing=True, initial=survey_initial(survey))
        return _render_editor(request, survey, editing, QuestionForm(), form)
    _act(
        request,
        lambda: services.open_survey(actor=request.user, survey=survey, closes_at=form.closes_at()),
        "The survey is open and everyone asked has been told.",
    )
    return redirect("surveys:survey_edit", survey.pk)


@login_required
@require_POST
def survey_close(request: AuthenticatedRequest, survey_id: uuid.UUID) -> HttpResponse:
    survey = get_managed_survey(request.user, survey_id)
    _act(
        request,
        lambda: services.close_survey(actor=request.user, survey=survey),
        "The survey is closed.",
    )
    return redirect("surveys:survey_edit", survey.pk)


# -- Schedules and anonymity (administrators) ------------------------------------


def _require_administrator(request: AuthenticatedRequest) -> None:
    if not request.user.is_administrator:
        raise Http404


@login_required
def schedule_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_administrator(request)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("is_active")
        try:
            services.create_schedule(actor=request.user, **data)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Schedule saved.")
            return redirect("surveys:schedule_list")
    schedules = Schedule.objects.select_related("community")
    return render(request, "surveys/schedule_list.html", {"schedules": schedules, "form": form})


@login_required
def schedule_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    schedule = get_object_or_404(Schedule, pk=pk)
    fields = ScheduleForm.base_fields
    form = ScheduleForm(
        request.POST or None, initial={name: getattr(schedule, name) for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_schedule(actor=request.user, schedule=schedule, **form.cleaned_data)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Schedule saved.")
            return redirect("surveys:schedule_list")
    return render(request, "surveys/schedule_form.html", {"schedule": schedule, "form": form})


@login_required
def anonymity_settings(request: AuthenticatedRequest) -> HttpResponse:
    _require_administrator(request)
    policy = AnonymitySettings.policy()
    initial = {"minimum": policy.minimum, "free_text_minimum": policy.free_text_minimum}
    form = AnonymityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_anonymity(actor=request.user, **form.cleaned_data)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The thresholds are saved and apply everywhere at once.")
            return redirect("surveys:anonymity_settings")
    return render(request, "surveys/anonymity_form.html", {"form": form})


# -- Your own trend --------------------------------------------------------------


@login_required
def own_trend(request: AuthenticatedRequest) -> HttpResponse:
    trends = [
        (trend, mark_safe(summaries.trend_chart(trend)))
        for trend in summaries.own_trend(request.user)
    ]
    return render(request, "surveys/own_trend.html", {"trends": trends})


urlpatterns: list[URLPattern] = [
    path("", survey_list, name="survey_list"),
    path("mine/", own_trend, name="own_trend"),
    path("manage/", survey_manage, name="survey_manage"),
    path("manage/new/", survey_create, name="survey_create"),
    path("manage/pulse/", pulse_create, name="pulse_create"),
    path("schedules/", schedule_list, name="schedule_list"),
    path("schedules/<int:pk>/", schedule_edit, name="schedule_edit"),
    path("anonymity/", anonymity_settings, name="anonymity_settings"),
    path("<uuid:survey_id>/", survey_detail, name="survey_detail"),
    path("<uuid:survey_id>/edit/", survey_edit, name="survey_edit"),
    path("<uuid:survey_id>/open/", survey_open, name="survey_open"),
    path("<uuid:survey_id>/close/", survey_close, name="survey_close"),
    path("<uuid:survey_id>/questions/", question_add, name="question_add"),
    path("<uuid:survey_id>/questions/<int:pk>/", question_edit, name="question_edit"),
    path("<uuid:survey_id>/questions/<int:pk>/delete/", question_delete, name="question_delete"),
    path("<uuid:survey_id>/questions/<int:pk>/move/", question_move, name="question_move"),
]

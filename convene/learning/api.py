"""The introductory programme over the API: the curriculum, your progress, knowledge checks,
and a community's progress in aggregate for its sponsor and administrators."""

import datetime

from django.db.models import Prefetch
from django.http import Http404
from ninja import Field, Router, Schema

from convene.learning import services
from convene.learning.access import get_community_for_progress, get_lesson_for_user
from convene.learning.models import CheckAttempt, Lesson, LessonProgress, Module, Question
from convene.learning.progress import community_progress, programme_for
from convene.lib.http import AuthenticatedRequest

router = Router(tags=["learning"])


class OptionOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    text: str
    options: list[OptionOut]

    @staticmethod
    def resolve_options(question: Question) -> list:
        return list(question.options.all())


class LessonOut(Schema):
    slug: str
    module: str
    title: str
    minutes: int
    reflection: str = Field(description="A question to reflect on after the lesson.")
    body: str = Field(description="The lesson's text, in Markdown.")
    body_html: str
    questions: list[QuestionOut] = Field(
        description="The knowledge check, without its answers; empty if the lesson has none."
    )
    url: str

    @staticmethod
    def resolve_module(lesson: Lesson) -> str:
        return lesson.module.slug

    @staticmethod
    def resolve_questions(lesson: Lesson) -> list:
        return list(lesson.questions.all())

    @staticmethod
    def resolve_url(lesson: Lesson) -> str:
        return lesson.get_absolute_url()


class ModuleOut(Schema):
    slug: str
    title: str
    summary: str
    intro: str = Field(description="Markdown.")
    intro_html: str
    lessons: list[LessonOut]

    @staticmethod
    def resolve_lessons(module: Module) -> list:
        return list(module.lessons.all())


class ResultOptionOut(Schema):
    id: int
    text: str
    correct: bool
    chosen: bool
    explanation: str


class ResultQuestionOut(Schema):
    id: int
    text: str
    options: list[ResultOptionOut]


class CheckResultOut(Schema):
    lesson: str
    correct_count: int
    question_count: int
    answered_at: datetime.datetime
    questions: list[ResultQuestionOut] = Field(
        description="Every option with its explanation, your choice and the correct one marked."
    )


class LessonProgressOut(Schema):
    module: str
    lesson: str
    status: str = Field(description="`not started`, `started` or `completed`.")
    started_at: datetime.datetime | None
    completed_at: datetime.datetime | None


class ModuleProgressOut(Schema):
    slug: str
    title: str
    status: str = Field(description="`not started`, `started` or `completed`.")
    lessons_completed: int
    lesson_count: int
    lessons: list[LessonProgressOut]


class ProgressOut(Schema):
    lessons_completed: int
    lesson_count: int
    completed_at: datetime.datetime | None = Field(
        description="When you completed the last lesson of the programme, if you have."
    )
    modules: list[ModuleProgressOut]


class AnswerIn(Schema):
    question: int = Field(ge=1, le=2**31 - 1)
    option: int = Field(ge=1, le=2**31 - 1)


class CheckIn(Schema):
    answers: list[AnswerIn] = Field(
        min_length=1, max_length=50, description="One option for every question of the check."
    )


class ModuleCountOut(Schema):
    module: str
    title: str
    started: int
    started_percent: int
    completed: int
    completed_percent: int


class CommunityProgressOut(Schema):
    community: str
    members: int = Field(description="Current members; only counts are given, never names.")
    programme_completed: int
    programme_percent: int
    modules: list[ModuleCountOut]


def _lessons() -> Prefetch:
    questions = Question.objects.prefetch_related("options")
    return Prefetch(
        "lessons",
        queryset=Lesson.objects.order_by("order", "slug").prefetch_related(
            Prefetch("questions", queryset=questions)
        ),
    )


def _progress_out(lesson: Lesson, row: LessonProgress | None) -> dict:
    status = "not started"
    if row is not None:
        status = "completed" if row.completed_at else "started"
    return {
        "module": lesson.module.slug,
        "lesson": lesson.slug,
        "status": status,
        "started_at": row.started_at if row else None,
        "completed_at": row.completed_at if row else None,
    }


def _result(attempt: CheckAttempt) -> dict:
    chosen = {option.pk for option in attempt.chosen.all()}
    questions = attempt.lesson.questions.prefetch_related("options")
    return {
        "lesson": attempt.lesson.slug,
        "correct_count": attempt.correct_count,
        "question_count": attempt.question_count,
        "answered_at": attempt.created_at,
        "questions": [
            {
                "id": question.pk,
                "text": question.text,
                "options": [
                    {
                        "id": option.pk,
                        "text": option.text,
                        "correct": option.is_correct,
                        "chosen": option.pk in chosen,
                        "explanation": option.explanation,
                    }
                    for option in question.options.all()
                ],
            }
            for question in questions
        ],
    }


@router.get(
    "/learning/modules",
    response=list[ModuleOut],
    summary="The introductory programme: every module and lesson, with its text",
)
def curriculum(request: AuthenticatedRequest) -> list[Module]:
    modules = list(Module.objects.visible_to(request.user).prefetch_related(_lessons()))
    for module in modules:
        for lesson in module.lessons.all():
            lesson.module = module
    return modules


@router.get(
    "/learning/modules/{module}/lessons/{lesson}",
    response=LessonOut,
    summary="One lesson, with its knowledge check (without the answers)",
)
def lesson_detail(request: AuthenticatedRequest, module: str, lesson: str) -> Lesson:
    found = get_lesson_for_user(request.user, module, lesson)
    return (
        Lesson.objects.select_related("module")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.prefetch_related("options"))
        )
        .get(pk=found.pk)
    )


@router.get("/me/learning", response=ProgressOut, summary="Your progress through the programme")
def my_progress(request: AuthenticatedRequest) -> dict:
    taken = programme_for(request.user)
    return {
        "lessons_completed": taken.completed,
        "lesson_count": taken.lesson_count,
        "completed_at": taken.completed_at,
        "modules": [
            {
                "slug": state.module.slug,
                "title": state.module.title,
                "status": "completed"
                if state.is_complete
                else ("started" if state.started else "not started"),
                "lessons_completed": state.completed,
                "lesson_count": len(state.lessons),
                "lessons": [
                    {
                        "module": state.module.slug,
                        "lesson": lesson.lesson.slug,
                        "status": lesson.status,
                        "started_at": lesson.started_at,
                        "completed_at": lesson.completed_at,
                    }
                    for lesson in state.lessons
                ],
            }
            for state in taken.modules
        ],
    }


@router.post(
    "/learning/modules/{module}/lessons/{lesson}/start",
    response=LessonProgressOut,
    summary="Note that you have started a lesson (again is harmless)",
)
def lesson_start(request: AuthenticatedRequest, module: str, lesson: str) -> dict:
    found = get_lesson_for_user(request.user, module, lesson)
    return _progress_out(found, services.start_lesson(actor=request.user, lesson=found))


@router.post(
    "/learning/modules/{module}/lessons/{lesson}/complete",
    response=LessonProgressOut,
    summary="Mark a lesson complete (again keeps the first date)",
)
def lesson_complete(request: AuthenticatedRequest, module: str, lesson: str) -> dict:
    found = get_lesson_for_user(request.user, module, lesson)
    return _progress_out(found, services.complete_lesson(actor=request.user, lesson=found))


@router.get(
    "/learning/modules/{module}/lessons/{lesson}/check",
    response=CheckResultOut,
    summary="Your answer to a lesson's knowledge check, explained; 404 if you have not answered",
)
def check_result(request: AuthenticatedRequest, module: str, lesson: str) -> dict:
    found = get_lesson_for_user(request.user, module, lesson)
    attempt = CheckAttempt.objects.filter(person=request.user, lesson=found).first()
    if attempt is None:
        raise Http404
    attempt.lesson = found
    return _result(attempt)


@router.post(
    "/learning/modules/{module}/lessons/{lesson}/check",
    response={201: CheckResultOut},
    summary="Answer a lesson's knowledge check, once; the reply explains every option",
)
def check_submit(request: AuthenticatedRequest, module: str, lesson: str, body: CheckIn) -> dict:
    found = get_lesson_for_user(request.user, module, lesson)
    answers = {answer.question: answer.option for answer in body.answers}
    if len(answers) != len(body.answers):
        raise services.LearningError("Give one answer per question.")
    attempt = services.submit_check(actor=request.user, lesson=found, answers=answers)
    attempt.lesson = found
    return _result(attempt)


@router.get(
    "/communities/{slug}/learning-progress",
    response=CommunityProgressOut,
    summary="How many current members have started and completed each module "
    "(the sponsor and administrators; counts only)",
)
def community_learning_progress(request: AuthenticatedRequest, slug: str) -> dict:
    progress = community_progress(get_community_for_progress(request.user, slug))
    return {
        "community": progress.community.slug,
        "members": progress.members,
        "programme_completed": progress.programme_completed,
        "programme_percent": progress.programme_percent,
        "modules": [
            {
                "module": row.module.slug,
                "title": row.module.title,
                "started": row.started,
                "started_percent": row.started_percent,
                "completed": row.completed,
                "completed_percent": row.completed_percent,
            }
            for row in progress.modules
        ],
    }

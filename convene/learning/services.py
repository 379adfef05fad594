"""Loading the curriculum, and taking the programme: progress, knowledge checks, discussions.

Every service that a person triggers takes them as `actor`, writes an audit
record for what others may need to account for, and raises LearningError
with a message a person can read when the programme's rules say no.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from convene.audit.models import record
from convene.communities.models import Community
from convene.communities.services import CommunityError, join_community
from convene.discussions.models import Post
from convene.discussions.services import DiscussionError, create_post
from convene.learning.content import (
    BODY_LIMIT,
    MAX_MINUTES,
    MIN_MINUTES,
    REFLECTION_LIMIT,
    LessonSpec,
    ModuleSpec,
    QuestionSpec,
)
from convene.learning.models import (
    PROGRAMME_COMMUNITY_NAME,
    PROGRAMME_COMMUNITY_SLUG,
    CheckAttempt,
    Lesson,
    LessonProgress,
    Module,
    Option,
    Question,
)
from convene.people.models import User

PROGRAMME_COMMUNITY_PURPOSE = (
    "Where people taking Convene's introductory programme talk over its lessons: what "
    "rang true, what did not, and what they tried at work. Each lesson has its own "
    "conversation, started by the first person to open it."
)


class LearningError(Exception):
    """A step in the programme that its rules do not allow."""


# -- Loading the curriculum -------------------------------------------------------


@dataclass
class LoadSummary:
    """What a load created, changed and left alone, by title."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)
    community_created: bool = False

    def lines(self) -> list[str]:
        lines = [
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged."
        ]
        lines += [f"  created: {name}" for name in self.created]
        lines += [f"  updated: {name}" for name in self.updated]
        if self.kept_edits:
            lines.append(
                f"{len(self.kept_edits)} lesson(s) edited in Convene were left as they are "
                "(use --overwrite-edits to replace them with the files):"
            )
            lines += [f"  kept: {name}" for name in self.kept_edits]
        if self.community_created:
            lines.append(f"Created the open community “{PROGRAMME_COMMUNITY_NAME}”.")
        return lines


@transaction.atomic
def load_curriculum(modules: list[ModuleSpec], *, overwrite_edits: bool = False) -> LoadSummary:
    """Create what is new and update what changed; keep administrators' edits unless told."""
    summary = LoadSummary()
    for spec in modules:
        module = _load_module(spec, summary)
        existing = {
            lesson.slug: lesson for lesson in module.lessons.prefetch_related("questions__options")
        }
        for lesson_spec in spec.lessons:
            _load_lesson(
                module, lesson_spec, existing.get(lesson_spec.slug), overwrite_edits, summary
            )
    summary.community_created = _ensure_programme_community()[1]
    return summary


def _load_module(spec: ModuleSpec, summary: LoadSummary) -> Module:
    values = {
        "title": spec.title,
        "summary": spec.summary,
        "intro": spec.intro,
        "order": spec.order,
    }
    module = Module.objects.filter(slug=spec.slug).first()
    label = f"module {spec.slug} ({spec.title})"
    if module is None:
        summary.created.append(label)
        return Module.objects.create(slug=spec.slug, **values)
    if all(getattr(module, name) == value for name, value in values.items()):
        summary.unchanged.append(label)
        return module
    for name, value in values.items():
        setattr(module, name, value)
    module.save(update_fields=list(values))
    summary.updated.append(label)
    return module


def _load_lesson(
    module: Module,
    spec: LessonSpec,
    lesson: Lesson | None,
    overwrite_edits: bool,
    summary: LoadSummary,
) -> None:
    values = {
        "title": spec.title,
        "minutes": spec.minutes,
        "reflection": spec.reflection,
        "body": spec.body,
        "order": spec.order,
    }
    label = f"lesson {module.slug}/{spec.slug} ({spec.title})"
    if lesson is None:
        lesson = Lesson.objects.create(module=module, slug=spec.slug, **values)
        _sync_questions(lesson, spec.questions)
        summary.created.append(label)
        return
    if lesson.was_edited and not overwrite_edits:
        summary.kept_edits.append(label)
        return
    same = all(getattr(lesson, name) == value for name, value in values.items())
    if same and _snapshot(lesson) == _spec_snapshot(spec.questions) and not lesson.was_edited:
        summary.unchanged.append(label)
        return
    for name, value in values.items():
        setattr(lesson, name, value)
    lesson.edited_at = lesson.edited_by = None
    lesson.save(update_fields=[*values, "edited_at", "edited_by"])
    _sync_questions(lesson, spec.questions)
    summary.updated.append(label)


def _snapshot(lesson: Lesson) -> list[tuple[str, list[tuple[str, bool, str]]]]:
    return [
        (question.text, [(o.text, o.is_correct, o.explanation) for o in question.options.all()])
        for question in lesson.questions.all()
    ]


def _spec_snapshot(questions: list[QuestionSpec]) -> list[tuple[str, list[tuple[str, bool, str]]]]:
    return [
        (question.text, [(o.text, o.correct, o.explanation) for o in question.options])
        for question in questions
    ]


def _sync_questions(lesson: Lesson, questions: list[QuestionSpec]) -> None:
    """Update questions and options in place, by position, so unchanged answers keep their ids."""
    lesson.questions.filter(order__gte=len(questions)).delete()
    for number, spec in enumerate(questions):
        question, _ = Question.objects.update_or_create(
            lesson=lesson, order=number, defaults={"text": spec.text}
        )
        question.options.filter(order__gte=len(spec.options)).delete()
        # Clear the old right answer first: at no moment may a question have two.
        question.options.update(is_correct=False)
        for place, option in enumerate(spec.options):
            Option.objects.update_or_create(
                question=question,
                order=place,
                defaults={
                    "text": option.text,
                    "is_correct": option.correct,
                    "explanation": option.explanation,
                },
            )


def _ensure_programme_community() -> tuple[Community, bool]:
    existing = Community.objects.filter(slug=PROGRAMME_COMMUNITY_SLUG).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Community.objects.create(
                name=PROGRAMME_COMMUNITY_NAME,
                slug=PROGRAMME_COMMUNITY_SLUG,
                purpose=PROGRAMME_COMMUNITY_PURPOSE,
                visibility=Community.Visibility.OPEN,
            ), True
    except IntegrityError:  # created a moment ago by someone else
        return Community.objects.get(slug=PROGRAMME_COMMUNITY_SLUG), False


def programme_community() -> Community:
    """The open community where learners discuss the lessons, created if it is missing."""
    return _ensure_programme_community()[0]


# -- Taking the programme ------------------------------------------------------------


@transaction.atomic
def start_lesson(*, actor: User, lesson: Lesson) -> LessonProgress:
    """Note that you have begun a lesson; your first lesson also joins you to the cohort."""
    progress, created = LessonProgress.objects.get_or_create(
        person=actor, lesson=lesson, defaults={"started_at": timezone.now()}
    )
    if created:
        if not LessonProgress.objects.filter(person=actor).exclude(pk=progress.pk).exists():
            _join_cohort(actor)
        record(actor, "lesson.started", lesson)
    return progress


@transaction.atomic
def complete_lesson(*, actor: User, lesson: Lesson) -> LessonProgress:
    """Mark a lesson complete; completing it again keeps the first date."""
    progress = start_lesson(actor=actor, lesson=lesson)
    if progress.completed_at is None:
        now = timezone.now()
        # Conditional, so two clicks at once record one completion.
        if LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
            completed_at=now
        ):
            record(actor, "lesson.completed", lesson)
        progress.refresh_from_db(fields=["completed_at"])
    return progress


@transaction.atomic
def submit_check(*, actor: User, lesson: Lesson, answers: Mapping[int, int]) -> CheckAttempt:
    """Answer a lesson's knowledge check, once: one option for every question."""
    questions = list(lesson.questions.prefetch_related("options"))
    if not questions:
        raise LearningError("This lesson has no knowledge check.")
    chosen = _chosen_options(questions, answers)
    if CheckAttempt.objects.filter(person=actor, lesson=lesson).exists():
        raise _answered_twice()
    start_lesson(actor=actor, lesson=lesson)
    try:
        # A savepoint: a simultaneous second submission fails here on the constraint.
        with transaction.atomic():
            attempt = CheckAttempt.objects.create(
                person=actor,
                lesson=lesson,
                correct_count=sum(option.is_correct for option in chosen),
                question_count=len(questions),
                created_at=timezone.now(),
            )
    except IntegrityError:
        raise _answered_twice() from None
    attempt.chosen.set(chosen)
    record(actor, "lesson.check_answered", lesson, correct=attempt.correct_count)
    return attempt


def _answered_twice() -> LearningError:
    return LearningError(
        "You have already answered this knowledge check; each check is answered once."
    )


def _chosen_options(questions: list[Question], answers: Mapping[int, int]) -> list[Option]:
    asked = {question.pk for question in questions}
    if set(answers) - asked:
        raise LearningError("Some answers are to questions this lesson does not ask.")
    missing = [q for q in questions if q.pk not in answers]
    if missing:
        raise LearningError("Answer every question before you submit.")
    chosen = []
    for question in questions:
        options = {option.pk: option for option in question.options.all()}
        if answers[question.pk] not in options:
            raise LearningError(f"That answer is not one of the options for “{question.text}”.")
        chosen.append(options[answers[question.pk]])
    return chosen


@transaction.atomic
def open_discussion(*, actor: User, lesson: Lesson) -> Post:
    """Take a learner to the lesson's conversation, starting it if no one has yet."""
    community = programme_community()
    _join_cohort(actor, community)
    # The lock makes the second of two simultaneous first visitors wait, then find the post.
    # Locked without a join: after the wait PostgreSQL re-reads the locked row, but a joined
    # row would still come from before the first visitor's post existed.
    locked = Lesson.objects.select_for_update().only("pk", "discussion").get(pk=lesson.pk)
    post = Post.objects.filter(lessons=locked, deleted_at__isnull=True).first()
    if post is not None:
        return post
    try:
        post = create_post(
            actor=actor,
            community=community,
            title=f"Lesson: {lesson.title}",
            body=lesson.reflection,
        )
    except DiscussionError as error:
        raise LearningError(str(error)) from None
    locked.discussion = lesson.discussion = post
    locked.save(update_fields=["discussion"])
    return post


def _join_cohort(actor: User, community: Community | None = None) -> None:
    """Join the programme's open community, unless already in it or it has been made private."""
    community = community or programme_community()
    if community.is_private or community.memberships.current().filter(user=actor).exists():
        return
    with suppress(CommunityError):  # joined a moment ago in another request
        join_community(actor=actor, community=community)


# -- Administrators' edits --------------------------------------------------------


@transaction.atomic
def edit_lesson(*, actor: User, lesson: Lesson, body: str, reflection: str, minutes: int) -> Lesson:
    """Change a lesson's text, reflection question and length (administrators only)."""
    if not actor.is_administrator:
        raise LearningError("Only an administrator can edit the programme.")
    body, reflection = body.strip(), reflection.strip()
    if not body:
        raise LearningError("The lesson's text cannot be empty.")
    if len(body) > BODY_LIMIT:
        raise LearningError(f"The lesson's text can be at most {BODY_LIMIT:,} characters long.")
    if not reflection or len(reflection) > REFLECTION_LIMIT:
        raise LearningError(f"The reflection question needs 1 to {REFLECTION_LIMIT} characters.")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise LearningError(f"A lesson takes from {MIN_MINUTES} to {MAX_MINUTES} minutes.")
    lesson.body, lesson.reflection, lesson.minutes = body, reflection, minutes
    lesson.edited_at, lesson.edited_by = timezone.now(), actor
    lesson.save(update_fields=["body", "reflection", "minutes", "edited_at", "edited_by"])
    record(actor, "lesson.edited", lesson)
    return lesson

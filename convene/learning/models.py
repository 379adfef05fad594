"""The introductory programme: modules, lessons, knowledge checks and each person's progress.

The curriculum lives as Markdown in the repository (content/curriculum) and is
read in by `manage.py load_curriculum`; administrators may edit a lesson in
Convene afterwards, and the loader then leaves that lesson alone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse

from convene.learning.content import (
    BODY_LIMIT,
    EXPLANATION_LIMIT,
    MAX_MINUTES,
    MIN_MINUTES,
    REFLECTION_LIMIT,
    SUMMARY_LIMIT,
    TITLE_LIMIT,
)
from convene.learning.content import TEXT_LIMIT as OPTION_LIMIT
from convene.lib.markdown import render_markdown
from convene.people.models import User

PROGRAMME_COMMUNITY_SLUG = "introductory-programme"
PROGRAMME_COMMUNITY_NAME = "Introductory programme"


class ModuleQuerySet(models.QuerySet["Module"]):
    def visible_to(self, user: User | AnonymousUser) -> ModuleQuerySet:
        """Everyone in the organisation who is signed in may take the programme."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all()


class Module(models.Model):
    """A module of the introductory programme: a few lessons on one theme."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=TITLE_LIMIT)
    summary = models.TextField(max_length=SUMMARY_LIMIT, blank=True)
    intro = models.TextField(max_length=BODY_LIMIT, blank=True, help_text="Markdown.")
    intro_html = models.TextField(blank=True, editable=False)
    order = models.PositiveIntegerField(default=0)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.intro_html = render_markdown(self.intro)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "intro" in update_fields:
            kwargs["update_fields"] = {*update_fields, "intro_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{reverse('learning:programme')}#module-{self.slug}"


class LessonQuerySet(models.QuerySet["Lesson"]):
    def visible_to(self, user: User | AnonymousUser) -> LessonQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all()

    def in_programme_order(self) -> LessonQuerySet:
        return self.order_by("module__order", "module__slug", "order", "slug")


class Lesson(models.Model):
    """One lesson: text to read, a question to reflect on and an optional knowledge check."""

    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="lessons")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=TITLE_LIMIT)
    minutes = models.PositiveSmallIntegerField(help_text="About how long the lesson takes.")
    body = models.TextField(max_length=BODY_LIMIT, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    reflection = models.CharField(
        max_length=REFLECTION_LIMIT, help_text="A question to reflect on after the lesson."
    )
    order = models.PositiveIntegerField(default=0)
    edited_at = models.DateTimeField(
        null=True, blank=True, help_text="When an administrator last edited it in Convene."
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_lessons",
    )
    discussion = models.ForeignKey(
        "discussions.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        help_text="The learners' conversation about this lesson, started by the first to open it.",
    )

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["module__order", "order", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "slug"],
                name="lesson_unique_slug_in_module",
                violation_error_message="This module already has a lesson with that slug.",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES),
                name="lesson_minutes_in_range",
                violation_error_message=(
                    f"A lesson takes between {MIN_MINUTES} and {MAX_MINUTES} minutes."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("learning:lesson_detail", args=[self.module.slug, self.slug])

    @property
    def was_edited(self) -> bool:
        return self.edited_at is not None


class Question(models.Model):
    """A multiple-choice question in a lesson's knowledge check."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=OPTION_LIMIT)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["lesson", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "order"],
                name="question_unique_order_in_lesson",
                violation_error_message="This lesson already has a question in that place.",
            )
        ]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    """One answer to a question, with why it is right or wrong."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=OPTION_LIMIT)
    is_correct = models.BooleanField(default=False)
    explanation = models.CharField(max_length=EXPLANATION_LIMIT)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(is_correct=True),
                name="option_one_correct_per_question",
                violation_error_message="A question has exactly one correct answer.",
            ),
            models.UniqueConstraint(
                fields=["question", "order"],
                name="option_unique_order_in_question",
                violation_error_message="This question already has an answer in that place.",
            ),
            models.CheckConstraint(
                condition=~Q(explanation=""),
                name="option_has_explanation",
                violation_error_message="Every answer needs an explanation.",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class LessonProgressQuerySet(models.QuerySet["LessonProgress"]):
    def completed(self) -> LessonProgressQuerySet:
        return self.filter(completed_at__isnull=False)


class LessonProgress(models.Model):
    """When one person started and completed one lesson."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = LessonProgressQuerySet.as_manager()

    class Meta:
        ordering = ["person", "started_at", "id"]
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "lesson"],
                name="lessonprogress_once_per_person",
                violation_error_message="This person already has progress on this lesson.",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(completed_at__gte=models.F("started_at")),
                name="lessonprogress_completed_after_start",
                violation_error_message="A lesson cannot be completed before it is started.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.lesson}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class CheckAttempt(models.Model):
    """A person's one answer to a lesson's knowledge check."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_attempts"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="check_attempts")
    chosen = models.ManyToManyField(Option, related_name="attempts", blank=True)
    correct_count = models.PositiveSmallIntegerField(default=0)
    question_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["person", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "lesson"],
                name="checkattempt_once_per_person",
                violation_error_message="You have already answered this knowledge check.",
            ),
            models.CheckConstraint(
                condition=Q(correct_count__lte=models.F("question_count")),
                name="checkattempt_correct_within_questions",
                violation_error_message="More answers are right than there are questions.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.correct_count}/{self.question_count} on {self.lesson}"

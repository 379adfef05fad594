"""The curriculum in the technical admin; people's progress and answers stay out of it.

Every knowledge-check question must keep exactly one correct answer, each
with an explanation: the option formset refuses anything else.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from convene.learning.content import MAX_OPTIONS, MIN_OPTIONS
from convene.learning.models import Lesson, Module, Option, Question


class OptionForm(forms.ModelForm):
    def validate_constraints(self) -> None:
        # One form cannot see the others: moving the right answer would clash with the
        # old one still in the database. OptionFormSet checks the set as a whole instead.
        try:
            self.instance.validate_constraints(exclude={"is_correct"})
        except ValidationError as error:
            self.add_error(None, error)


class OptionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not MIN_OPTIONS <= len(kept) <= MAX_OPTIONS:
            raise ValidationError(f"A question needs {MIN_OPTIONS} to {MAX_OPTIONS} answers.")
        correct = sum(1 for data in kept if data.get("is_correct"))
        if correct != 1:
            raise ValidationError(f"Mark exactly one answer as correct; {correct} are marked.")
        if any(not (data.get("explanation") or "").strip() for data in kept):
            raise ValidationError("Every answer needs an explanation.")

    def save(self, commit: bool = True) -> list[Any]:
        # Clear the answers that stop being right first, so that at no moment two are.
        leaving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk
            and (not form.cleaned_data.get("is_correct") or form.cleaned_data.get("DELETE"))
        ]
        Option.objects.filter(pk__in=leaving).update(is_correct=False)
        return super().save(commit=commit)


class OptionInline(admin.TabularInline):
    model = Option
    form = OptionForm
    formset = OptionFormSet
    extra = 0
    fields = ["order", "text", "is_correct", "explanation"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "lesson"]
    list_select_related = ["lesson"]
    inlines = [OptionInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "text"]
    show_change_link = True


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "minutes", "edited_at"]
    list_select_related = ["module"]
    list_filter = ["module"]
    fields = ["title", "minutes", "body", "reflection", "edited_at", "edited_by"]
    readonly_fields = ["edited_at", "edited_by"]
    inlines = [QuestionInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # An edit here is an administrator's edit: the loader must then keep it.
        obj.edited_at, obj.edited_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "slug"]
    fields = ["title", "summary", "intro", "order"]

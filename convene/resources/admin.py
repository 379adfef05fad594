from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from convene.resources import parameters
from convene.resources.models import ApprovalRule, Cap, Envelope, LedgerEntry, Period
from convene.resources.services import ResourceError


class EnvelopeInline(admin.TabularInline):
    model = Envelope
    fields = ["community", "kind", "total", "remaining"]
    readonly_fields = ["remaining"]
    extra = 0
    can_delete = False


class CapInline(admin.TabularInline):
    model = Cap
    fields = ["kind", "amount"]
    extra = 0


class ApprovalRuleInline(admin.TabularInline):
    model = ApprovalRule
    fields = ["kind", "above", "needs_convenor", "needs_sponsor"]
    extra = 0


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "round_share"]
    inlines = [EnvelopeInline, CapInline, ApprovalRuleInline]

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is not Envelope:
            super().save_formset(request, form, formset, change)
            return
        # A changed total goes through the same locked update as the parameters page, so an
        # approval at the same moment cannot leave the envelope's balances apart.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline in formset.forms:
            if inline.has_changed() and self._set_envelope(request, form.instance, inline):
                if inline.instance.pk:
                    formset.changed_objects.append((inline.instance, inline.changed_data))
                else:
                    formset.new_objects.append(inline.instance)

    def _set_envelope(self, request: HttpRequest, period: Period, inline: Any) -> bool:
        envelope = inline.instance
        if envelope.pk and {"community", "kind"} & set(inline.changed_data):
            messages.error(request, "An envelope keeps its community and kind; add another.")
            return False
        try:
            parameters.set_envelope(
                actor=request.user,  # type: ignore[arg-type]
                period=period,
                community=inline.cleaned_data["community"],
                kind=inline.cleaned_data["kind"],
                total=inline.cleaned_data["total"],
            )
        except ResourceError as error:
            messages.error(request, str(error))
            return False
        return True


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "entry", "amount", "allocation", "actor"]
    list_filter = ["entry"]
    list_select_related = ["allocation__project", "actor"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

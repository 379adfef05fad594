from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from convene.resources.models import Envelope, LedgerEntry, Period


class EnvelopeInline(admin.TabularInline):
    model = Envelope
    fields = ["community", "kind", "total"]
    extra = 0


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    inlines = [EnvelopeInline]


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

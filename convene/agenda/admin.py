"""Administrators set the response target here; everything else happens in Convene.

Issues, contributions and responses change only through the services, which
keep the rules (one response per submission, versions never rewritten) and
write the audit trail.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from convene.agenda.models import AgendaSettings


@admin.register(AgendaSettings)
class AgendaSettingsAdmin(admin.ModelAdmin):
    list_display = ["response_working_days", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not AgendaSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

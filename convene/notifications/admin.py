from django.contrib import admin
from django.http import HttpRequest

from convene.notifications.models import DigestDelivery, Notification, Preference


class ReadOnlyAdmin(admin.ModelAdmin):
    """Notifications and digests are written by Convene as things happen, never by hand."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "kind", "message", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__full_name", "message", "key"]
    list_select_related = ["recipient"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["user", "day", "sent_at"]
    list_select_related = ["user"]


@admin.register(Preference)
class PreferenceAdmin(ReadOnlyAdmin):
    """People choose for themselves on their notification settings page."""

    list_display = ["user", "email"]
    list_filter = ["email"]
    list_select_related = ["user"]

from django.contrib import admin
from django.http import HttpRequest

from convene.communities.models import (
    CharterVersion,
    Community,
    Invitation,
    JoinRequest,
    Membership,
)


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "visibility", "sponsor", "created_at"]
    list_filter = ["visibility"]
    search_fields = ["name"]
    list_select_related = ["sponsor"]
    readonly_fields = ["slug"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # communities are created on their own page, with their first convenor

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Read-only: membership changes go through the community pages, which keep history."""

    list_display = ["community", "user", "role", "joined_at", "left_at"]
    list_filter = ["role", "community"]
    search_fields = ["user__full_name", "community__name"]
    list_select_related = ["community", "user"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Requests and invitations go through the community pages, which keep the audit trail."""

    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_select_related = ["user", "community"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_select_related = ["invitee", "community"]


@admin.register(CharterVersion)
class CharterVersionAdmin(ReadOnlyAdmin):
    """Who wrote which version and when, never the words.

    Administrators do not read a private community's charter in Convene (they
    see that the community exists and who belongs, not its conversations), so
    this screen shows no text either. Versions are never overwritten; leaders
    draft new ones on the charter page.
    """

    fields = ["community", "number", "status", "author", "created_at", "proposed_at",
              "adopted_at", "adopted_by"]  # fmt: skip
    list_display = ["community", "number", "status", "author", "created_at", "adopted_at"]
    list_filter = ["status", "community"]
    list_select_related = ["community", "author"]

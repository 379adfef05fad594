from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from convene.people.models import Expertise, Function, OrgUnit, Site, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "job_title", "level", "site", "is_administrator"]
    list_filter = ["level", "site", "org_unit__function", "is_administrator", "is_executive"]
    search_fields = ["full_name", "email", "handle", "job_title"]
    list_select_related = ["site"]
    autocomplete_fields = ["line_manager", "org_unit"]
    filter_horizontal = ["expertise", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "handle", "password"]}),
        ("Profile", {"fields": ["full_name", "job_title", "level", "org_unit", "site",
                                "line_manager", "started_on", "expertise", "bio", "perspectives"]}),
        ("Organisation roles", {"fields": ["is_administrator", "is_executive"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups",
                               "user_permissions"]}),
    ]  # fmt: skip
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "password1", "password2"]}),
    ]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "function", "parent"]
    list_filter = ["function"]
    search_fields = ["name"]


@admin.register(Function, Site, Expertise)
class NamedAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

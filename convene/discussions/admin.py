from django.contrib import admin
from django.http import HttpRequest

from convene.discussions.models import Comment, Post, Tag


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """Read-only: posts change through the community pages, which keep their history."""

    list_display = ["title", "community", "author", "created_at", "deleted_at"]
    list_filter = ["community"]
    search_fields = ["title"]
    list_select_related = ["community", "author"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(PostAdmin):
    list_display = ["__str__", "created_at", "deleted_at"]
    list_filter = []
    search_fields = ["body"]
    list_select_related = ["author", "post"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]

from django.urls import path

from convene.goals import views

app_name = "goals"

urlpatterns = [
    path("", views.goal_list, name="goal_list"),
    path("new/", views.goal_create, name="goal_create"),
    path("shared/", views.goal_shared, name="goal_shared"),
    path("<uuid:goal_id>/", views.goal_detail, name="goal_detail"),
    path("<uuid:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("<uuid:goal_id>/status/", views.goal_status, name="goal_status"),
    path("<uuid:goal_id>/sharing/", views.goal_sharing, name="goal_sharing"),
    path("<uuid:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("<uuid:goal_id>/check-ins/", views.check_in_create, name="check_in_create"),
    path(
        "<uuid:goal_id>/check-ins/<int:check_in_id>/edit/",
        views.check_in_edit,
        name="check_in_edit",
    ),
    path(
        "<uuid:goal_id>/check-ins/<int:check_in_id>/replies/",
        views.reply_create,
        name="reply_create",
    ),
    path(
        "<uuid:goal_id>/replies/<int:reply_id>/delete/",
        views.reply_delete,
        name="reply_delete",
    ),
]

from django.urls import path

from convene.agenda import views

app_name = "agenda"

urlpatterns = [
    path("", views.issue_list, name="issue_list"),
    path("issues/new/", views.issue_create, name="issue_create"),
    path("issues/<uuid:issue_id>/", views.issue_detail, name="issue_detail"),
    path("issues/<uuid:issue_id>/support/", views.issue_support, name="issue_support"),
    path("issues/<uuid:issue_id>/take-up/", views.issue_take_up, name="issue_take_up"),
    path("issues/<uuid:issue_id>/status/", views.issue_status, name="issue_status"),
    path(
        "issues/<uuid:issue_id>/contribute/",
        views.contribution_create,
        name="contribution_create",
    ),
    path(
        "contributions/<uuid:contribution_id>/",
        views.contribution_detail,
        name="contribution_detail",
    ),
    path(
        "contributions/<uuid:contribution_id>/versions/",
        views.version_create,
        name="version_create",
    ),
    path(
        "contributions/<uuid:contribution_id>/project/",
        views.contribution_project,
        name="contribution_project",
    ),
    path(
        "contributions/<uuid:contribution_id>/compare/",
        views.version_compare,
        name="version_compare",
    ),
    path(
        "contributions/<uuid:contribution_id>/submit/",
        views.contribution_submit,
        name="contribution_submit",
    ),
    path(
        "contributions/<uuid:contribution_id>/respond/",
        views.contribution_respond,
        name="contribution_respond",
    ),
    path("actions/<int:action_id>/done/", views.action_complete, name="action_complete"),
    path("queue/", views.queue, name="queue"),
    path("measures/", views.measures_page, name="measures"),
]

from django.urls import path

from convene.elections import views

app_name = "elections"

urlpatterns = [
    path("<slug:slug>/elections/", views.election_list, name="election_list"),
    path("<slug:slug>/elections/new/", views.election_create, name="election_create"),
    path("<slug:slug>/elections/settings/", views.policy_edit, name="policy_edit"),
    path(
        "<slug:slug>/elections/<uuid:election_id>/", views.election_detail, name="election_detail"
    ),
    path(
        "<slug:slug>/elections/<uuid:election_id>/nominate/",
        views.nomination_create,
        name="nomination_create",
    ),
    path(
        "<slug:slug>/elections/<uuid:election_id>/nominations/<uuid:nomination_id>/",
        views.nomination_respond,
        name="nomination_respond",
    ),
    path("<slug:slug>/elections/<uuid:election_id>/vote/", views.ballot_cast, name="ballot_cast"),
    path(
        "<slug:slug>/elections/<uuid:election_id>/window/",
        views.window_edit,
        name="window_edit",
    ),
    path(
        "<slug:slug>/elections/<uuid:election_id>/close/",
        views.election_close,
        name="election_close",
    ),
    path(
        "<slug:slug>/elections/<uuid:election_id>/ballots/",
        views.ballot_list,
        name="ballot_list",
    ),
    path(
        "<slug:slug>/elections/<uuid:election_id>/ballots.<str:fmt>",
        views.ballot_download,
        name="ballot_download",
    ),
]

from django.urls import path

from convene.communities import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="community_list"),
    path("new/", views.community_create, name="community_create"),
    path("join/<slug:token>/", views.join_link, name="join_link"),
    path("invitations/<uuid:invitation_id>/", views.invitation_respond, name="invitation_respond"),
    path("<slug:slug>/", views.community_detail, name="community_detail"),
    path("<slug:slug>/edit/", views.community_edit, name="community_edit"),
    path("<slug:slug>/sponsor/", views.community_sponsor, name="community_sponsor"),
    path("<slug:slug>/history/", views.community_history, name="community_history"),
    path("<slug:slug>/join/", views.community_join, name="community_join"),
    path("<slug:slug>/leave/", views.community_leave, name="community_leave"),
    path("<slug:slug>/requests/", views.join_request_list, name="join_request_list"),
    path(
        "<slug:slug>/requests/<uuid:request_id>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("<slug:slug>/join-link/", views.join_link_renew, name="join_link_renew"),
    path("<slug:slug>/invitations/", views.invitation_create, name="invitation_create"),
    path("<slug:slug>/members/<slug:handle>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<slug:handle>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/charter/", views.charter_detail, name="charter_detail"),
    path("<slug:slug>/charter/new/", views.charter_draft, name="charter_draft"),
    path("<slug:slug>/charter/compare/", views.charter_compare, name="charter_compare"),
    path(
        "<slug:slug>/charter/versions/<int:number>/",
        views.charter_version_detail,
        name="charter_version_detail",
    ),
    path(
        "<slug:slug>/charter/versions/<int:number>/comments/",
        views.charter_comment_create,
        name="charter_comment_create",
    ),
    path(
        "<slug:slug>/charter/versions/<int:number>/<str:action>/",
        views.charter_version_action,
        name="charter_version_action",
    ),
]

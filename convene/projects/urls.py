from django.urls import path

from convene.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("communities/<slug:slug>/", views.community_projects, name="community_projects"),
    path("communities/<slug:slug>/new/", views.project_create, name="project_create"),
    path("<uuid:project_id>/", views.project_detail, name="project_detail"),
    path("<uuid:project_id>/edit/", views.project_edit, name="project_edit"),
    path("<uuid:project_id>/step/<slug:step>/", views.project_step, name="project_step"),
    path("<uuid:project_id>/team/", views.team, name="team"),
    path(
        "<uuid:project_id>/roles/<int:role_id>/<slug:action>/",
        views.role_action,
        name="role_action",
    ),
    path("<uuid:project_id>/updates/", views.updates, name="updates"),
    path("<uuid:project_id>/milestones/", views.milestones, name="milestones"),
    path(
        "<uuid:project_id>/milestones/<int:milestone_id>/",
        views.milestone_mark,
        name="milestone_mark",
    ),
    path("<uuid:project_id>/close-out/", views.close_out, name="close_out"),
    path("<uuid:project_id>/innovations/new/", views.innovation_create, name="innovation_create"),
    path("innovations/", views.innovation_list, name="innovation_list"),
    path("innovations/<uuid:innovation_id>/", views.innovation_detail, name="innovation_detail"),
]

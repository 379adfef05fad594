from __future__ import annotations

from django.urls import path

from convene.stories import views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="story_list"),
    path("new/", views.story_create, name="story_create"),
    path("shared/", views.story_shared, name="story_shared"),
    path("communities/<slug:slug>/", views.community_stories, name="community_stories"),
    path(
        "from-intention/<uuid:intention_id>/",
        views.story_from_intention,
        name="story_from_intention",
    ),
    path("<uuid:story_id>/", views.story_detail, name="story_detail"),
    path("<uuid:story_id>/edit/", views.story_edit, name="story_edit"),
    path("<uuid:story_id>/delete/", views.story_delete, name="story_delete"),
    path("<uuid:story_id>/steps/", views.step_create, name="step_create"),
    path("<uuid:story_id>/steps/<int:step_id>/edit/", views.step_edit, name="step_edit"),
    path("<uuid:story_id>/steps/<int:step_id>/delete/", views.step_delete, name="step_delete"),
    path("<uuid:story_id>/steps/<int:step_id>/move/", views.step_move, name="step_move"),
]

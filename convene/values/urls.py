from __future__ import annotations

from django.urls import path

from convene.values import views

app_name = "values"

urlpatterns = [
    path("", views.value_list, name="value_list"),
    path("manage/", views.value_manage, name="value_manage"),
    path("<int:value_id>/", views.value_detail, name="value_detail"),
    path("<int:value_id>/edit/", views.value_edit, name="value_edit"),
    path("<int:value_id>/move/", views.value_move, name="value_move"),
    path("<int:value_id>/offered/", views.value_offered, name="value_offered"),
    path("stories/", views.story_list, name="story_list"),
    path("stories/new/", views.story_create, name="story_create"),
    path("stories/<uuid:story_id>/", views.story_detail, name="story_detail"),
    path("stories/<uuid:story_id>/edit/", views.story_edit, name="story_edit"),
    path("stories/<uuid:story_id>/delete/", views.story_delete, name="story_delete"),
    path("stories/<uuid:story_id>/hidden/", views.story_hidden, name="story_hidden"),
]

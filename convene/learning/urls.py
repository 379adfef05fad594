from django.urls import path

from convene.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.programme, name="programme"),
    path(
        "communities/<slug:slug>/progress/",
        views.community_progress,
        name="community_progress",
    ),
    path("<slug:module>/<slug:lesson>/", views.lesson_detail, name="lesson_detail"),
    path("<slug:module>/<slug:lesson>/complete/", views.lesson_complete, name="lesson_complete"),
    path("<slug:module>/<slug:lesson>/check/", views.check_submit, name="check_submit"),
    path(
        "<slug:module>/<slug:lesson>/discussion/",
        views.lesson_discussion,
        name="lesson_discussion",
    ),
    path("<slug:module>/<slug:lesson>/edit/", views.lesson_edit, name="lesson_edit"),
]

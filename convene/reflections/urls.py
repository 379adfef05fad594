from django.urls import path

from convene.reflections import views

app_name = "reflections"

urlpatterns = [
    path("", views.journal, name="journal"),
    path("write/", views.reflection_create, name="reflection_create"),
    path("<uuid:reflection_id>/edit/", views.reflection_edit, name="reflection_edit"),
    path("<uuid:reflection_id>/share/", views.reflection_share, name="reflection_share"),
    path("communities/<slug:slug>/shared/", views.shared, name="shared"),
]

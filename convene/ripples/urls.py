from __future__ import annotations

from django.urls import path

from convene.ripples import views

app_name = "ripples"

urlpatterns = [
    path("", views.map_list, name="map_list"),
    path("new/", views.map_create, name="map_create"),
    path("<uuid:map_id>/", views.map_detail, name="map_detail"),
    path("<uuid:map_id>/live/", views.map_live, name="map_live"),
    path("<uuid:map_id>/edit/", views.map_edit, name="map_edit"),
    path("<uuid:map_id>/session/", views.session_toggle, name="session_toggle"),
    path("<uuid:map_id>/export.<str:fmt>", views.map_export, name="map_export"),
    path("<uuid:map_id>/effects/", views.effect_create, name="effect_create"),
    path("<uuid:map_id>/effects/<int:effect_id>/edit/", views.effect_edit, name="effect_edit"),
    path("<uuid:map_id>/effects/<int:effect_id>/place/", views.effect_place, name="effect_place"),
    path("<uuid:map_id>/effects/<int:effect_id>/merge/", views.effect_merge, name="effect_merge"),
    path(
        "<uuid:map_id>/effects/<int:effect_id>/delete/", views.effect_delete, name="effect_delete"
    ),
    path(
        "<uuid:map_id>/effects/<int:effect_id>/confirm/",
        views.effect_confirm,
        name="effect_confirm",
    ),
]

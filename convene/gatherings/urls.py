from django.urls import path

from convene.gatherings import views

app_name = "gatherings"

community = "communities/<slug:slug>/gatherings/"
one = community + "<uuid:gathering_id>/"

urlpatterns = [
    path("gatherings/", views.my_gatherings, name="my_gatherings"),
    path("gatherings/calendar.ics", views.my_calendar, name="my_calendar"),
    path(community, views.gathering_list, name="gathering_list"),
    path(community + "new/", views.gathering_create, name="gathering_create"),
    path(community + "calendar.ics", views.community_calendar, name="community_calendar"),
    path(one, views.gathering_detail, name="gathering_detail"),
    path(one + "edit/", views.gathering_edit, name="gathering_edit"),
    path(one + "cancel/", views.gathering_cancel, name="gathering_cancel"),
    path(one + "rsvp/", views.gathering_rsvp, name="gathering_rsvp"),
    path(one + "attendance/", views.gathering_attendance, name="gathering_attendance"),
    path(one + "notes/", views.gathering_notes, name="gathering_notes"),
    path(one + "apply/", views.intention_edit, name="intention_edit"),
    path(one + "apply/outcome/", views.intention_outcome, name="intention_outcome"),
    path(one + "gathering.ics", views.gathering_ics, name="gathering_ics"),
]

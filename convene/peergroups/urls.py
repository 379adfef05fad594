from django.urls import path

from convene.peergroups import views

app_name = "peergroups"

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<uuid:round_id>/", views.round_detail, name="round_detail"),
    path("rounds/<uuid:round_id>/progress/", views.round_progress, name="round_progress"),
    path("rounds/<uuid:round_id>/move/", views.round_move, name="round_move"),
    path("rounds/<uuid:round_id>/swap/", views.round_swap, name="round_swap"),
    path("rounds/<uuid:round_id>/publish/", views.round_publish, name="round_publish"),
    path("rounds/<uuid:round_id>/reform/", views.round_reform, name="round_reform"),
    path("rounds/<uuid:round_id>/discard/", views.round_discard, name="round_discard"),
    path("weights/", views.weights_edit, name="weights_edit"),
    path("groups/<uuid:group_id>/", views.group_detail, name="group_detail"),
    path("groups/<uuid:group_id>/messages/", views.group_message, name="group_message"),
    path("groups/<uuid:group_id>/meetings/", views.meeting_propose, name="meeting_propose"),
    path("meetings/<uuid:proposal_id>/answer/", views.meeting_answer, name="meeting_answer"),
    path("meetings/<uuid:proposal_id>/confirm/", views.meeting_confirm, name="meeting_confirm"),
]

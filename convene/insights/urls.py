from __future__ import annotations

from django.urls import path

from convene.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.member_journey, name="member_journey"),
    path("communities/<slug:slug>/", views.community_health, name="community_health"),
    path(
        "communities/<slug:slug>/pulses/<slug:instrument>/",
        views.community_pulse,
        name="community_pulse",
    ),
    path("payoffs/", views.payoffs, name="payoffs"),
    path("payoffs/pulses/<slug:instrument>/", views.payoff_pulse, name="payoff_pulse"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<uuid:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:report_id>/progress/", views.report_progress, name="report_progress"),
    path("reports/<uuid:report_id>/pdf/", views.report_pdf, name="report_pdf"),
]

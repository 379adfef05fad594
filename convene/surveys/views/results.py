"""Pages for survey results, with the anonymity thresholds applied."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

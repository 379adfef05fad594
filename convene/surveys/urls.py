from __future__ import annotations

from convene.surveys.views import results, surveys

app_name = "surveys"

urlpatterns = surveys.urlpatterns + results.urlpatterns

from __future__ import annotations

from convene.resources.views import ledger, parameters, pool, requests, rounds

app_name = "resources"

urlpatterns = (
    parameters.urlpatterns
    + requests.urlpatterns
    + pool.urlpatterns
    + ledger.urlpatterns
    + rounds.urlpatterns
)

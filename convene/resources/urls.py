from __future__ import annotations

from convene.resources.views import ledger, pool, requests, rounds

app_name = "resources"

urlpatterns = requests.urlpatterns + pool.urlpatterns + ledger.urlpatterns + rounds.urlpatterns

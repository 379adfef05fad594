"""The resources API. Every endpoint calls the same services as the pages."""

from __future__ import annotations

from ninja import Router

from convene.resources.api import ledger, parameters, pool, requests, rounds

router = Router(tags=["Resources"])
for part in (parameters, requests, pool, ledger, rounds):
    router.add_router("", part.router)

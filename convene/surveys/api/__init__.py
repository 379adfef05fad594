"""The surveys API. Every endpoint calls the same services as the pages."""

from __future__ import annotations

from ninja import Router

from convene.surveys.api import results, surveys

router = Router(tags=["Surveys"])
for part in (surveys, results):
    router.add_router("", part.router)

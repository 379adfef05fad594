"""The projects API. Every endpoint calls the same services as the pages."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Projects"])

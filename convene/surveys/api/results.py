"""Survey results, with the anonymity thresholds applied, through the API."""

from __future__ import annotations

from ninja import Router

router = Router()

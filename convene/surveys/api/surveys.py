"""Surveys, answering and schedules through the API."""

from __future__ import annotations

from ninja import Router

router = Router()

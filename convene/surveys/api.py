"""Surveys and pulses through the API."""

from ninja import Router

router = Router(tags=["surveys"])

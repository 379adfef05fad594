"""Ripple-effects maps through the API."""

from ninja import Router

router = Router(tags=["ripples"])

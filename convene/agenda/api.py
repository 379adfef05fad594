"""The organisational agenda over the API."""

from ninja import Router

router = Router(tags=["agenda"])

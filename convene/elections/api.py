"""Elections over the API."""

from ninja import Router

router = Router(tags=["elections"])

"""Values in action through the API."""

from ninja import Router

router = Router(tags=["values"])

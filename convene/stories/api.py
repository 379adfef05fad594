"""Value-creation stories through the API."""

from ninja import Router

router = Router(tags=["stories"])

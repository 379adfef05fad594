from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from convene.api.models import ApiToken, digest

# Recording every use would turn each read into a write; once a minute is enough
# to show a person when a token was last used.
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


class PersonalAccessToken(HttpBearer):
    """`Authorization: Bearer cvn_…` with a token that is neither revoked nor its owner inactive."""

    openapi_description = "A personal access token, created on your profile page."

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        api_token = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(digest=digest(token), user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user

"""Creating and revoking personal access tokens."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from convene.api.models import ApiToken
from convene.audit.models import record
from convene.people.models import User


class TokenError(Exception):
    """A token request that cannot be carried out."""


@transaction.atomic
def create_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token for `actor`; the secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise TokenError("Give the token a name, so you can recognise it later.")
    try:
        with transaction.atomic():
            token, secret = ApiToken.issue(actor, name)
    except IntegrityError:
        raise TokenError(f"You already have a token called “{name}”.") from None
    record(actor, "api_token.created", token, name=name)
    return token, secret


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> None:
    """Revoke a token at once; requests that carry it are refused from now on."""
    if token.user_id != actor.pk:
        raise TokenError("You can revoke only your own tokens.")
    token.revoke()
    record(actor, "api_token.revoked", token)

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Sign-in rules for one organisation's deployment."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.CONVENE_OPEN_SIGNUP

"""API clients that sign in the way scripts do: with a personal access token."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from convene.api.models import ApiToken
from convene.people.models import User


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def api_as(db) -> Callable[[User], Client]:
    """Return a function giving each person one client that carries their own token."""
    clients: dict[int, Client] = {}

    def api_as(user: User) -> Client:
        if user.pk not in clients:
            clients[user.pk] = bearer(ApiToken.issue(user, "tests")[1])
        return clients[user.pk]

    return api_as

"""Fixtures for values in action: API clients with tokens, and two offered values."""

from __future__ import annotations

import pytest

from convene.values.models import Value
from tests.api.conftest import api_as  # noqa: F401 (API clients signed in with a token)
from tests.values.builders import make_value


@pytest.fixture
def courage(db) -> Value:
    return make_value("Courage")


@pytest.fixture
def care(db) -> Value:
    return make_value("Care")

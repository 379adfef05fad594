"""Fixtures for ripple maps: API clients that sign in with a token."""

from tests.api.conftest import api_as  # noqa: F401 (API clients signed in with a token)

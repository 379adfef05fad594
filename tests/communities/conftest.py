"""Fixtures for community tests, including the API clients that carry a personal token."""

from tests.api.conftest import api_as

__all__ = ["api_as"]

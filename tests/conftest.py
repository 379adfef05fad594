"""Shared personas: a member, a convenor, a sponsor, an executive, an admin and an outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client

from convene.communities.models import Community
from convene.people.models import User
from tests.factories import make_community, make_person


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class Personas:
    member: User
    convenor: User
    sponsor: User
    executive: User
    admin: User
    outsider: User
    open_community: Community
    private_community: Community


@pytest.fixture
def people(db) -> Personas:
    member = make_person("Maya Member")
    convenor = make_person("Connor Convenor")
    sponsor = make_person("Sofia Sponsor", is_executive=True, level="executive")
    executive = make_person("Ezra Executive", is_executive=True, level="executive")
    admin = make_person("Ada Admin", is_administrator=True)
    outsider = make_person("Olu Outsider")
    return Personas(
        member=member,
        convenor=convenor,
        sponsor=sponsor,
        executive=executive,
        admin=admin,
        outsider=outsider,
        open_community=make_community(
            "Open Circle", convenor=convenor, members=[member], sponsor=sponsor
        ),
        private_community=make_community(
            "Quiet Room", private=True, convenor=convenor, members=[member], sponsor=sponsor
        ),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_member(people) -> Client:
    return client_for(people.member)


@pytest.fixture
def as_convenor(people) -> Client:
    return client_for(people.convenor)


@pytest.fixture
def as_admin(people) -> Client:
    return client_for(people.admin)


@pytest.fixture
def as_outsider(people) -> Client:
    return client_for(people.outsider)


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the PostgreSQL concurrency tests one after another on one worker.

    Each opens dozens of connections at once; two at the same time on
    different workers could pass the server's limit of 100.
    """
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.xdist_group("postgres-concurrency"))

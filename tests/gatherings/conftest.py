"""Builders for gatherings: one scheduled through the service, or written at any date."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from convene.communities.models import Community
from convene.gatherings import services
from convene.gatherings.models import Attendance, Gathering, Rsvp
from convene.people.models import User
from tests.api.conftest import api_as  # noqa: F401  (the API tests' token clients)

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def make_gathering(
    community: Community,
    *,
    by: User | None = None,
    starts_in: datetime.timedelta = 7 * DAY,
    minutes: int = 90,
    **fields: Any,
) -> Gathering:
    """A gathering written straight to the database, so it may lie in the past."""
    starts_at = (timezone.now() + starts_in).replace(microsecond=0)
    fields.setdefault("title", "Monthly gathering")
    fields.setdefault("format", "troika")
    if by is None:
        by = community.memberships.current().leaders().first().user  # type: ignore[union-attr]
    return Gathering.objects.create(
        community=community,
        created_by=by,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        **fields,
    )


def schedule(community: Community, actor: User, **fields: Any) -> Gathering:
    starts_at = (timezone.now() + 7 * DAY).replace(microsecond=0, second=0)
    chosen: dict[str, Any] = {
        "title": "Troika on winter pressures",
        "format": "troika",
        "starts_at": starts_at,
        "ends_at": starts_at + HOUR,
        "time_zone": "Europe/London",
        **fields,
    }
    return services.schedule_gathering(actor=actor, community=community, **chosen)


def answer(gathering: Gathering, person: User, answer: str = "yes") -> Rsvp:
    return services.rsvp(actor=person, gathering=gathering, answer=answer)


def attended(gathering: Gathering, *people: User) -> None:
    recorder = gathering.created_by
    Attendance.objects.bulk_create(
        [Attendance(gathering=gathering, user=p, recorded_by=recorder) for p in people]
    )


@pytest.fixture
def upcoming(people) -> Gathering:
    return schedule(people.open_community, people.convenor)


@pytest.fixture
def private_gathering(people) -> Gathering:
    return schedule(people.private_community, people.convenor, title="Quiet Room troika")

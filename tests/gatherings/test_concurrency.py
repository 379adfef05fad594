"""Simultaneous answers to a gathering: its capacity holds.

These need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

from functools import partial

import pytest

from convene.gatherings import services
from convene.gatherings.models import Rsvp
from convene.gatherings.services import GatheringError
from tests.communities.test_concurrency import at_once
from tests.conftest import on_postgres
from tests.factories import make_community, make_person
from tests.gatherings.conftest import schedule

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_simultaneous_yeses_never_overbook_a_gathering():
    convenor = make_person("Convenor")
    members = [make_person(f"Member {n}") for n in range(8)]
    community = make_community("Busy", convenor=convenor, members=members)
    gathering = schedule(community, convenor, capacity=3)
    outcomes = at_once(
        *[partial(services.rsvp, actor=m, gathering=gathering, answer="yes") for m in members]
    )
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert all(isinstance(e, GatheringError) and "full" in str(e) for e in errors), errors
    assert len(errors) == 5
    gathering.refresh_from_db()
    assert gathering.yes_count == 3
    assert Rsvp.objects.filter(gathering=gathering, answer="yes").count() == 3


def test_one_person_answering_twice_at_once_counts_once():
    convenor, member = make_person("Convenor"), make_person("Member")
    community = make_community("Twice", convenor=convenor, members=[member])
    gathering = schedule(community, convenor, capacity=5)
    outcomes = at_once(
        *[partial(services.rsvp, actor=member, gathering=gathering, answer="yes")] * 2
    )
    assert not any(isinstance(outcome, Exception) for outcome in outcomes), outcomes
    gathering.refresh_from_db()
    assert gathering.yes_count == 1

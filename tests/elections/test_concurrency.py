"""Two hundred members voting at once, each pressing the button three times.

Needs real concurrent transactions, so it runs on PostgreSQL only.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection

from convene.audit.models import AuditEvent
from convene.elections import services
from convene.elections.models import Ballot, Receipt
from convene.elections.services import ElectionError
from tests.communities.test_concurrency import at_once
from tests.conftest import on_postgres
from tests.elections.conftest import (
    add_members,
    end_voting,
    ids,
    open_election,
    stand,
    start_voting,
)
from tests.factories import make_community, make_person

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]

MEMBERS = 200
TRIES = 3
CONNECTIONS = 24  # threads, each with its own connection; well under PostgreSQL's limit


def run_together(calls: list[Callable[[], object]], workers: int) -> list[object]:
    """Run calls on `workers` threads released together; return each result or exception.

    A member's three submissions sit side by side in the queue, so three
    threads pick them up at the same moment.
    """
    work: queue.Queue[tuple[int, Callable[[], object]]] = queue.Queue()
    for item in enumerate(calls):
        work.put(item)
    outcomes: list[object] = [None] * len(calls)
    barrier = threading.Barrier(workers)

    def worker() -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            while True:
                try:
                    index, call = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    outcomes[index] = call()
                except Exception as error:
                    outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a vote never finished"
    return outcomes


def test_two_hundred_members_voting_three_times_at_once_cast_two_hundred_ballots(capsys):
    convenor = make_person("Convenor")
    community = make_community("Busy Circle", convenor=convenor)
    voters = [*add_members(community, MEMBERS - 1), convenor]
    election = open_election(community, convenor)
    stand(election, voters[0], voters[1], voters[2])
    start_voting(election)
    candidates = ids(election.nominations.accepted())

    def vote(voter, ranking):
        return lambda: services.cast_ballot(actor=voter, election=election, choices=ranking)

    calls = [
        vote(voter, candidates[i % 3 :] + candidates[: i % 3])
        for i, voter in enumerate(voters)
        for _ in range(TRIES)
    ]
    started = time.monotonic()
    outcomes = run_together(calls, CONNECTIONS)
    elapsed = time.monotonic() - started

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(e, ElectionError) for e in errors), errors[:3]
    assert all("already voted" in str(e) for e in errors)
    assert len(errors) == MEMBERS * (TRIES - 1)
    assert Receipt.objects.filter(election=election).count() == MEMBERS
    assert Ballot.objects.filter(election=election).count() == MEMBERS
    assert set(Receipt.objects.values_list("voter", flat=True)) == {v.pk for v in voters}
    with capsys.disabled():
        print(
            f"\n{MEMBERS * TRIES} submissions on {CONNECTIONS} connections: "
            f"{MEMBERS} ballots, {len(errors)} refused, in {elapsed:.2f} s"
        )


def test_a_leader_and_the_command_closing_at_once_count_once():
    convenor = make_person("Convenor")
    community = make_community("Counting Circle", convenor=convenor)
    admin = make_person("Admin", is_administrator=True)
    election = open_election(community, convenor)
    stand(election, convenor)
    end_voting(election)
    outcomes = at_once(
        lambda: services.close_election(actor=admin, election=election),
        lambda: call_command("run_elections", verbosity=0),
        lambda: services.close_election(actor=admin, election=election),
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(e, ElectionError) for e in errors), errors
    assert AuditEvent.objects.filter(action="election.closed").count() == 1

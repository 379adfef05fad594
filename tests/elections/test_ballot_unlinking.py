"""The close rewrites the ballots, so nothing in the database ties one to its voter.

A ballot and its receipt are written in one transaction; the close writes every ballot
again, shuffled, with new ids, and the audit record of a vote is written after the commit.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.db import connection

from convene.audit.models import AuditEvent
from convene.elections import services
from convene.elections.models import Ballot
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


def test_the_audit_record_of_a_vote_is_written_after_the_commit(
    people, voting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.cast_ballot(
            actor=people.member, election=voting, choices=ids(voting.nominations.accepted())
        )
    assert not AuditEvent.objects.filter(action="election.voted").exists()
    for callback in callbacks:
        callback()
    assert AuditEvent.objects.get(action="election.voted").actor == people.member


def test_the_close_writes_the_ballots_again_with_new_ids_and_the_same_choices(
    people, circle, voting
):
    first, second = ids(voting.nominations.accepted())
    voters = [m.user for m in circle.memberships.current()]
    for number, voter in enumerate(voters):
        ranking = [first, second] if number % 2 else [second]
        services.cast_ballot(actor=voter, election=voting, choices=ranking)
    before = dict(Ballot.objects.filter(election=voting).values_list("id", "choices"))
    end_voting(voting)
    services.close_election(actor=None, election=voting)
    after = dict(Ballot.objects.filter(election=voting).values_list("id", "choices"))
    assert not set(before) & set(after)
    assert Counter(map(tuple, before.values())) == Counter(map(tuple, after.values()))


XID_WINDOW = 100_000


def _xmin_links(election_id) -> tuple[int, int]:
    """Ballots with a receipt written in their own transaction or just after it, and
    ballots sharing a transaction with an audit record of a vote.

    A ballot's id is its transaction's; the receipt is written in a savepoint, whose id
    comes later, after any other sessions take ids in between (the server hands them out
    to everyone), so "just after" is a window rather than the next id. Once the close has
    written the ballots again, their id is the close's, later than every receipt's.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "select count(distinct b.id) from elections_ballot b join elections_receipt r"
            " on r.xmin::text::bigint - b.xmin::text::bigint between 0 and %s"
            " where b.election_id = %s",
            [XID_WINDOW, election_id],
        )
        receipts = cursor.fetchone()[0]
        cursor.execute(
            "select count(*) from elections_ballot b join audit_auditevent a"
            " on a.xmin = b.xmin and a.action = 'election.voted' where b.election_id = %s",
            [election_id],
        )
        return receipts, cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="xmin and ctid are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_after_the_close_no_ballot_shares_a_transaction_with_a_receipt_or_an_audit_record():
    convenor = make_person("Xmin Convenor")
    community = make_community("Xmin Circle", convenor=convenor)
    voters = add_members(community, 30)
    election = open_election(community, convenor)
    stand(election, voters[0], voters[1], voters[2])
    start_voting(election)
    standing = ids(election.nominations.accepted())
    cast = []
    for number, voter in enumerate(voters):
        ranking = [standing[number % 3], standing[(number + 1) % 3], standing[(number + 2) % 3]]
        ranking = ranking[: 1 + number % 3]
        services.cast_ballot(actor=voter, election=election, choices=ranking)
        cast.append(ranking)
    # While voting runs, a ballot and its receipt share a transaction: the honest limit,
    # and proof that the check sees such links.
    assert _xmin_links(election.pk) == (len(voters), 0)
    end_voting(election)
    services.close_election(actor=None, election=election)
    assert _xmin_links(election.pk) == (0, 0)
    with connection.cursor() as cursor:
        cursor.execute(
            "select choices from elections_ballot where election_id = %s order by ctid",
            [election.pk],
        )
        stored = [json.loads(row[0]) if isinstance(row[0], str) else row[0] for row in cursor]
    assert sorted(map(tuple, stored)) == sorted(map(tuple, cast))
    assert stored != cast  # 9 kinds of ballot among 30: the same order by chance is negligible

"""Membership changes made at the same moment: locks and constraints keep the rules.

These need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection

from convene.audit.models import AuditEvent
from convene.communities import services
from convene.communities.models import Invitation, JoinRequest, Membership
from convene.communities.services import CommunityError
from tests.conftest import on_postgres
from tests.factories import make_community, make_person

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]


def at_once(*calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread, all released together; return results or exceptions."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            # Connect before the barrier, so that connecting does not stagger the calls.
            connection.ensure_connection()
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a call never finished"
    return outcomes


def settle(outcomes: list[object]) -> tuple[int, int]:
    """Count successes and refusals; any other exception fails the test."""
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert all(isinstance(error, CommunityError) for error in errors), errors
    return len(outcomes) - len(errors), len(errors)


def current(community, person):
    return Membership.objects.current().filter(community=community, user=person)


def test_eight_simultaneous_joins_leave_one_membership():
    person, community = make_person(), make_community(convenor=make_person())
    join = partial(services.join_community, actor=person, community=community)
    assert settle(at_once(*[join] * 8)) == (1, 7)
    assert current(community, person).count() == 1
    assert AuditEvent.objects.filter(action="community.joined").count() == 1


def test_two_convenors_leaving_at_once_leave_one_convenor():
    first, second = make_person(), make_person()
    community = make_community(convenor=first)
    Membership.objects.create(community=community, user=second, role=Membership.Role.CONVENOR)
    leave = partial(services.leave_community, community=community)
    outcomes = at_once(partial(leave, actor=first), partial(leave, actor=second))
    assert settle(outcomes) == (1, 1)
    assert community.memberships.current().convenors().count() == 1


def test_two_approvals_of_one_request_at_once_add_one_member():
    convenor, co_convenor, applicant = make_person(), make_person(), make_person()
    community = make_community(private=True, convenor=convenor)
    Membership.objects.create(community=community, user=co_convenor, role="co_convenor")
    join_request = JoinRequest.objects.create(community=community, user=applicant)
    approve = partial(services.decide_join_request, join_request=join_request, approve=True)
    outcomes = at_once(partial(approve, actor=convenor), partial(approve, actor=co_convenor))
    assert settle(outcomes) == (1, 1)
    assert current(community, applicant).count() == 1


def test_accepting_one_invitation_twice_at_once_adds_one_member():
    convenor, invitee = make_person(), make_person()
    community = make_community(private=True, convenor=convenor)
    invitation = Invitation.objects.create(
        community=community, invitee=invitee, invited_by=convenor
    )
    accept = partial(
        services.respond_to_invitation, actor=invitee, invitation=invitation, accept=True
    )
    assert settle(at_once(accept, accept)) == (1, 1)
    assert current(community, invitee).count() == 1

"""Check-ins sent at the same moment: the database keeps one per goal and month.

These need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

from functools import partial

import pytest

from convene.audit.models import AuditEvent
from convene.goals import services
from convene.goals.models import CheckIn
from convene.goals.services import GoalError
from tests.communities.test_concurrency import at_once
from tests.conftest import on_postgres
from tests.factories import make_person

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_eight_simultaneous_check_ins_for_one_month_leave_one():
    owner = make_person()
    goal = services.set_goal(actor=owner, title="Say no to one meeting a week")
    check_in = partial(services.record_check_in, actor=owner, goal=goal, rating=3, note="Went ok")
    outcomes = at_once(*[check_in] * 8)
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert all(isinstance(error, GoalError) for error in errors), errors
    assert len(errors) == 7
    assert all("already checked in" in str(error) for error in errors)
    assert CheckIn.objects.filter(goal=goal).count() == 1
    assert AuditEvent.objects.filter(action="goal.checked_in").count() == 1

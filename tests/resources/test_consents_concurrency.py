"""Decisions on one line's consent at the same moment: exactly one counts.

These need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from convene.notifications.models import Notification
from convene.projects.models import Project
from convene.resources import pool
from convene.resources.models import Kind, Period, RequestLine, ResourceRequest
from convene.resources.services import ResourceError
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


@pytest.fixture
def asked():
    """A line releasing a member's time, waiting for their line manager's consent."""
    manager = make_person("Mina Manager")
    member = make_person("Maya Member", line_manager=manager)
    lead = make_person("Lee Lead")
    community = make_community(convenor=lead, members=[member])
    period = Period.objects.create(
        name="Q2", starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 6, 30)
    )
    project = Project.objects.create(
        community=community,
        title="Mentoring pairs",
        problem="p",
        intended_outcomes="o",
        status=Project.Status.ACTIVE,
        created_by=lead,
    )
    request = ResourceRequest.objects.create(
        project=project,
        period=period,
        summary="Time to pair mentors.",
        status=ResourceRequest.Status.SUBMITTED,
        requested_by=lead,
    )
    line = RequestLine.objects.create(
        request=request,
        kind=Kind.TIME,
        amount=Decimal("8"),
        purpose="A day of pairing",
        person=member,
        consent=RequestLine.Consent.PENDING,
    )
    return manager, lead, line


def decide_at_once(manager, line: RequestLine, count: int) -> list[object]:
    barrier = threading.Barrier(count)
    outcomes: list[object] = [None] * count

    def run(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            give = index % 2 == 0
            outcomes[index] = pool.decide_consent(
                actor=manager, line=line, give=give, note="" if give else "Not this month."
            )
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_ten_simultaneous_decisions_on_one_line_leave_exactly_one(asked):
    manager, lead, line = asked
    outcomes = decide_at_once(manager, line, 10)

    decided = [outcome for outcome in outcomes if isinstance(outcome, RequestLine)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ResourceError)]
    assert len(decided) == 1 and len(refused) == 9, outcomes
    assert all("already decided" in str(error) for error in refused)
    line.refresh_from_db()
    assert line.consent == decided[0].consent
    assert Notification.objects.filter(recipient=lead).count() == 1


def record_regardless(actor, line: RequestLine, give: bool, note: str) -> bool:
    """The unprotected way: write the decision whatever the line's state now."""
    consent = RequestLine.Consent.GIVEN if give else RequestLine.Consent.REFUSED
    RequestLine.objects.filter(pk=line.pk).update(consent=consent, consent_note=note)
    return True


@pytest.mark.parametrize("protected", [True, False], ids=["locked", "negative-control"])
def test_two_decisions_that_both_saw_the_line_waiting_count_once(monkeypatch, asked, protected):
    """Force the race: each decision checks the line before the other writes, if it can."""
    manager, _, line = asked
    if not protected:
        monkeypatch.setattr(
            pool, "_locked_request", lambda line: ResourceRequest.objects.get(pk=line.request_id)
        )
        monkeypatch.setattr(pool, "_record_decision", record_regardless)
    checked: list[int] = []
    both_checked = threading.Event()
    require_pending = pool._require_pending

    def check_then_wait_for_the_other(line: RequestLine, request: ResourceRequest) -> None:
        require_pending(line, request)
        checked.append(1)
        if len(checked) == 2:
            both_checked.set()
        # With the request locked, the other decision cannot reach its check until this commits.
        both_checked.wait(timeout=1)

    monkeypatch.setattr(pool, "_require_pending", check_then_wait_for_the_other)
    outcomes = decide_at_once(manager, line, 2)

    decided = [outcome for outcome in outcomes if isinstance(outcome, RequestLine)]
    if protected:
        assert len(decided) == 1, outcomes
        assert "already decided" in str(next(o for o in outcomes if isinstance(o, ResourceError)))
    else:
        assert len(decided) == 2, outcomes

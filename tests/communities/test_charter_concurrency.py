"""Charter changes made at the same moment: the lock numbers versions, the constraint counts people.

These need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection, transaction

from convene.communities import services
from convene.communities.models import CharterEndorsement, CharterVersion, Membership
from convene.communities.services import CommunityError
from tests.communities.test_concurrency import at_once, settle
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


def test_eight_simultaneous_endorsements_by_one_member_count_once():
    convenor, member = make_person(), make_person()
    community = make_community(convenor=convenor, members=[member])
    version = services.draft_charter_version(
        actor=convenor, community=community, purpose="Together.", propose=True
    )
    endorse = partial(services.endorse_charter_version, actor=member, version=version)
    assert settle(at_once(*[endorse] * 8)) == (1, 7)
    assert CharterEndorsement.objects.filter(version=version, user=member).count() == 1


def test_simultaneous_drafts_get_distinct_numbers_and_leave_one_draft():
    convenor, co_convenor = make_person(), make_person()
    community = make_community(convenor=convenor)
    Membership.objects.create(community=community, user=co_convenor, role="co_convenor")
    draft = partial(services.draft_charter_version, community=community, purpose="Ours.")
    drafts = [partial(draft, actor=person) for person in (convenor, co_convenor) * 3]
    assert settle(at_once(*drafts)) == (6, 0)
    versions = CharterVersion.objects.filter(community=community)
    assert sorted(versions.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert versions.filter(status="draft").count() == 1


def test_two_leaders_adopting_at_once_leave_one_current_charter():
    convenor, co_convenor = make_person(), make_person()
    community = make_community(convenor=convenor)
    Membership.objects.create(community=community, user=co_convenor, role="co_convenor")
    version = services.draft_charter_version(
        actor=convenor, community=community, purpose="Ours.", propose=True
    )
    adopt = partial(services.adopt_charter_version, version=version)
    assert settle(at_once(partial(adopt, actor=convenor), partial(adopt, actor=co_convenor))) == (
        1,
        1,
    )
    assert CharterVersion.objects.filter(community=community, status="adopted").count() == 1


def test_an_endorsement_waiting_on_an_adoption_is_refused_once_it_lands():
    convenor, member = make_person(), make_person()
    community = make_community(convenor=convenor, members=[member])
    version = services.draft_charter_version(
        actor=convenor, community=community, purpose="Ours.", propose=True
    )
    adopted, release = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def adopt() -> None:
        with transaction.atomic():
            services.adopt_charter_version(actor=convenor, version=version)
            adopted.set()
            release.wait(timeout=10)  # hold the locks until the endorsement is waiting

    def endorse() -> None:
        adopted.wait(timeout=10)
        try:
            outcomes["endorse"] = services.endorse_charter_version(actor=member, version=version)
        except CommunityError as error:
            outcomes["endorse"] = error

    threads = [threading.Thread(target=closing(call)) for call in (adopt, endorse)]
    for thread in threads:
        thread.start()
    assert adopted.wait(timeout=10)
    wait_for_a_lock_wait()
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert isinstance(outcomes["endorse"], CommunityError)
    assert not CharterEndorsement.objects.filter(version=version).exists()


def closing(call: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            call()
        finally:
            connection.close()

    return run


def wait_for_a_lock_wait() -> None:
    """Return once another connection is waiting for a row lock, or fail after ten seconds."""
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        threading.Event().wait(0.05)
    pytest.fail("the endorsement never waited for the adoption's lock")

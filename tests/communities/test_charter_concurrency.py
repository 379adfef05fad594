"""Charter changes made at the same moment: the lock numbers versions, the constraint counts people.

These need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

from functools import partial

import pytest

from convene.communities import services
from convene.communities.models import CharterEndorsement, CharterVersion, Membership
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

"""Adjusting and publishing a round at the same moment: the round's lock keeps the rules.

These need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.db.models import Count

from convene.peergroups import services
from convene.peergroups.models import GroupMember, Round
from convene.peergroups.services import PeerGroupError
from convene.people.models import User
from tests.communities.test_concurrency import at_once
from tests.conftest import on_postgres
from tests.factories import make_community, make_person
from tests.peergroups.conftest import add_members, make_varied_people

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _short_search(settings):
    settings.PEERGROUPS_SEARCH_SECONDS = 0.1


def formed_round() -> tuple[Round, User]:
    convenor = make_person("Convenor")
    community = make_community("Concurrent", convenor=convenor)
    add_members(community, make_varied_people(13))
    round = services.start_round(
        actor=convenor, title="T", kind="triad", communities=[community], min_size=3, max_size=4
    )
    services.form_round(str(round.pk))
    round.refresh_from_db()
    assert round.status == Round.Status.READY
    return round, convenor


def settle(outcomes: list[object]) -> int:
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert all(isinstance(error, PeerGroupError) for error in errors), errors
    return len(outcomes) - len(errors)


def test_simultaneous_moves_into_one_group_never_overfill_it():
    round, convenor = formed_round()
    groups = list(round.groups.annotate(size=Count("memberships")))
    target = next(group for group in groups if group.size == 3)
    movers = [group.memberships.all()[0].user for group in groups if group.size == 4]
    move = partial(services.move_person, actor=convenor, round=round, to_number=target.number)
    assert settle(at_once(*[partial(move, person=person) for person in movers])) == 1
    final = dict(round.groups.annotate(n=Count("memberships")).values_list("number", "n"))
    assert sorted(final.values()) == [3, 3, 4, 4]


def test_a_move_racing_publication_either_lands_before_it_or_is_refused():
    round, convenor = formed_round()
    large = next(g for g in round.groups.all() if g.memberships.count() == 4)
    small = next(g for g in round.groups.all() if g.memberships.count() == 3)
    mover = large.memberships.select_related("user")[0].user
    outcomes = at_once(
        partial(services.publish_round, actor=convenor, round=round),
        partial(
            services.move_person, actor=convenor, round=round, person=mover, to_number=small.number
        ),
    )
    assert not isinstance(outcomes[0], Exception)
    round.refresh_from_db()
    assert round.status == Round.Status.PUBLISHED
    place = GroupMember.objects.get(round=round, user=mover)
    moved = not isinstance(outcomes[1], Exception)
    assert place.group_id == (small.pk if moved else large.pk)

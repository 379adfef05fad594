"""Who counts as a member for elections: current members with active accounts, everywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Membership
from convene.elections import services
from convene.elections.models import Nomination
from convene.elections.services import ElectionError
from convene.people.models import User
from tests.conftest import client_for
from tests.elections.conftest import add_members, end_voting, ids


def deactivated(circle, count: int) -> list[User]:
    gone = add_members(circle, count, prefix="Gone")
    User.objects.filter(pk__in=[p.pk for p in gone]).update(is_active=False)
    return gone


def test_deactivated_accounts_do_not_count_in_the_quorum(people, circle, voting):
    deactivated(circle, 4)
    active = services.members(circle)
    for member in active:
        services.cast_ballot(
            actor=member, election=voting, choices=ids(voting.nominations.accepted())
        )
    closed = services.close_election(actor=None, election=end_voting(voting))
    assert closed.electorate == closed.turnout == active.count() == 6
    assert closed.outcome == "elected"


def test_a_deactivated_account_cannot_be_nominated_from_the_page(people, circle, nominating):
    gone = deactivated(circle, 1)[0]
    page = client_for(people.member).get(nominating.get_absolute_url()).content.decode()
    assert gone.handle not in page
    response = client_for(people.member).post(
        reverse("elections:nomination_create", args=[circle.slug, nominating.pk]),
        {"nominee": gone.handle},
    )
    assert response.status_code == 400
    assert not Nomination.objects.filter(nominee=gone).exists()


def test_a_deactivated_account_cannot_be_nominated_through_the_api(
    people, circle, nominating, api_as
):
    gone = deactivated(circle, 1)[0]
    response = api_as(people.member).post(
        f"/api/v1/elections/{nominating.pk}/nominations",
        {"nominee": gone.handle},
        content_type="application/json",
    )
    assert response.status_code == 400
    with pytest.raises(ElectionError, match="not a member"):
        services.nominate(actor=people.member, election=nominating, nominee=gone)


def test_a_nominee_who_has_left_cannot_accept(people, circle, nominating):
    leaver = add_members(circle, 1, prefix="Leaver")[0]
    nomination = services.nominate(actor=people.member, election=nominating, nominee=leaver)
    Membership.objects.filter(community=circle, user=leaver).update(left_at=timezone.now())
    with pytest.raises(ElectionError, match="no longer a member"):
        services.respond_to_nomination(actor=leaver, nomination=nomination, accept=True)
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.PENDING


def test_a_nominee_who_has_left_may_still_decline(people, circle, nominating):
    leaver = add_members(circle, 1, prefix="Leaver")[0]
    nomination = services.nominate(actor=people.member, election=nominating, nominee=leaver)
    Membership.objects.filter(community=circle, user=leaver).update(left_at=timezone.now())
    services.respond_to_nomination(actor=leaver, nomination=nomination, accept=False)
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.DECLINED

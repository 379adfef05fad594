"""The published ballots and the API's lists cost the same queries for 2 rows or 40."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from convene.elections import services
from convene.elections.models import Election, Nomination
from tests.conftest import client_for
from tests.elections.conftest import (
    add_members,
    end_voting,
    ids,
    open_election,
    stand,
    start_voting,
)
from tests.factories import make_community, make_person


def _ballots_page_queries(size: int, viewer, django_assert_max_num_queries) -> int:
    convenor = make_person(f"Convenor of {size}")
    community = make_community(f"Circle of {size}", convenor=convenor)
    voters = add_members(community, size)
    election = open_election(community, convenor)
    stand(election, voters[0], voters[1])
    start_voting(election)
    for voter in voters:
        services.cast_ballot(
            actor=voter, election=election, choices=ids(election.nominations.accepted())
        )
    closed = services.close_election(actor=None, election=end_voting(election))
    path = reverse("elections:ballot_list", args=[community.slug, closed.pk])
    client = client_for(viewer)
    with django_assert_max_num_queries(20) as counted:
        assert client.get(path).status_code == 200
    return len(counted.captured_queries)


def test_the_published_ballots_page_costs_the_same_for_2_or_40_ballots(
    people, django_assert_max_num_queries
):
    few = _ballots_page_queries(2, people.admin, django_assert_max_num_queries)
    many = _ballots_page_queries(40, people.admin, django_assert_max_num_queries)
    assert few == many


def _closed_elections(community, count: int) -> None:
    now = timezone.now()
    day = datetime.timedelta(days=1)
    Election.objects.bulk_create(
        Election(
            community=community,
            status=Election.Status.CLOSED,
            nominations_open_at=now - (400 * number + 30) * day,
            voting_opens_at=now - (400 * number + 20) * day,
            voting_closes_at=now - (400 * number + 10) * day,
            term_starts_on=(now - 400 * number * day).date(),
            term_ends_on=(now - (400 * number - 300) * day).date(),
            seed=f"{number:032x}",
            outcome=Election.Outcome.NO_QUORUM,
        )
        for number in range(1, count + 1)
    )


def test_the_api_election_list_costs_the_same_for_2_or_40(
    people, api_as, django_assert_max_num_queries
):
    client = api_as(people.admin)
    client.get("/api/v1/elections/00000000-0000-4000-8000-000000000000")  # the token's first use
    counts = []
    for size in (2, 40):
        community = make_community(f"Elections {size}", convenor=make_person(f"Lead {size}"))
        _closed_elections(community, size)
        with django_assert_max_num_queries(10) as counted:
            response = client.get(f"/api/v1/communities/{community.slug}/elections?limit=100")
        assert response.json()["count"] == size
        counts.append(len(counted.captured_queries))
    assert counts[0] == counts[1]


def test_the_api_nomination_list_costs_the_same_for_2_or_40(
    people, api_as, django_assert_max_num_queries
):
    client = api_as(people.admin)
    client.get("/api/v1/elections/00000000-0000-4000-8000-000000000000")  # the token's first use
    counts = []
    for size in (2, 40):
        convenor = make_person(f"Lead {size}")
        community = make_community(f"Nominations {size}", convenor=convenor)
        election = open_election(community, convenor)
        Nomination.objects.bulk_create(
            Nomination(election=election, nominee=person, nominated_by=convenor)
            for person in add_members(community, size)
        )
        with django_assert_max_num_queries(10) as counted:
            response = client.get(f"/api/v1/elections/{election.pk}/nominations")
        assert len(response.json()) == size
        counts.append(len(counted.captured_queries))
    assert counts[0] == counts[1]

"""What is published at the close, and that nothing is published before it."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.urls import reverse

from convene.audit.models import AuditEvent
from convene.elections import services, tally
from convene.elections.models import Election
from tests.conftest import client_for
from tests.elections.conftest import (
    add_members,
    end_voting,
    ids,
    open_election,
    stand,
    start_voting,
)


def url(name: str, election: Election, *args: object) -> str:
    return reverse(f"elections:{name}", args=[election.community.slug, election.pk, *args])


def download(election: Election, user) -> dict:
    return json.loads(client_for(user).get(url("ballot_download", election, "json")).content)


def test_the_published_ballots_name_no_winner_when_the_quorum_fails(people, voting, api_as):
    services.cast_ballot(
        actor=people.member, election=voting, choices=ids(voting.nominations.accepted())
    )
    closed = services.close_election(actor=None, election=end_voting(voting))
    assert closed.outcome == "no_quorum" and closed.result["winner"] is not None
    published = download(closed, people.member)
    assert (published["winner"], published["outcome"]) == (None, "no_quorum")
    api = api_as(people.member).get(f"/api/v1/elections/{closed.pk}/ballots").json()
    assert (api["winner"], api["outcome"]) == (None, "no_quorum")


def test_the_published_ballots_name_the_elected_winner(people, circle, voting):
    for member in services.members(circle):
        services.cast_ballot(
            actor=member, election=voting, choices=ids(voting.nominations.accepted())
        )
    closed = services.close_election(actor=None, election=end_voting(voting))
    assert closed.winner is not None
    assert download(closed, people.member)["winner"] == closed.winner.full_name


def _ranked(election: Election, voters) -> None:
    standing = ids(election.nominations.accepted())
    for number, voter in enumerate(voters):
        first = number % len(standing)
        ranking = standing[first:] + standing[:first]
        services.cast_ballot(actor=voter, election=election, choices=ranking[: 1 + number % 3])


def _approval(election: Election, voters) -> None:
    standing = ids(election.nominations.accepted())
    for number, voter in enumerate(voters):
        chosen = [c for bit, c in enumerate(standing) if (number + 1) >> bit & 1]
        services.cast_ballot(actor=voter, election=election, choices=chosen or standing[:1])


def _consent(election: Election, voters) -> None:
    answers = ["support", "support", "abstain", "support"]
    for number, voter in enumerate(voters):
        services.cast_ballot(actor=voter, election=election, consent=answers[number % 4])


@pytest.mark.parametrize(
    ("method", "standing", "vote"),
    [("ranked", 3, _ranked), ("approval", 3, _approval), ("ranked", 1, _consent)],
    ids=["ranked", "approval", "consent"],
)
def test_anyone_recounts_the_downloaded_ballots_to_the_published_result(
    people, circle, method, standing, vote
):
    voters = [*services.members(circle), *add_members(circle, 11)]
    election = open_election(circle, people.admin, method=method)
    stand(election, *voters[-standing:])
    start_voting(election)
    vote(election, voters)
    closed = services.close_election(actor=None, election=end_voting(election))
    published = download(closed, people.member)
    assert len(published["ballots"]) == closed.turnout == len(voters)
    assert tally.recount(published).as_dict() == closed.result
    assert closed.outcome == "elected"


@pytest.mark.parametrize("who", ["convenor", "admin"])
def test_results_and_ballots_are_refused_to_leaders_and_administrators_during_voting(
    people, voting, api_as, who
):
    leader = getattr(people, who)
    services.cast_ballot(
        actor=people.member, election=voting, choices=ids(voting.nominations.accepted())
    )
    client = client_for(leader)
    assert client.get(url("ballot_list", voting)).status_code == 404
    assert client.get(url("ballot_download", voting, "json")).status_code == 404
    assert client.get(url("ballot_download", voting, "csv")).status_code == 404
    page = client.get(voting.get_absolute_url()).content.decode()
    assert 'id="result-heading"' not in page
    for path in ("result", "ballots"):
        response = api_as(leader).get(f"/api/v1/elections/{voting.pk}/{path}")
        assert response.status_code == 400
        assert response.json()["detail"] == "Results are published when voting closes."


def test_only_the_seeds_hash_is_published_until_the_close_then_the_seed(people, voting, api_as):
    commitment = hashlib.sha256(voting.seed.encode()).hexdigest()
    page = client_for(people.member).get(voting.get_absolute_url()).content.decode()
    api = api_as(people.member).get(f"/api/v1/elections/{voting.pk}").json()
    assert commitment in page and voting.seed not in page
    assert (api["seed"], api["seed_commitment"]) == (None, commitment)
    opened = AuditEvent.objects.get(action="election.opened")
    assert voting.seed not in str(opened.details)

    closed = services.close_election(actor=None, election=end_voting(voting))
    page = client_for(people.member).get(url("ballot_list", closed)).content.decode()
    assert commitment in page and closed.seed in page
    api = api_as(people.member).get(f"/api/v1/elections/{closed.pk}").json()
    assert (api["seed"], api["seed_commitment"]) == (closed.seed, commitment)
    assert download(closed, people.member)["seed_commitment"] == commitment

"""The demo's elections: a believable history, a published count, and two elections under way."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from convene.elections import results, services, tally
from convene.elections.models import Ballot, Election, Receipt, Term
from convene.people.models import User
from tests.conftest import client_for


@pytest.fixture
def demo(db) -> None:
    call_command("seed_demo", password="pw", verbosity=0)


def election_of(name: str, status: str) -> Election:
    return Election.objects.get(community__name=name, status=status)


def test_leading_through_change_has_a_published_contested_election(demo):
    past = election_of("Leading Through Change", "closed")
    assert past.outcome == "elected" and len(past.result["rounds"]) == 2
    assert Ballot.objects.filter(election=past).count() == past.turnout >= 3
    published = results.published(past)
    assert tally.recount(published).winner == past.result["winner"]
    terms = list(Term.objects.filter(community=past.community).order_by("starts_on"))
    assert [t.how for t in terms] == ["appointment", "election"]
    assert terms[1].person == past.winner and terms[1].is_current


def test_sam_can_vote_in_the_open_election_and_the_result_stays_hidden(demo):
    sam = User.objects.get(email="member@northgate.example")
    election = election_of("Leading Through Change", "open")
    assert election.phase() == Election.Phase.VOTING
    assert not Receipt.objects.filter(election=election, voter=sam).exists()
    client = client_for(sam)
    page = client.get(election.community.get_absolute_url()).content.decode()
    assert "Cast your vote" in page
    assert client.get(election.get_absolute_url()).status_code == 200
    choices = [str(n.pk) for n in election.nominations.accepted()]
    services.cast_ballot(actor=sam, election=election, choices=choices)
    assert election.result == {} and not election.is_closed


def test_grace_sees_nominations_open_in_the_circle(demo):
    grace = User.objects.get(email="convenor@northgate.example")
    election = election_of("New Managers' Circle", "open")
    assert election.phase() == Election.Phase.NOMINATING
    assert services.can_run(grace, election.community, election)
    page = client_for(grace).get(election.get_absolute_url()).content.decode()
    assert "Nominate" in page and "natural successor" in page


def test_the_election_command_has_nothing_to_do_on_a_fresh_demo(demo):
    assert services.run_due(today=timezone.localdate()) == {
        "closed": 0,
        "handed_over": 0,
        "opened": 0,
    }

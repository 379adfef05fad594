"""Closing an election: the count, the quorum, hidden results, and the handover of office."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from convene.audit.models import AuditEvent
from convene.communities.models import Membership
from convene.elections import results, services
from convene.elections.models import Election, Term
from convene.elections.services import ElectionError
from tests.elections.conftest import end_voting, ids, open_election, stand, start_voting


def role_of(community, person) -> str:
    return community.memberships.current().get(user=person).role


def vote_for(election: Election, ranking: list[str], voters) -> None:
    for voter in voters:
        services.cast_ballot(actor=voter, election=election, choices=ranking)


def test_results_are_hidden_from_everyone_until_the_close(people, circle, voting):
    services.cast_ballot(
        actor=people.convenor, election=voting, choices=ids(voting.nominations.accepted())
    )
    with pytest.raises(ElectionError, match="published when voting closes"):
        results.published(voting)
    with pytest.raises(ElectionError, match="published when voting closes"):
        results.rounds(voting, {})
    assert voting.result == {} and voting.winner is None


def test_no_one_can_close_before_voting_ends(people, voting):
    with pytest.raises(ElectionError, match="still open"):
        services.close_election(actor=people.admin, election=voting)


def test_the_winner_takes_office_at_once_and_the_convenor_steps_down(people, circle, voting):
    maya = people.member
    maya_nomination = voting.nominations.get(nominee=maya)
    others = voting.nominations.exclude(nominee=maya).get()
    voters = [m.user for m in circle.memberships.current()]
    vote_for(voting, [str(maya_nomination.pk), str(others.pk)], voters[:4])
    vote_for(voting, [str(others.pk)], voters[4:])
    end_voting(voting)
    Election.objects.filter(pk=voting.pk).update(term_starts_on=timezone.localdate())
    voting.refresh_from_db()
    closed = services.close_election(actor=people.admin, election=voting)
    assert (closed.outcome, closed.winner) == ("elected", maya)
    assert role_of(circle, maya) == Membership.Role.CONVENOR
    assert role_of(circle, people.convenor) == Membership.Role.MEMBER
    term = Term.objects.get(election=closed)
    assert term.took_office_at is not None and term.how == Term.How.ELECTION
    event = AuditEvent.objects.get(action="election.closed")
    assert set(event.details) == {"outcome", "turnout", "seed"}


def test_a_future_term_waits_for_the_scheduled_command(people, circle, voting):
    maya_nomination = voting.nominations.get(nominee=people.member)
    vote_for(voting, [str(maya_nomination.pk)], [m.user for m in circle.memberships.current()])
    end_voting(voting)
    services.close_election(actor=people.admin, election=voting)
    term = Term.objects.get(election=voting)
    assert term.took_office_at is None
    assert role_of(circle, people.member) == Membership.Role.MEMBER
    with time_machine.travel(term.starts_on + datetime.timedelta(hours=12), tick=False):
        call_command("run_elections", verbosity=0)
        call_command("run_elections", verbosity=0)
    term.refresh_from_db()
    assert term.took_office_at is not None
    assert role_of(circle, people.member) == Membership.Role.CONVENOR
    assert role_of(circle, people.convenor) == Membership.Role.MEMBER
    assert AuditEvent.objects.filter(action="election.handed_over").count() == 1


def test_an_election_below_quorum_elects_no_one(people, circle, voting):
    services.cast_ballot(
        actor=people.convenor, election=voting, choices=ids(voting.nominations.accepted())
    )
    end_voting(voting)
    closed = services.close_election(actor=None, election=voting)
    assert closed.outcome == Election.Outcome.NO_QUORUM and closed.winner is None
    assert (closed.turnout, closed.electorate) == (1, 6)
    assert not Term.objects.exists()


def test_a_convenor_who_stands_cannot_run_or_close_the_election(people, circle, nominating):
    stand(nominating, people.convenor)
    with pytest.raises(ElectionError, match="standing"):
        services.set_voting_window(
            actor=people.convenor,
            election=nominating,
            voting_opens_at=nominating.voting_opens_at,
            voting_closes_at=nominating.voting_closes_at + datetime.timedelta(days=1),
        )
    end_voting(nominating)
    with pytest.raises(ElectionError, match="standing"):
        services.close_election(actor=people.convenor, election=nominating)


def test_the_command_counts_due_elections_once(people, circle, voting):
    end_voting(voting)
    call_command("run_elections", verbosity=0)
    call_command("run_elections", verbosity=0)
    voting.refresh_from_db()
    assert voting.is_closed
    assert AuditEvent.objects.filter(action="election.closed").count() == 1


def test_nominations_open_by_themselves_as_a_term_ends(people, circle):
    today = timezone.localdate()
    Membership.objects.filter(community=circle, user=people.member).update(role="co_convenor")
    term = Term.objects.create(
        community=circle,
        person=people.convenor,
        starts_on=today - datetime.timedelta(days=330),
        ends_on=today + datetime.timedelta(days=30),
        took_office_at=timezone.now() - datetime.timedelta(days=330),
    )
    call_command("run_elections", verbosity=0)
    call_command("run_elections", verbosity=0)
    election = Election.objects.get()
    assert election.term_starts_on == term.ends_on + datetime.timedelta(days=1)
    assert election.voting_closes_at.date() < election.term_starts_on
    successor = election.nominations.get()
    assert (successor.nominee, successor.status) == (people.member, "pending")
    assert people.convenor.notifications.filter(key=f"election:term-ending:{term.pk}").exists()


def test_a_consent_round_without_objection_elects_the_single_candidate(people, circle):
    election = open_election(circle, people.convenor)
    stand(election, people.member)
    start_voting(election)
    for membership in circle.memberships.current():
        services.cast_ballot(actor=membership.user, election=election, consent="support")
    end_voting(election)
    closed = services.close_election(actor=None, election=election)
    assert closed.outcome == "elected" and closed.winner == people.member
    assert closed.result["consent"] == {"support": 6, "abstain": 0, "object": 0}

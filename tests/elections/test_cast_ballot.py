"""Casting a secret ballot: once per member, inside the window, with a valid choice."""

from __future__ import annotations

import pytest

from convene.audit.models import AuditEvent
from convene.elections import services
from convene.elections.models import Ballot, Election, Receipt
from convene.elections.services import ElectionError
from tests.elections.conftest import end_voting, ids, stand


def candidates(election: Election) -> list[str]:
    return ids(election.nominations.accepted().order_by("nominee__full_name"))


def test_a_member_votes_and_gets_a_receipt_and_a_ballot(people, voting):
    ranking = candidates(voting)
    services.cast_ballot(actor=people.convenor, election=voting, choices=ranking)
    assert Receipt.objects.get().voter == people.convenor
    assert Ballot.objects.get().choices == ranking


def test_second_ballot_from_same_member_is_refused(people, voting):
    ranking = candidates(voting)
    services.cast_ballot(actor=people.convenor, election=voting, choices=ranking)
    with pytest.raises(ElectionError, match="already voted"):
        services.cast_ballot(actor=people.convenor, election=voting, choices=ranking[:1])
    assert (Ballot.objects.count(), Receipt.objects.count()) == (1, 1)


def test_voting_before_the_window_opens_is_refused(people, nominating):
    stand(nominating, people.member)
    with pytest.raises(ElectionError, match="Voting opens on"):
        services.cast_ballot(actor=people.convenor, election=nominating, consent="support")
    assert not Ballot.objects.exists()


def test_voting_after_the_window_closes_is_refused(people, voting):
    end_voting(voting)
    with pytest.raises(ElectionError, match="Voting has closed"):
        services.cast_ballot(actor=people.convenor, election=voting, choices=candidates(voting))
    assert not Ballot.objects.exists() and not Receipt.objects.exists()


def test_someone_outside_the_community_cannot_vote(people, voting):
    with pytest.raises(ElectionError, match="Only members"):
        services.cast_ballot(actor=people.outsider, election=voting, choices=candidates(voting))
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("make_choices", "message"),
    [
        (lambda c: [c[0], c[0]], "more than once"),
        (lambda c: [c[0], "00000000-0000-0000-0000-000000000000"], "not a candidate"),
        (lambda c: [], "Rank at least one"),
    ],
)
def test_a_bad_ranking_is_refused_and_changes_nothing(people, voting, make_choices, message):
    with pytest.raises(ElectionError, match=message):
        services.cast_ballot(
            actor=people.convenor, election=voting, choices=make_choices(candidates(voting))
        )
    assert not Ballot.objects.exists() and not Receipt.objects.exists()


def test_the_audit_says_that_a_member_voted_never_how(
    people, voting, django_capture_on_commit_callbacks
):
    ranking = candidates(voting)
    with django_capture_on_commit_callbacks(execute=True):
        services.cast_ballot(actor=people.convenor, election=voting, choices=ranking)
    event = AuditEvent.objects.get(action="election.voted")
    assert event.actor == people.convenor and event.details == {}
    assert not any(choice in str(event.details) for choice in ranking)


def test_a_single_candidate_gets_a_consent_round(people, circle, nominating):
    stand(nominating, people.member)
    from tests.elections.conftest import start_voting

    start_voting(nominating)
    with pytest.raises(ElectionError, match="reason"):
        services.cast_ballot(actor=people.convenor, election=nominating, consent="object")
    services.cast_ballot(
        actor=people.convenor, election=nominating, consent="object", reason="Too soon."
    )
    ballot = Ballot.objects.get()
    assert (ballot.consent, ballot.reason, ballot.choices) == ("object", "Too soon.", [])


def test_approval_ballots_are_stored_in_a_fixed_order(people, circle):
    from tests.elections.conftest import open_election, start_voting

    election = open_election(circle, people.convenor, method="approval")
    others = [m.user for m in circle.memberships.current().exclude(user=people.convenor)[:3]]
    stand(election, *others)
    start_voting(election)
    chosen = sorted(candidates(election), reverse=True)
    services.cast_ballot(actor=people.convenor, election=election, choices=chosen)
    assert Ballot.objects.get().choices == sorted(chosen)

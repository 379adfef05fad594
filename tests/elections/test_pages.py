"""The election pages as members, convenors, administrators and outsiders use them."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from convene.elections import services
from convene.elections.models import Ballot, Election, Nomination, Receipt
from tests.conftest import client_for
from tests.elections.conftest import (
    add_members,
    end_voting,
    ids,
    open_election,
    stand,
    start_voting,
)

# A year ahead, within the five years an election's dates may reach.
NEXT_YEAR = timezone.localdate().year + 1


def url(name: str, election: Election, *args: object) -> str:
    return reverse(f"elections:{name}", args=[election.community.slug, election.pk, *args])


def test_a_leader_opens_nominations_from_the_form(people, circle, as_convenor):
    response = as_convenor.post(
        reverse("elections:election_create", args=[circle.slug]),
        {
            "method": "ranked",
            "voting_opens_at": f"{NEXT_YEAR}-01-10T09:00",
            "voting_closes_at": f"{NEXT_YEAR}-01-20T17:00",
        },
    )
    election = Election.objects.get()
    assert response.status_code == 302 and response.url == election.get_absolute_url()
    page = as_convenor.get(election.get_absolute_url()).content.decode()
    assert "Nominations open" in page and election.seed_commitment in page
    assert election.seed not in page


def test_members_cannot_open_nominations(circle, as_member, as_outsider):
    for client in (as_member, as_outsider):
        assert (
            client.get(reverse("elections:election_create", args=[circle.slug])).status_code == 404
        )


def test_a_window_in_the_wrong_order_is_a_form_error(circle, as_convenor):
    response = as_convenor.post(
        reverse("elections:election_create", args=[circle.slug]),
        {
            "method": "ranked",
            "voting_opens_at": f"{NEXT_YEAR}-01-20T09:00",
            "voting_closes_at": f"{NEXT_YEAR}-01-10T17:00",
        },
    )
    assert response.status_code == 400
    assert "Voting must close after it opens" in response.content.decode()
    assert not Election.objects.exists()


def test_nominate_accept_vote_and_see_the_result(people, circle, nominating, as_member):
    as_convenor = client_for(people.convenor)
    response = as_convenor.post(
        url("nomination_create", nominating), {"nominee": people.member.handle}
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(nominee=people.member)
    as_member.post(
        url("nomination_respond", nominating, nomination.pk),
        {"response": "accept", "statement": "I would keep our gatherings practical."},
    )
    nomination.refresh_from_db()
    assert nomination.status == "accepted" and nomination.statement
    start_voting(nominating)
    form = as_member.get(url("ballot_cast", nominating)).content.decode()
    assert "consent" in form.lower()
    as_member.post(url("ballot_cast", nominating), {"consent": "support"})
    as_convenor.post(url("ballot_cast", nominating), {"consent": "support"})
    page = as_member.get(nominating.get_absolute_url()).content.decode()
    assert "You have voted" in page and "2</strong> members have voted" in page
    for membership in circle.memberships.current().exclude(
        user__in=[people.member, people.convenor]
    ):
        services.cast_ballot(actor=membership.user, election=nominating, consent="abstain")
    assert "result-heading" not in page
    end_voting(nominating)
    as_convenor.post(url("election_close", nominating))
    page = as_member.get(nominating.get_absolute_url()).content.decode()
    assert "Elected: Maya Member" in page and "How ties are broken" in page


def test_voting_twice_is_a_form_error_and_changes_nothing(people, voting, as_convenor):
    first = ids(voting.nominations.accepted())[0]
    as_convenor.post(url("ballot_cast", voting), {"rank_1": first})
    response = as_convenor.post(url("ballot_cast", voting), {"rank_1": first})
    assert response.status_code == 400
    assert "already voted" in response.content.decode()
    assert (Ballot.objects.count(), Receipt.objects.count()) == (1, 1)


def test_a_ranking_with_duplicates_is_a_form_error(people, voting, as_convenor):
    first = ids(voting.nominations.accepted())[0]
    response = as_convenor.post(url("ballot_cast", voting), {"rank_1": first, "rank_2": first})
    assert response.status_code == 400
    assert "more than once" in response.content.decode()
    assert not Ballot.objects.exists()


def test_voting_outside_the_window_is_a_form_error(people, nominating, as_convenor):
    stand(nominating, people.member)
    response = as_convenor.post(url("ballot_cast", nominating), {"consent": "support"})
    assert response.status_code == 400 and "Voting opens on" in response.content.decode()


def test_an_open_community_reader_who_is_not_a_member_cannot_vote(people, voting):
    client = client_for(people.outsider)
    first = ids(voting.nominations.accepted())[0]
    response = client.post(url("ballot_cast", voting), {"rank_1": first})
    assert response.status_code == 400 and "Only members" in response.content.decode()
    assert not Ballot.objects.exists()


def test_ballots_and_downloads_appear_only_after_the_close(people, voting, as_member):
    services.cast_ballot(
        actor=people.member, election=voting, choices=ids(voting.nominations.accepted())
    )
    for name, args in (("ballot_list", ()), ("ballot_download", ("csv",))):
        assert as_member.get(url(name, voting, *args)).status_code == 404
    end_voting(voting)
    services.close_election(actor=None, election=voting)
    assert as_member.get(url("ballot_list", voting)).status_code == 200
    data = json.loads(as_member.get(url("ballot_download", voting, "json")).content)
    assert len(data["ballots"]) == 1 and data["seed"] == voting.seed
    assert "voter" not in json.dumps(data) and people.member.handle not in json.dumps(data)
    csv = as_member.get(url("ballot_download", voting, "csv")).content.decode()
    assert csv.startswith("ballot,choice 1,choice 2")


@pytest.fixture
def private_election(people):
    election = open_election(people.private_community, people.convenor)
    stand(election, people.member)
    return election


def test_outsiders_get_404_on_every_election_page(people, private_election, as_outsider):
    election = private_election
    nomination = election.nominations.get()
    slug = election.community.slug
    gets = [
        reverse("elections:election_list", args=[slug]),
        reverse("elections:election_create", args=[slug]),
        reverse("elections:policy_edit", args=[slug]),
        url("election_detail", election),
        url("ballot_cast", election),
        url("ballot_list", election),
        url("ballot_download", election, "json"),
    ]
    posts = [
        url("nomination_create", election),
        url("nomination_respond", election, nomination.pk),
        url("ballot_cast", election),
        url("window_edit", election),
        url("election_close", election),
    ]
    for path in gets:
        assert as_outsider.get(path).status_code == 404, path
    for path in posts:
        assert as_outsider.post(path, {"consent": "support"}).status_code == 404, path
    assert not Ballot.objects.exists()


def test_the_community_page_shows_the_convenor_and_the_call_to_vote(people, voting, as_member):
    page = as_member.get(voting.community.get_absolute_url()).content.decode()
    assert "Voting for the next convenor is open" in page and "Cast your vote" in page
    assert reverse("elections:election_list", args=[voting.community.slug]) in page


def test_the_election_list_costs_the_same_queries_for_few_or_many(
    people, circle, as_member, django_assert_max_num_queries
):
    path = reverse("elections:election_list", args=[circle.slug])

    def closed_election() -> None:
        election = open_election(circle, people.convenor)
        stand(election, people.member)
        start_voting(election)
        for membership in circle.memberships.current():
            services.cast_ballot(actor=membership.user, election=election, consent="support")
        end_voting(election)
        assert services.close_election(actor=None, election=election).winner == people.member

    closed_election()
    as_member.get(path)  # the first view records the convenor's appointed term
    with django_assert_max_num_queries(25) as few:
        as_member.get(path)
    for _ in range(5):
        closed_election()
    with django_assert_max_num_queries(25) as many:
        as_member.get(path)
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_election_page_costs_the_same_queries_for_few_or_many(
    people, circle, voting, django_assert_max_num_queries
):
    client = client_for(people.convenor)
    client.get(voting.get_absolute_url())
    with django_assert_max_num_queries(25) as few:
        client.get(voting.get_absolute_url())
    more = add_members(circle, 20, prefix="Late")
    Election.objects.filter(pk=voting.pk).update(voting_opens_at=voting.voting_opens_at)
    for person in more[:10]:
        Nomination.objects.create(
            election=voting, nominee=person, nominated_by=person, status="accepted"
        )
    for person in more:
        services.cast_ballot(
            actor=person, election=voting, choices=ids(voting.nominations.accepted())[:3]
        )
    with django_assert_max_num_queries(25) as many:
        client.get(voting.get_absolute_url())
    assert len(few.captured_queries) == len(many.captured_queries)


def test_an_administrator_runs_a_private_communitys_election(people, private_election):
    client = client_for(people.admin)
    assert client.get(url("election_detail", private_election)).status_code == 200
    page = client.get(
        reverse("elections:election_list", args=[private_election.community.slug])
    ).content.decode()
    assert "Election settings" in page and "Nominations open" in page


def test_nominating_a_non_member_is_a_form_error(people, nominating, as_member):
    response = as_member.post(
        url("nomination_create", nominating), {"nominee": people.outsider.handle}
    )
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_leader_moves_the_voting_window_while_nominations_are_open(
    people, nominating, as_convenor
):
    now = timezone.localtime().replace(second=0, microsecond=0)
    opens, closes = now + datetime.timedelta(hours=30), now + datetime.timedelta(hours=40)
    response = as_convenor.post(
        url("window_edit", nominating),
        {
            "voting_opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "voting_closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    nominating.refresh_from_db()
    assert nominating.voting_closes_at == closes
    late = as_convenor.post(
        url("window_edit", nominating),
        {
            "voting_opens_at": f"{NEXT_YEAR}-02-01T09:00",
            "voting_closes_at": f"{NEXT_YEAR}-02-08T17:00",
        },
    )
    assert late.status_code == 400
    assert "Voting must close before the new term starts" in late.content.decode()


def test_the_window_is_fixed_once_voting_opens(people, voting, as_convenor):
    response = as_convenor.post(
        url("window_edit", voting),
        {
            "voting_opens_at": f"{NEXT_YEAR}-02-01T09:00",
            "voting_closes_at": f"{NEXT_YEAR}-02-08T17:00",
        },
    )
    assert response.status_code == 400 and "can no longer change" in response.content.decode()


def test_leaders_set_the_term_length_and_bad_values_are_form_errors(circle, as_convenor):
    path = reverse("elections:policy_edit", args=[circle.slug])
    bad = as_convenor.post(path, {"term_months": 60, "quorum_percent": 50, "reminder_days": 42})
    assert bad.status_code == 400 and "3 to 36 months" in bad.content.decode()
    good = as_convenor.post(path, {"term_months": 6, "quorum_percent": 40, "reminder_days": 30})
    assert good.status_code == 302
    assert circle.term_policy.term_months == 6


def test_an_empty_vote_is_a_form_error_not_a_fresh_form(people, voting):
    response = client_for(people.member).post(url("ballot_cast", voting), {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not Receipt.objects.exists()


def test_a_refused_vote_never_repeats_the_choice_sent(people, voting):
    response = client_for(people.member).post(
        url("ballot_cast", voting), {"rank_1": "secret-choice-x"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose from the candidates standing" in page and "secret-choice-x" not in page


def test_an_empty_opening_form_is_a_form_error(circle, as_convenor):
    response = as_convenor.post(reverse("elections:election_create", args=[circle.slug]), {})
    assert response.status_code == 400 and not Election.objects.exists()


def test_empty_election_settings_are_a_form_error(circle, as_convenor):
    response = as_convenor.post(reverse("elections:policy_edit", args=[circle.slug]), {})
    assert response.status_code == 400 and "This field is required" in response.content.decode()


def test_a_statement_for_someone_else_is_refused_not_dropped(people, circle, nominating):
    other = circle.memberships.current().filter(user__full_name="Circle 001").get().user
    response = client_for(people.member).post(
        url("nomination_create", nominating),
        {"nominee": other.handle, "statement": "They listen well."},
    )
    assert response.status_code == 400
    assert "can add one when they accept" in response.content.decode()
    assert not Nomination.objects.filter(nominee=other).exists()

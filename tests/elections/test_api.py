"""Elections over the API: the same rules, JSON errors, and nothing secret returned."""

from __future__ import annotations

import datetime

from django.utils import timezone

from convene.elections import services
from convene.elections.models import Ballot, Election, Receipt
from convene.elections.summaries import community_panel
from tests.elections.conftest import end_voting, ids, open_election, stand, start_voting


def test_a_full_cycle_over_the_api(people, circle, api_as):
    convenor, member = api_as(people.convenor), api_as(people.member)
    now = timezone.now()
    response = convenor.post(
        f"/api/v1/communities/{circle.slug}/elections",
        {
            "voting_opens_at": (now + datetime.timedelta(days=1)).isoformat(),
            "voting_closes_at": (now + datetime.timedelta(days=2)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    election_id = response.json()["id"]
    base = f"/api/v1/elections/{election_id}"
    nominated = convenor.post(
        f"{base}/nominations", {"nominee": people.member.handle}, content_type="application/json"
    )
    assert nominated.status_code == 201 and nominated.json()["status"] == "pending"
    answered = member.post(
        f"{base}/nominations/{nominated.json()['id']}/respond",
        {"accept": True, "statement": "Happy to serve."},
        content_type="application/json",
    )
    assert answered.json()["status"] == "accepted"
    election = start_voting(Election.objects.get(pk=election_id))
    assert member.get(f"{base}/result").status_code == 400
    assert member.get(f"{base}/ballots").json()["detail"].startswith("Results are published")
    for membership in circle.memberships.current():
        cast = api_as(membership.user).post(
            f"{base}/ballots", {"consent": "support"}, content_type="application/json"
        )
        assert cast.status_code == 201 and cast.json() == {
            "voted": True,
            "detail": "Your vote is cast.",
        }
    assert member.get(base).json()["turnout"] == 6
    assert member.get(base).json()["winner"] is None
    end_voting(election)
    closed = convenor.post(f"{base}/close")
    assert closed.status_code == 200 and closed.json()["outcome"] == "elected"
    result = member.get(f"{base}/result").json()
    assert result["winner"]["handle"] == people.member.handle and result["consent"]["support"] == 6
    ballots = member.get(f"{base}/ballots").json()["ballots"]
    assert [b["id"] for b in ballots] == sorted(b["id"] for b in ballots)


def test_bad_ballots_over_the_api_are_400_and_change_nothing(people, voting, api_as):
    client = api_as(people.convenor)
    base = f"/api/v1/elections/{voting.pk}"
    first = ids(voting.nominations.accepted())[0]
    duplicate = client.post(
        f"{base}/ballots", {"choices": [first, first]}, content_type="application/json"
    )
    assert duplicate.status_code == 400 and "more than once" in duplicate.json()["detail"]
    unknown = client.post(
        f"{base}/ballots",
        {"choices": ["00000000-0000-4000-8000-000000000000"]},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "not a candidate" in unknown.json()["detail"]
    assert not Ballot.objects.exists() and not Receipt.objects.exists()
    client.post(f"{base}/ballots", {"choices": [first]}, content_type="application/json")
    again = client.post(f"{base}/ballots", {"choices": [first]}, content_type="application/json")
    assert again.status_code == 400 and again.json()["detail"] == (
        "You have already voted in this election."
    )
    assert Ballot.objects.count() == 1


def test_nominating_a_non_member_over_the_api_is_refused(people, nominating, api_as):
    response = api_as(people.convenor).post(
        f"/api/v1/elections/{nominating.pk}/nominations",
        {"nominee": people.outsider.handle},
        content_type="application/json",
    )
    assert response.status_code == 400 and "not a member" in response.json()["detail"]


def test_outsiders_get_404_on_every_election_endpoint(people, api_as):
    election = open_election(people.private_community, people.convenor)
    [nomination] = stand(election, people.member)
    client = api_as(people.outsider)
    base = f"/api/v1/elections/{election.pk}"
    later = timezone.now() + datetime.timedelta(days=5)
    window = {
        "voting_opens_at": later.isoformat(),
        "voting_closes_at": (later + datetime.timedelta(days=1)).isoformat(),
    }
    for path in (
        f"/api/v1/communities/{people.private_community.slug}/elections",
        base,
        f"{base}/nominations",
        f"{base}/result",
        f"{base}/ballots",
    ):
        assert client.get(path).status_code == 404, path
    for path, body in (
        (f"/api/v1/communities/{people.private_community.slug}/elections", window),
        (f"{base}/nominations", {"nominee": people.outsider.handle}),
        (f"{base}/nominations/{nomination.pk}/respond", {"accept": True}),
        (f"{base}/ballots", {"consent": "support"}),
        (f"{base}/close", {}),
    ):
        assert client.post(path, body, content_type="application/json").status_code == 404, path
    start_voting(election)
    assert (
        client.post(
            f"{base}/ballots", {"consent": "support"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert not Ballot.objects.exists()


def test_the_community_panel_costs_three_queries(people, voting, django_assert_num_queries):
    community = voting.community
    with django_assert_num_queries(3):  # the election, the term, and the convenor without one
        panel = community_panel(community, people.member, readable=True)
    assert panel["election_panel"]["election"] == voting
    assert community_panel(voting.community, people.outsider, readable=False) == {}


def test_no_endpoint_returns_who_cast_which_ballot(people, voting, api_as):
    services.cast_ballot(
        actor=people.member, election=voting, choices=ids(voting.nominations.accepted())
    )
    schema = api_as(people.member).get("/api/v1/openapi.json").json()
    election_paths = [p for p in schema["paths"] if "/elections" in p]
    assert all("receipt" not in p for p in election_paths)
    ballot_ops = schema["paths"]["/api/v1/elections/{election_id}/ballots"]
    assert set(ballot_ops) == {"get", "post"}

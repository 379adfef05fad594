"""Members hear of an election in the background; leaders hear when a winner cannot take office."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Membership
from convene.elections import services
from convene.elections.models import Election, Term
from convene.notifications.models import Notification
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


def test_opening_and_closing_notify_every_member_once_in_the_background(
    people, circle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        election = open_election(circle, people.convenor)
    opened = Notification.objects.filter(key=f"election:{election.pk}:opened")
    assert sorted(opened.values_list("recipient__full_name", flat=True)) == sorted(
        m.full_name for m in services.members(circle) if m != people.convenor
    )
    services.tell_members_about_election(str(election.pk), people.convenor.pk, "opened", "x")
    assert opened.count() == 5


def _community_of(size: int, name: str):
    convenor = make_person(f"{name} Convenor")
    community = make_community(name, convenor=convenor)
    voters = add_members(community, size - 1)
    return community, convenor, voters


def _opening_queries(size: int, name: str, django_assert_max_num_queries) -> int:
    community, convenor, _ = _community_of(size, name)
    client = client_for(convenor)
    year = timezone.localdate().year + 1
    with django_assert_max_num_queries(40) as opening:
        response = client.post(
            reverse("elections:election_create", args=[community.slug]),
            {
                "method": "ranked",
                "voting_opens_at": f"{year}-01-10T09:00",
                "voting_closes_at": f"{year}-01-20T17:00",
            },
        )
    assert response.status_code == 302
    return len(opening.captured_queries)


def _closing_queries(size: int, name: str, admin, django_assert_max_num_queries) -> int:
    community, convenor, voters = _community_of(size, name)
    election = open_election(community, convenor)
    stand(election, voters[0], voters[1])
    start_voting(election)
    for voter in [convenor, *voters]:
        services.cast_ballot(
            actor=voter, election=election, choices=ids(election.nominations.accepted())
        )
    end_voting(election)
    client = client_for(admin)
    client.get(election.get_absolute_url())  # the session and the convenor's term, beforehand
    path = reverse("elections:election_close", args=[community.slug, election.pk])
    with django_assert_max_num_queries(40) as closing:
        client.post(path)
    assert Election.objects.get(pk=election.pk).is_closed
    return len(closing.captured_queries)


def test_opening_costs_the_same_queries_for_3_or_30_members(people, django_assert_max_num_queries):
    few = _opening_queries(3, "Few Circle", django_assert_max_num_queries)
    many = _opening_queries(30, "Many Circle", django_assert_max_num_queries)
    assert few == many


def test_closing_costs_the_same_queries_for_3_or_30_members(people, django_assert_max_num_queries):
    few = _closing_queries(3, "Few Circle", people.admin, django_assert_max_num_queries)
    many = _closing_queries(30, "Many Circle", people.admin, django_assert_max_num_queries)
    assert few == many


def _elect_someone_who_then_leaves(people, circle, voting) -> Term:
    maya = str(voting.nominations.get(nominee=people.member).pk)
    for member in services.members(circle):
        services.cast_ballot(actor=member, election=voting, choices=[maya])
    end_voting(voting)
    Election.objects.filter(pk=voting.pk).update(term_starts_on=timezone.localdate())
    Membership.objects.filter(community=circle, user=people.member).update(left_at=timezone.now())
    voting.refresh_from_db()
    closed = services.close_election(actor=None, election=voting)
    assert closed.winner == people.member
    return Term.objects.get(election=closed)


def test_a_refused_handover_tells_the_leaders_and_administrators_once(people, circle, voting):
    term = _elect_someone_who_then_leaves(people, circle, voting)
    assert term.took_office_at is None
    services.run_due()
    services.run_due()
    told = Notification.objects.filter(key=f"election:handover-refused:{term.pk}")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        [people.convenor.pk, people.admin.pk]
    )
    assert all("open a new election" in notification.message for notification in told)


def test_the_election_page_says_the_winner_cannot_take_office_and_what_to_do(
    people, circle, voting
):
    _elect_someone_who_then_leaves(people, circle, voting)
    page = client_for(people.convenor).get(voting.get_absolute_url()).content.decode()
    assert "Maya Member cannot take office" in page
    assert "Open a new election" in page

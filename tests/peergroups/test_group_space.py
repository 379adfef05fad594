"""A published group's private space: talking and settling when to meet."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from convene.peergroups import services
from convene.peergroups.models import Availability, GroupMessage, MeetingProposal
from convene.peergroups.services import PeerGroupError
from tests.conftest import client_for
from tests.peergroups.conftest import group_of

SOON = "2030-03-04T10:00"


def test_members_talk_in_their_group(people, published, as_member):
    group = group_of(published, people.member)
    url = reverse("peergroups:group_message", args=[group.pk])
    response = as_member.post(url, {"body": "When shall we **meet**?"})
    assert response.status_code == 302
    message = GroupMessage.objects.get()
    assert message.author == people.member and "<strong>meet</strong>" in message.body_html
    page = as_member.get(group.get_absolute_url()).content.decode()
    assert "<strong>meet</strong>" in page


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001, "nul\x00byte"])
def test_bad_messages_are_refused_and_nothing_is_written(people, published, as_member, body):
    group = group_of(published, people.member)
    response = as_member.post(reverse("peergroups:group_message", args=[group.pk]), {"body": body})
    assert response.status_code == 400
    assert not GroupMessage.objects.exists()


def test_a_member_suggests_a_time_and_the_others_answer_and_confirm(people, published):
    group = group_of(published, people.member)
    peer = group.memberships.exclude(user=people.member)[0].user
    as_member, as_peer = client_for(people.member), client_for(peer)
    data = {"starts_at": SOON, "minutes": 60, "place": "Room 4"}
    assert (
        as_member.post(reverse("peergroups:meeting_propose", args=[group.pk]), data).status_code
        == 302
    )
    proposal = MeetingProposal.objects.get()
    assert proposal.availabilities.get().user == people.member
    as_peer.post(reverse("peergroups:meeting_answer", args=[proposal.pk]), {"answer": "maybe"})
    as_peer.post(reverse("peergroups:meeting_answer", args=[proposal.pk]), {"answer": "yes"})
    assert Availability.objects.get(proposal=proposal, user=peer).answer == "yes"
    as_peer.post(reverse("peergroups:meeting_confirm", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.is_confirmed
    with pytest.raises(PeerGroupError, match="already confirmed"):
        services.confirm_meeting(actor=people.member, proposal=proposal)
    page = as_member.get(group.get_absolute_url()).content.decode()
    assert "Confirmed" in page and "Room 4" in page


def test_a_time_in_the_past_is_refused(people, published, as_member):
    group = group_of(published, people.member)
    data = {"starts_at": "2001-01-01T10:00", "minutes": 60}
    response = as_member.post(reverse("peergroups:meeting_propose", args=[group.pk]), data)
    assert (
        response.status_code == 400 and "Suggest a time in the future." in response.content.decode()
    )
    assert not MeetingProposal.objects.exists()


def test_people_outside_the_group_cannot_see_or_answer_its_times(people, published):
    group = group_of(published, people.member)
    proposal = services.propose_meeting(
        actor=people.member,
        group=group,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        minutes=45,
        place="",
    )
    for person in (people.outsider, people.admin):
        client = client_for(person)
        url = reverse("peergroups:meeting_answer", args=[proposal.pk])
        assert client.post(url, {"answer": "yes"}).status_code == 404
        url = reverse("peergroups:meeting_confirm", args=[proposal.pk])
        assert client.post(url).status_code == 404
    assert proposal.availabilities.count() == 1 and not MeetingProposal.objects.get().is_confirmed


def test_group_page_costs_the_same_queries_with_few_or_many_messages(
    people, published, as_member, django_assert_max_num_queries
):
    group = group_of(published, people.member)

    def add(count: int) -> None:
        for i in range(count):
            services.post_message(actor=people.member, group=group, body=f"Message {i}")
        services.propose_meeting(
            actor=people.member,
            group=group,
            minutes=60,
            place="",
            starts_at=timezone.now() + datetime.timedelta(days=i + 1),
        )

    add(1)
    with django_assert_max_num_queries(25) as few:
        as_member.get(group.get_absolute_url())
    add(20)
    with django_assert_max_num_queries(25) as many:
        as_member.get(group.get_absolute_url())
    assert len(few.captured_queries) == len(many.captured_queries)

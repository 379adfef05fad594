"""Joining, leaving, requests, invitations and roles through the community pages."""

from __future__ import annotations

import pytest

from convene.audit.models import AuditEvent
from convene.communities.models import Invitation, JoinRequest, Membership
from tests.conftest import client_for
from tests.factories import make_person


def current(community, person):
    return Membership.objects.current().filter(community=community, user=person)


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_joining_an_open_community_makes_you_a_member(people, as_outsider):
    response = as_outsider.post("/communities/open-circle/join/", follow=True)
    assert current(people.open_community, people.outsider).get().role == "member"
    assert "Welcome to Open Circle" in messages_of(response)
    assert AuditEvent.objects.filter(action="community.joined", actor=people.outsider).exists()


def test_joining_twice_is_refused_with_a_message(people, as_member):
    response = as_member.post("/communities/open-circle/join/", follow=True)
    assert "already a member" in messages_of(response)
    assert current(people.open_community, people.member).count() == 1


def test_joining_needs_a_post(people, as_outsider):
    assert as_outsider.get("/communities/open-circle/join/").status_code == 405
    assert not current(people.open_community, people.outsider).exists()


def test_leaving_keeps_the_history(people, as_member):
    as_member.post("/communities/open-circle/leave/")
    spell = Membership.objects.get(community=people.open_community, user=people.member)
    assert spell.left_at is not None
    assert spell.end_reason == "left"


def test_rejoining_starts_a_new_spell(people, as_member):
    as_member.post("/communities/open-circle/leave/")
    as_member.post("/communities/open-circle/join/")
    spells = Membership.objects.filter(community=people.open_community, user=people.member)
    assert spells.count() == 2
    assert current(people.open_community, people.member).count() == 1


def test_the_last_convenor_cannot_leave(people, as_convenor):
    response = as_convenor.post("/communities/open-circle/leave/", follow=True)
    assert "last convenor" in messages_of(response)
    assert current(people.open_community, people.convenor).get().role == "convenor"


def test_the_last_convenor_cannot_be_demoted(people, as_convenor):
    url = f"/communities/open-circle/members/{people.convenor.handle}/role/"
    response = as_convenor.post(url, {"role": "member"}, follow=True)
    assert "at least one convenor" in messages_of(response)
    assert current(people.open_community, people.convenor).get().role == "convenor"


def test_an_administrator_cannot_remove_the_last_convenor(people, as_admin):
    url = f"/communities/open-circle/members/{people.convenor.handle}/remove/"
    response = as_admin.post(url, follow=True)
    assert "at least one convenor" in messages_of(response)
    assert current(people.open_community, people.convenor).exists()


def test_a_convenor_can_hand_over_and_then_leave(people, as_convenor):
    url = f"/communities/open-circle/members/{people.member.handle}/role/"
    as_convenor.post(url, {"role": "convenor"})
    as_convenor.post("/communities/open-circle/leave/")
    assert current(people.open_community, people.member).get().role == "convenor"
    assert not current(people.open_community, people.convenor).exists()
    ended = Membership.objects.get(
        community=people.open_community, user=people.member, role="member"
    )
    assert ended.end_reason == "role_changed"


def test_an_unknown_role_is_refused_with_a_message(people, as_convenor):
    url = f"/communities/open-circle/members/{people.member.handle}/role/"
    response = as_convenor.post(url, {"role": "emperor"}, follow=True)
    assert "Select a valid choice" in messages_of(response)
    assert current(people.open_community, people.member).get().role == "member"


def test_a_member_cannot_change_roles(people, as_member):
    url = f"/communities/open-circle/members/{people.member.handle}/role/"
    response = as_member.post(url, {"role": "convenor"}, follow=True)
    assert "Only a convenor or an administrator" in messages_of(response)
    assert current(people.open_community, people.member).get().role == "member"


def test_removing_someone_who_is_not_a_member_is_404(people, as_convenor):
    url = f"/communities/open-circle/members/{people.outsider.handle}/remove/"
    assert as_convenor.post(url).status_code == 404


def test_joining_a_private_community_directly_is_refused(people):
    newcomer = make_person("Nia Newcomer")
    people.private_community.invitations.create(invitee=newcomer, invited_by=people.convenor)
    response = client_for(newcomer).post("/communities/quiet-room/join/", follow=True)
    assert "private" in messages_of(response)
    assert not current(people.private_community, newcomer).exists()


def test_request_to_join_through_the_join_link_reaches_the_convenors(people, as_outsider):
    link = f"/communities/join/{people.private_community.join_link_token}/"
    assert as_outsider.get(link).status_code == 200
    as_outsider.post(link, {"message": "I lead a new team."})
    pending = as_convenor_requests(people)
    assert "Olu Outsider" in pending and "I lead a new team." in pending


def as_convenor_requests(people) -> str:
    return client_for(people.convenor).get("/communities/quiet-room/requests/").content.decode()


def test_asking_twice_is_refused(people, as_outsider):
    link = f"/communities/join/{people.private_community.join_link_token}/"
    as_outsider.post(link, {"message": ""})
    response = as_outsider.post(link, {"message": ""})
    assert "already asked" in messages_of(response)
    assert JoinRequest.objects.filter(user=people.outsider).count() == 1


def test_an_over_long_request_message_is_a_form_error(people, as_outsider):
    link = f"/communities/join/{people.private_community.join_link_token}/"
    response = as_outsider.post(link, {"message": "x" * 1001})
    assert response.status_code == 200
    assert "at most 1000 characters" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_a_wrong_or_renewed_join_link_is_404(people, as_outsider, as_convenor):
    old = f"/communities/join/{people.private_community.join_link_token}/"
    assert as_outsider.get("/communities/join/guess/").status_code == 404
    as_convenor.post("/communities/quiet-room/join-link/")
    assert as_outsider.get(old).status_code == 404


def test_approving_a_request_makes_a_member(people, as_outsider, as_convenor):
    link = f"/communities/join/{people.private_community.join_link_token}/"
    as_outsider.post(link, {"message": ""})
    join_request = JoinRequest.objects.get(user=people.outsider)
    url = f"/communities/quiet-room/requests/{join_request.id}/"
    as_convenor.post(url, {"decision": "approve"})
    assert current(people.private_community, people.outsider).exists()
    response = as_convenor.post(url, {"decision": "decline"}, follow=True)
    assert "already been approved" in messages_of(response)


def test_a_bad_decision_is_a_message_not_a_change(people, as_outsider, as_convenor):
    link = f"/communities/join/{people.private_community.join_link_token}/"
    as_outsider.post(link, {"message": ""})
    join_request = JoinRequest.objects.get(user=people.outsider)
    url = f"/communities/quiet-room/requests/{join_request.id}/"
    response = as_convenor.post(url, {"decision": "maybe"}, follow=True)
    assert "Select a valid choice" in messages_of(response)
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def test_a_request_id_from_another_community_is_404(people, as_outsider, as_convenor):
    link = f"/communities/join/{people.private_community.join_link_token}/"
    as_outsider.post(link, {"message": ""})
    join_request = JoinRequest.objects.get(user=people.outsider)
    url = f"/communities/open-circle/requests/{join_request.id}/"
    assert as_convenor.post(url, {"decision": "approve"}).status_code == 404
    assert as_convenor.post("/communities/quiet-room/requests/not-a-uuid/").status_code == 404


def test_an_invitation_can_be_accepted_from_the_home_page(people, as_convenor, as_outsider):
    as_convenor.post("/communities/quiet-room/invitations/", {"invitee": people.outsider.handle})
    home = as_outsider.get("/").content.decode()
    assert "Quiet Room" in home
    invitation = Invitation.objects.get(invitee=people.outsider)
    as_outsider.post(f"/communities/invitations/{invitation.id}/", {"response": "accept"})
    assert current(people.private_community, people.outsider).exists()
    assert as_outsider.get("/communities/quiet-room/").status_code == 200


def test_inviting_a_member_or_nobody_is_a_message(people, as_convenor):
    url = "/communities/quiet-room/invitations/"
    response = as_convenor.post(url, {"invitee": people.member.handle}, follow=True)
    assert "Select a valid choice" in messages_of(response)
    response = as_convenor.post(url, {"invitee": ""}, follow=True)
    assert "required" in messages_of(response)
    assert not Invitation.objects.exists()


def test_someone_elses_invitation_is_404(people, as_convenor, as_member):
    as_convenor.post("/communities/quiet-room/invitations/", {"invitee": people.outsider.handle})
    invitation = Invitation.objects.get(invitee=people.outsider)
    response = as_member.post(f"/communities/invitations/{invitation.id}/", {"response": "accept"})
    assert response.status_code == 404


@pytest.mark.parametrize("response_value", ["", "perhaps"])
def test_a_bad_invitation_response_changes_nothing(
    people, as_convenor, as_outsider, response_value
):
    as_convenor.post("/communities/quiet-room/invitations/", {"invitee": people.outsider.handle})
    invitation = Invitation.objects.get(invitee=people.outsider)
    as_outsider.post(f"/communities/invitations/{invitation.id}/", {"response": response_value})
    invitation.refresh_from_db()
    assert invitation.status == "pending"

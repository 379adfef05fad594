"""Communities through the API: seeing them, joining, leaving, requests and invitations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.communities.models import Invitation, JoinRequest, Membership
from tests.factories import make_community, make_person

NUL = "a\u0000b"


def post(client, path: str, body: dict | None = None):
    return client.post(f"/api/v1{path}", body or {}, content_type="application/json")


def current(community, person):
    return Membership.objects.current().filter(community=community, user=person)


def slugs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {community["slug"] for community in response.json()["items"]}


def join_link(community) -> str:
    return f"/join-links/{community.join_link_token}/requests"


def ask_to_join(people, api_as) -> JoinRequest:
    post(api_as(people.outsider), join_link(people.private_community), {"message": "Hello"})
    return JoinRequest.objects.get(user=people.outsider)


def decide(client, join_request, decision: str = "approve"):
    path = f"/communities/quiet-room/join-requests/{join_request.pk}/decision"
    return post(client, path, {"decision": decision})


def invite(client, invitee):
    return post(client, "/communities/quiet-room/invitations", {"invitee": invitee.handle})


# Seeing communities


def test_the_list_shows_open_communities_and_your_private_ones(people, api_as):
    assert slugs(api_as(people.member).get("/api/v1/communities")) == {"open-circle", "quiet-room"}
    assert slugs(api_as(people.outsider).get("/api/v1/communities")) == {"open-circle"}


def test_a_listed_community_shows_its_convenors_and_current_members(people, api_as):
    listed = api_as(people.member).get("/api/v1/communities").json()["items"]
    quiet_room = next(c for c in listed if c["slug"] == "quiet-room")
    assert [convenor["handle"] for convenor in quiet_room["convenors"]] == [people.convenor.handle]
    assert quiet_room["member_count"] == 2
    assert quiet_room["is_member"] is True


@pytest.mark.parametrize("suffix", ["", "/members", "/join-requests"])
def test_a_private_community_is_to_an_outsider_exactly_like_a_missing_one(people, api_as, suffix):
    client = api_as(people.outsider)
    hidden = client.get(f"/api/v1/communities/quiet-room{suffix}")
    missing = client.get(f"/api/v1/communities/no-such-room{suffix}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert hidden.json() == {"detail": "Not Found"}


def test_members_of_a_private_community_can_read_its_member_list(people, api_as):
    response = api_as(people.member).get("/api/v1/communities/quiet-room/members")
    roles = {row["person"]["handle"]: row["role"] for row in response.json()["items"]}
    assert roles == {people.convenor.handle: "convenor", people.member.handle: "member"}


# Joining and leaving


def test_joining_an_open_community_makes_you_a_member(people, api_as):
    response = post(api_as(people.outsider), "/communities/open-circle/join")
    assert response.status_code == 201
    assert response.json()["person"]["handle"] == people.outsider.handle
    assert current(people.open_community, people.outsider).get().role == "member"


def test_joining_twice_is_refused_and_leaves_one_membership(people, api_as):
    response = post(api_as(people.member), "/communities/open-circle/join")
    assert response.status_code == 400
    assert "already a member" in response.json()["detail"]
    assert current(people.open_community, people.member).count() == 1


def test_a_private_community_cannot_be_joined_directly(people, api_as):
    # The sponsor can see the private community without belonging to it.
    response = post(api_as(people.sponsor), "/communities/quiet-room/join")
    assert response.status_code == 400
    assert "private" in response.json()["detail"]
    assert not current(people.private_community, people.sponsor).exists()


def test_leaving_ends_your_membership(people, api_as):
    response = post(api_as(people.member), "/communities/open-circle/leave")
    assert response.status_code == 204
    assert not current(people.open_community, people.member).exists()


def test_the_last_convenor_cannot_leave(people, api_as):
    response = post(api_as(people.convenor), "/communities/open-circle/leave")
    assert response.status_code == 400
    assert "last convenor" in response.json()["detail"]
    assert current(people.open_community, people.convenor).get().role == "convenor"


# Requests to join through a private community's join link


def test_the_join_link_lets_you_ask_to_join(people, api_as):
    response = post(api_as(people.outsider), join_link(people.private_community), {"message": "Hi"})
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert JoinRequest.objects.get(user=people.outsider).message == "Hi"


def test_asking_twice_is_refused(people, api_as):
    ask_to_join(people, api_as)
    response = post(api_as(people.outsider), join_link(people.private_community))
    assert response.status_code == 400
    assert "already asked" in response.json()["detail"]
    assert JoinRequest.objects.filter(user=people.outsider).count() == 1


def test_a_wrong_join_link_is_a_404(people, api_as):
    response = post(api_as(people.outsider), "/join-links/not-the-token/requests")
    assert response.status_code == 404
    assert not JoinRequest.objects.exists()


def test_the_convenor_lists_pending_requests(people, api_as):
    join_request = ask_to_join(people, api_as)
    response = api_as(people.convenor).get("/api/v1/communities/quiet-room/join-requests")
    assert [row["id"] for row in response.json()["items"]] == [str(join_request.pk)]


def test_a_member_who_does_not_lead_cannot_list_requests(people, api_as):
    ask_to_join(people, api_as)
    response = api_as(people.member).get("/api/v1/communities/quiet-room/join-requests")
    assert response.status_code == 404


def test_approving_a_request_makes_the_person_a_member(people, api_as):
    response = decide(api_as(people.convenor), ask_to_join(people, api_as))
    assert response.json()["status"] == "approved"
    assert current(people.private_community, people.outsider).exists()


def test_declining_a_request_leaves_the_person_outside(people, api_as):
    response = decide(api_as(people.convenor), ask_to_join(people, api_as), "decline")
    assert response.json()["status"] == "declined"
    assert not current(people.private_community, people.outsider).exists()


def test_deciding_twice_is_refused(people, api_as):
    join_request = ask_to_join(people, api_as)
    decide(api_as(people.convenor), join_request)
    response = decide(api_as(people.convenor), join_request, "decline")
    assert response.status_code == 400
    assert "already been approved" in response.json()["detail"]
    assert current(people.private_community, people.outsider).count() == 1


def test_a_member_who_does_not_lead_cannot_decide(people, api_as):
    join_request = ask_to_join(people, api_as)
    response = decide(api_as(people.member), join_request)
    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def test_a_request_to_another_community_cannot_be_decided_through_yours(people, api_as):
    join_request = ask_to_join(people, api_as)
    make_community("Side Room", convenor=people.member)
    path = f"/communities/side-room/join-requests/{join_request.pk}/decision"
    response = post(api_as(people.member), path, {"decision": "approve"})
    assert response.status_code == 404
    assert JoinRequest.objects.get(pk=join_request.pk).status == "pending"


def test_a_decision_must_be_approve_or_decline(people, api_as):
    response = decide(api_as(people.convenor), ask_to_join(people, api_as), "maybe")
    assert response.status_code == 422
    assert response.json()["detail"]
    assert JoinRequest.objects.get(user=people.outsider).status == "pending"


# Invitations


def test_a_convenor_invites_a_person_by_handle(people, api_as):
    response = invite(api_as(people.convenor), people.outsider)
    assert response.status_code == 201
    assert response.json()["community"] == "quiet-room"
    assert Invitation.objects.get(invitee=people.outsider).status == "pending"


def test_inviting_twice_is_refused(people, api_as):
    invite(api_as(people.convenor), people.outsider)
    response = invite(api_as(people.convenor), people.outsider)
    assert response.status_code == 400
    assert "already has an invitation" in response.json()["detail"]
    assert Invitation.objects.filter(invitee=people.outsider).count() == 1


def test_inviting_a_current_member_is_refused(people, api_as):
    response = invite(api_as(people.convenor), people.member)
    assert response.status_code == 400
    assert "already a member" in response.json()["detail"]
    assert not Invitation.objects.exists()


def test_a_member_who_does_not_lead_cannot_invite(people, api_as):
    response = invite(api_as(people.member), people.outsider)
    assert response.status_code == 400
    assert "convenors" in response.json()["detail"]
    assert not Invitation.objects.exists()


def test_an_outsider_cannot_invite_into_a_private_community(people, api_as):
    assert invite(api_as(people.outsider), people.executive).status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_an_unknown_handle_is_a_404(people, api_as):
    client = api_as(people.convenor)
    response = post(client, "/communities/quiet-room/invitations", {"invitee": "nobody-here"})
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_the_invitee_sees_the_invitation_and_accepts_it(people, api_as):
    invite(api_as(people.convenor), people.outsider)
    client = api_as(people.outsider)
    [invitation] = client.get("/api/v1/me/invitations").json()
    response = post(client, f"/invitations/{invitation['id']}/response", {"response": "accept"})
    assert response.json()["status"] == "accepted"
    assert current(people.private_community, people.outsider).exists()
    assert client.get("/api/v1/me/invitations").json() == []


def test_someone_else_cannot_respond_to_an_invitation(people, api_as):
    invite(api_as(people.convenor), people.outsider)
    invitation = Invitation.objects.get(invitee=people.outsider)
    path = f"/invitations/{invitation.pk}/response"
    response = post(api_as(people.executive), path, {"response": "accept"})
    assert response.status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"
    assert not current(people.private_community, people.executive).exists()


# Malformed and over-long bodies


def test_a_malformed_json_body_is_a_400(people, api_as):
    response = api_as(people.convenor).post(
        "/api/v1/communities/quiet-room/invitations", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(("length", "status"), [(1000, 201), (1001, 422)])
def test_a_message_may_have_at_most_1000_characters(people, api_as, length, status):
    body = {"invitee": people.outsider.handle, "message": "x" * length}
    response = post(api_as(people.convenor), "/communities/quiet-room/invitations", body)
    assert response.status_code == status
    assert Invitation.objects.exists() == (status == 201)


def test_a_join_request_message_over_1000_characters_is_refused(people, api_as):
    body = {"message": "x" * 1001}
    response = post(api_as(people.outsider), join_link(people.private_community), body)
    assert response.status_code == 422
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize(
    ("persona", "path", "body"),
    [
        ("outsider", "/communities?q=a%00b", None),
        ("outsider", "/communities/a%00b/members", None),
        ("outsider", "/join-links/a%00b/requests", {}),
        ("outsider", "/join-links/{token}/requests", {"message": NUL}),
        ("convenor", "/communities/quiet-room/invitations", {"invitee": NUL}),
        (
            "convenor",
            "/communities/quiet-room/invitations",
            {"invitee": "olu-outsider", "message": NUL},
        ),
    ],
)
def test_a_nul_character_in_any_input_is_refused_not_a_server_error(
    people, api_as, persona, path, body
):
    client = api_as(getattr(people, persona))
    path = path.format(token=people.private_community.join_link_token)
    response = client.get(f"/api/v1{path}") if body is None else post(client, path, body)
    assert response.status_code in {404, 422}
    assert response.json()["detail"]


# Query counts


def test_the_list_takes_as_many_queries_for_40_communities_as_for_2(db, client):
    viewer = make_person()

    def add_communities(count: int) -> None:
        for number in range(count):
            make_community(
                private=number % 2 == 0,
                convenor=make_person(),
                sponsor=make_person(),
                members=[viewer],
            )

    # Signed in by session, so the once-a-minute token bookkeeping cannot skew the count.
    client.force_login(viewer)
    add_communities(2)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/api/v1/communities").json()["items"]) == 2
    add_communities(38)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/communities").json()["items"]) == 40
    assert len(many) == len(few)

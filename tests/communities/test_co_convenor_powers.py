"""Co-convenors manage membership; only convenors and administrators govern the leaders."""

from __future__ import annotations

import pytest

from convene.communities.models import Community, Membership
from tests.conftest import client_for
from tests.factories import make_person


@pytest.fixture
def co_convenor(people):
    person = make_person("Cora Co")
    Membership.objects.create(community=people.private_community, user=person, role="co_convenor")
    return client_for(person)


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_a_co_convenor_removes_a_member(people, co_convenor):
    co_convenor.post(f"/communities/quiet-room/members/{people.member.handle}/remove/")
    assert not people.private_community.memberships.current().filter(user=people.member).exists()


def test_a_co_convenor_cannot_remove_a_convenor(people, co_convenor):
    second = make_person("Second Convenor")
    Membership.objects.create(community=people.private_community, user=second, role="convenor")
    response = co_convenor.post(
        f"/communities/quiet-room/members/{second.handle}/remove/", follow=True
    )
    assert "Only a convenor or an administrator" in messages_of(response)
    assert people.private_community.memberships.current().filter(user=second).exists()


def test_a_co_convenor_cannot_open_a_private_community(people, co_convenor):
    response = co_convenor.post(
        "/communities/quiet-room/edit/", {"purpose": "Changed.", "visibility": "open"}
    )
    assert response.status_code == 200
    assert "Only a convenor or an administrator" in response.content.decode()
    people.private_community.refresh_from_db()
    assert people.private_community.visibility == Community.Visibility.PRIVATE


def test_a_co_convenor_may_still_edit_the_purpose(people, co_convenor):
    co_convenor.post(
        "/communities/quiet-room/edit/", {"purpose": "Changed.", "visibility": "private"}
    )
    people.private_community.refresh_from_db()
    assert people.private_community.purpose == "Changed."


def test_joining_another_way_settles_a_pending_invitation(people, as_convenor, as_outsider):
    as_convenor.post("/communities/open-circle/invitations/", {"invitee": people.outsider.handle})
    as_outsider.post("/communities/open-circle/join/")
    invitation = people.open_community.invitations.get(invitee=people.outsider)
    assert invitation.status == "accepted"
    assert "Open Circle" not in as_outsider.get("/").context["invitations"].__repr__()


def test_communities_are_not_added_or_deleted_in_the_technical_admin(people):
    staff = make_person("Stan Staff", is_staff=True, is_superuser=True)
    client = client_for(staff)
    assert client.get("/admin/communities/community/add/").status_code == 403
    url = f"/admin/communities/community/{people.open_community.pk}/delete/"
    assert client.get(url).status_code == 403

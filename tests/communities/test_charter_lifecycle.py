"""Leaders draft, propose and adopt; members comment and endorse; the rules hold at each step."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.communities import services
from convene.communities.models import CharterEndorsement, CharterVersion, Membership
from convene.communities.services import CommunityError
from convene.notifications.models import Notification
from tests.communities.charter_data import adopted, draft, proposed
from tests.conftest import client_for
from tests.factories import make_community, make_person

FORM = "/communities/open-circle/charter/new/"

Status = CharterVersion.Status


def test_a_member_without_a_role_cannot_draft(people):
    with pytest.raises(CommunityError, match="convenors or an administrator"):
        draft(people.open_community, people.member)
    assert not CharterVersion.objects.exists()


def test_a_member_cannot_reach_the_draft_form(people, as_member):
    assert as_member.get("/communities/open-circle/charter/new/").status_code == 404
    response = as_member.post("/communities/open-circle/charter/new/", {"purpose": "Mine."})
    assert response.status_code == 404
    assert not CharterVersion.objects.exists()


def test_a_co_convenor_and_an_administrator_can_draft(people):
    co_convenor = make_person()
    Membership.objects.create(
        community=people.open_community, user=co_convenor, role=Membership.Role.CO_CONVENOR
    )
    assert draft(people.open_community, co_convenor).number == 1
    assert draft(people.open_community, people.admin).number == 2


def test_a_member_cannot_propose_or_adopt(people):
    version = draft(people.open_community, people.convenor)
    with pytest.raises(CommunityError):
        services.propose_charter_version(actor=people.member, version=version)
    services.propose_charter_version(actor=people.convenor, version=version)
    with pytest.raises(CommunityError):
        services.adopt_charter_version(actor=people.member, version=version)
    version.refresh_from_db()
    assert version.status == Status.PROPOSED


def test_only_a_proposed_version_can_be_adopted(people):
    version = draft(people.open_community, people.convenor)
    with pytest.raises(CommunityError, match="only a proposed version can be adopted"):
        services.adopt_charter_version(actor=people.convenor, version=version)
    current = adopted(people.open_community, people.convenor)
    with pytest.raises(CommunityError, match="only a proposed version can be adopted"):
        services.adopt_charter_version(actor=people.convenor, version=current)


def test_only_a_draft_can_be_proposed(people):
    version = proposed(people.open_community, people.convenor)
    with pytest.raises(CommunityError, match="only a draft can be proposed"):
        services.propose_charter_version(actor=people.convenor, version=version)


def test_adopting_makes_the_version_current_and_supersedes_the_last(people):
    first = adopted(people.open_community, people.convenor)
    second = adopted(people.open_community, people.convenor, purpose="Sharper.")
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert second.status == Status.ADOPTED and second.adopted_by == people.convenor
    current = people.open_community.charter_versions.filter(status=Status.ADOPTED)
    assert list(current) == [second]


def test_a_member_endorses_a_proposed_version_once(people):
    version = proposed(people.open_community, people.convenor)
    services.endorse_charter_version(actor=people.member, version=version)
    with pytest.raises(CommunityError, match="already endorsed version 1"):
        services.endorse_charter_version(actor=people.member, version=version)
    assert CharterEndorsement.objects.filter(version=version).count() == 1


def test_endorsing_twice_through_the_page_says_so_and_adds_nothing(people, as_member):
    version = proposed(people.open_community, people.convenor)
    url = "/communities/open-circle/charter/versions/1/endorse/"
    as_member.post(url)
    response = as_member.post(url, follow=True)
    assert "already endorsed version 1" in response.content.decode()
    assert version.endorsements.count() == 1


def test_a_non_member_cannot_endorse_or_comment_on_an_open_community_charter(people):
    version = proposed(people.open_community, people.convenor)
    with pytest.raises(CommunityError, match="Only members"):
        services.endorse_charter_version(actor=people.outsider, version=version)
    with pytest.raises(CommunityError, match="Only members"):
        services.comment_on_charter_version(actor=people.outsider, version=version, body="Hi")
    client_for(people.outsider).post("/communities/open-circle/charter/versions/1/endorse/")
    assert not version.endorsements.exists() and not version.comments.exists()


def test_a_former_member_cannot_endorse(people):
    version = proposed(people.open_community, people.convenor)
    services.leave_community(actor=people.member, community=people.open_community)
    with pytest.raises(CommunityError, match="Only members"):
        services.endorse_charter_version(actor=people.member, version=version)


def test_drafts_and_adopted_versions_take_no_comments_or_endorsements(people):
    current = adopted(people.open_community, people.convenor)
    waiting = draft(people.open_community, people.convenor)
    for version in (current, waiting):
        with pytest.raises(CommunityError, match="not open for comments and endorsements"):
            services.endorse_charter_version(actor=people.member, version=version)
        with pytest.raises(CommunityError, match="not open for comments and endorsements"):
            services.comment_on_charter_version(actor=people.member, version=version, body="Hi")


def test_members_comment_on_a_proposed_version(people, as_member):
    version = proposed(people.open_community, people.convenor)
    response = as_member.post(
        "/communities/open-circle/charter/versions/1/comments/",
        {"body": "Could we say *how* we keep confidences?"},
        follow=True,
    )
    html = response.content.decode()
    assert "Could we say <em>how</em> we keep confidences?" in html
    assert version.comments.get().author == people.member


def test_proposing_and_adopting_tell_each_member_once(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = proposed(people.open_community, people.convenor)
        services.adopt_charter_version(actor=people.convenor, version=version)
    notes = Notification.objects.filter(recipient=people.member).order_by("id")
    assert [n.key for n in notes] == [
        f"charter:{version.pk}:proposed",
        f"charter:{version.pk}:adopted",
    ]
    assert all(n.community == people.open_community for n in notes)
    assert notes[0].url == "/communities/open-circle/charter/"
    assert "proposed version 1" in notes[0].message
    assert not Notification.objects.filter(recipient=people.convenor).exists()
    assert not Notification.objects.filter(recipient=people.outsider).exists()


def test_a_draft_tells_no_one(people):
    draft(people.open_community, people.convenor)
    assert not Notification.objects.exists()


def test_the_convenor_drafts_and_proposes_from_the_form(people, as_convenor):
    response = as_convenor.post(
        "/communities/open-circle/charter/new/",
        {
            "purpose": "We learn together.",
            "norms": "Confidential.",
            "note": "First go.",
            "propose": "on",
        },
    )
    version = CharterVersion.objects.get()
    assert response.status_code == 302 and response["Location"] == version.get_absolute_url()
    assert (version.status, version.note, version.author) == (
        Status.PROPOSED,
        "First go.",
        people.convenor,
    )


def test_the_convenor_adopts_from_the_charter_page(people, as_convenor):
    proposed(people.open_community, people.convenor)
    as_convenor.post("/communities/open-circle/charter/versions/1/adopt/")
    assert CharterVersion.objects.get().status == Status.ADOPTED


def test_an_unknown_action_is_not_found(people, as_convenor):
    proposed(people.open_community, people.convenor)
    assert (
        as_convenor.post("/communities/open-circle/charter/versions/1/delete/").status_code == 404
    )


def test_a_refusal_says_plainly_what_the_version_is(people):
    current = adopted(people.open_community, people.convenor)
    with pytest.raises(CommunityError) as refused:
        services.propose_charter_version(actor=people.convenor, version=current)
    assert str(refused.value) == "Version 1 is the current charter: only a draft can be proposed."
    waiting = draft(people.open_community, people.convenor)
    with pytest.raises(CommunityError) as refused:
        services.adopt_charter_version(actor=people.convenor, version=waiting)
    assert str(refused.value) == "Version 2 is a draft: only a proposed version can be adopted."


def test_an_administrator_runs_an_open_communitys_charter_as_a_convenor_does(people, as_admin):
    # Community.can_manage lets administrators manage any community they can see.
    as_admin.post(FORM, {"purpose": "Set up by the administrator."})
    as_admin.post("/communities/open-circle/charter/versions/1/propose/")
    as_admin.post("/communities/open-circle/charter/versions/1/adopt/")
    version = CharterVersion.objects.get()
    assert (version.status, version.author, version.adopted_by) == (
        Status.ADOPTED,
        people.admin,
        people.admin,
    )


def test_charter_text_keeps_one_kind_of_line_ending(people):
    version = draft(people.open_community, people.convenor, purpose="One.\r\nTwo.\rThree.\r\n")
    assert version.purpose == "One.\nTwo.\nThree."
    services.propose_charter_version(actor=people.convenor, version=version)
    comment = services.comment_on_charter_version(
        actor=people.member, version=version, body="Yes.\r\nBut shorter."
    )
    assert comment.body == "Yes.\nBut shorter."


def test_the_line_endings_do_not_count_towards_the_length(people):
    version = draft(people.open_community, people.convenor, purpose="x\r\n" * 2500)
    assert len(version.purpose) == 4999


def add_members(community, count: int) -> None:
    for _ in range(count):
        Membership.objects.create(community=community, user=make_person())


@pytest.mark.parametrize("action", ["propose", "adopt"])
def test_proposing_and_adopting_cost_the_same_for_3_members_as_for_12(people, action):
    counts = []
    for size in (3, 12):
        convenor = make_person()
        community = make_community(convenor=convenor)
        add_members(community, size - 1)
        version = draft(community, convenor)
        if action == "adopt":
            services.propose_charter_version(actor=convenor, version=version)
        url = f"/communities/{community.slug}/charter/versions/1/{action}/"
        client = client_for(convenor)
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url).status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 30

"""The demo's charters: an adopted one and a proposal under discussion in the Circle."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from convene.communities.models import CharterVersion, Community
from convene.people.models import User
from tests.conftest import client_for


@pytest.fixture
def demo(db) -> None:
    call_command("seed_demo", password="pw", verbosity=0)


def versions(name: str) -> list[CharterVersion]:
    return list(CharterVersion.objects.filter(community__name=name).order_by("number"))


def test_the_circle_has_an_adopted_version_and_a_proposal_under_discussion(demo):
    first, second = versions("New Managers' Circle")
    assert (first.status, second.status) == ("adopted", "proposed")
    assert first.author.email == second.author.email == "convenor@northgate.example"
    assert first.adopted_at and first.proposed_at and second.proposed_at
    assert second.comments.count() == 2
    assert 3 <= second.endorsements.count() <= 5
    assert "<li>" in first.norms_html


def test_leading_through_change_has_an_adopted_charter(demo):
    [version] = versions("Leading Through Change")
    assert version.status == "adopted" and version.purpose_html


def test_everyone_who_comments_or_endorses_is_a_member_who_had_joined(demo):
    circle = Community.objects.get(name="New Managers' Circle")
    proposal = circle.charter_versions.get(number=2)
    joined = {m.user_id: m.joined_at for m in circle.memberships.current()}
    proposed_at = proposal.proposed_at
    assert proposed_at is not None
    for comment in proposal.comments.all():
        assert joined[comment.author_id] < proposed_at < comment.created_at
    for endorsement in proposal.endorsements.all():
        assert joined[endorsement.user_id] < proposed_at < endorsement.created_at


def test_the_convenor_sees_the_proposal_on_the_charter_page(demo):
    grace = User.objects.get(email="convenor@northgate.example")
    html = client_for(grace).get("/communities/new-managers-circle/charter/").content.decode()
    assert "Proposed: version 2" in html and "Adopt version 2" in html
    assert "peer coaching triads" in html

"""A community's health: who takes part, who starts things, and who facilitates and convenes."""

from __future__ import annotations

import datetime

from django.utils import timezone

from convene.communities.models import Membership
from convene.insights.dashboards import community_health, member_dashboard
from tests.factories import make_person
from tests.insights import builders as b


def _rows(dashboard, section: str, index: int = 0) -> dict[str, tuple]:
    table = dashboard.section(section).tables[index]
    return {row.label: row.values for row in table.rows}


def test_breadth_counts_the_share_of_current_members_who_took_part_lately(people):
    community = people.open_community
    quiet = make_person("Quinn Quiet")
    Membership.objects.create(community=community, user=quiet)
    b.post_and_comment(community, people.member, people.convenor)
    old = b.make_gathering(community, people.convenor, days=120)
    b.attend(old, quiet)  # before the last 90 days: not counted

    breadth = _rows(community_health(community), "breadth")

    assert breadth["Posted"] == (1, 33)  # the member, of three current members
    assert breadth["Commented"] == (1, 33)
    assert breadth["Attended a gathering"] == (0, 0)
    assert breadth["Any of these"] == (2, 67)


def test_self_organisation_counts_what_others_than_the_convenor_of_the_day_started(people):
    community = people.open_community
    community.memberships.filter(user=people.convenor).update(
        joined_at=timezone.now() - datetime.timedelta(days=100)
    )
    b.make_gathering(community, people.convenor)
    b.make_gathering(community, people.member)
    former = make_person("Fay Former")
    Membership.objects.create(
        community=community,
        user=former,
        role=Membership.Role.CONVENOR,
        joined_at=timezone.now() - datetime.timedelta(days=300),
        left_at=timezone.now() - datetime.timedelta(days=200),
    )
    b.make_gathering(community, former)  # started after Fay stepped down: by a member

    started = _rows(community_health(community), "self-organisation")

    assert started["Gatherings"] == (67, 2, 3)
    assert started["Projects"] == (None, 0, 0)


def test_rotation_counts_distinct_facilitators_and_convenor_terms(people):
    community = people.open_community
    b.make_gathering(community, people.convenor, facilitator=people.member)
    b.make_gathering(community, people.convenor, facilitator=people.member)
    b.make_gathering(community, people.convenor, facilitator=people.convenor)
    b.make_term(community, people.convenor)

    dashboard = community_health(community)

    assert _rows(dashboard, "rotation") == {
        "Gatherings with a facilitator": (3,),
        "Distinct facilitators": (2,),
        "Distinct facilitators per gathering": (0.67,),
    }
    assert list(_rows(dashboard, "rotation", 1)) == ["Connor Convenor"]


def test_your_journey_lists_your_communities_roles_and_progress(people):
    b.make_goal(people.member)
    journey = member_dashboard(people.member)

    roles = _rows(journey, "communities")
    assert set(roles) == {"Open Circle", "Quiet Room"}
    assert roles["Open Circle"][0] == "Member" and roles["Open Circle"][2] == "now"
    assert _rows(journey, "goals")["Active"] == (1,)
    assert journey.section("pulse").tables == ()

"""The peer-group pages as convenors, members, administrators and outsiders use them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convene.peergroups import services
from convene.peergroups.models import DiversityWeights, GroupMember, Round
from tests.conftest import client_for
from tests.factories import make_community, make_person
from tests.peergroups.conftest import (
    add_members,
    group_of,
    groups_of_four_and_three,
    make_varied_people,
)


def url(name: str, *args: object) -> str:
    return reverse(f"peergroups:{name}", args=args)


def test_convenor_starts_a_round_from_the_form(
    people, circle, as_convenor, django_capture_on_commit_callbacks
):
    data = {
        "title": "Autumn triads",
        "kind": "triad",
        "communities": [circle.pk],
        "avoid_line_managers": "on",
        "avoid_recent_rounds": 2,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = as_convenor.post(url("round_create"), data)
    round = Round.objects.get()
    assert response.status_code == 302 and response.url == round.get_absolute_url()
    assert (round.min_size, round.max_size, round.status) == (3, 4, Round.Status.READY)
    page = as_convenor.get(round.get_absolute_url())
    assert b"Publish and tell members" in page.content and b"Why this mix" in page.content


def test_the_form_explains_bounds_that_cannot_be_met(circle, as_convenor):
    data = {
        "title": "Fives",
        "kind": "triad",
        "communities": [circle.pk],
        "min_size": 5,
        "max_size": 5,
        "avoid_recent_rounds": 2,
    }
    response = as_convenor.post(url("round_create"), data)
    assert response.status_code == 200
    assert "14 people cannot be split into groups of exactly 5" in response.content.decode()
    assert not Round.objects.exists()


def test_the_form_offers_only_communities_the_convenor_leads(people, circle, as_convenor):
    elsewhere = make_community("Elsewhere")
    data = {
        "title": "Sneaky",
        "kind": "triad",
        "communities": [elsewhere.pk],
        "avoid_recent_rounds": 2,
    }
    response = as_convenor.post(url("round_create"), data)
    assert "Select a valid choice" in response.content.decode()
    assert not Round.objects.exists()


def test_members_who_lead_nothing_cannot_open_the_form(as_member, as_outsider):
    assert as_member.get(url("round_create")).status_code == 404
    assert as_outsider.get(url("round_create")).status_code == 404


def test_a_forming_round_shows_a_progress_bar_that_polls(people, circle, as_convenor):
    round = services.start_round(
        actor=people.convenor, title="T", kind="triad", communities=[circle], min_size=3, max_size=4
    )
    page = as_convenor.get(round.get_absolute_url()).content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page
    poll = as_convenor.get(url("round_progress", round.pk), headers={"HX-Request": "true"})
    assert "HX-Refresh" not in poll
    services.form_round(str(round.pk))
    poll = as_convenor.get(url("round_progress", round.pk), headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"


def test_moving_by_htmx_updates_the_groups_and_scores(people, circle, form, as_convenor):
    round = form(people.convenor, [circle])
    large, small = groups_of_four_and_three(round)
    mover = large.memberships.all()[0].user
    response = as_convenor.post(
        url("round_move", round.pk),
        {"person": mover.handle, "to_group": small.number},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="round-groups"' in response.content.decode()
    assert group_of(round, mover) == small


def test_a_refused_move_says_why_in_a_fragment_htmx_will_show(people, circle, form, as_convenor):
    round = form(people.convenor, [circle])
    response = as_convenor.post(
        url("round_move", round.pk),
        {"person": "nobody-here", "to_group": 1},
        headers={"HX-Request": "true"},
    )
    # htmx swaps in only successful responses.
    assert response.status_code == 200
    assert "No one with the handle “nobody-here” is in this round." in response.content.decode()


def test_swapping_without_htmx_redirects_back_with_a_message(people, circle, form, as_convenor):
    round = form(people.convenor, [circle])
    a = round.placements.filter(group__number=1)[0].user
    b = round.placements.filter(group__number=2)[0].user
    response = as_convenor.post(
        url("round_swap", round.pk), {"first": a.handle, "second": b.handle}
    )
    assert response.status_code == 302
    assert group_of(round, a).number == 2


def test_publishing_from_the_page_shows_members_their_group(
    people, circle, form, as_convenor, as_member
):
    round = form(people.convenor, [circle])
    as_convenor.post(url("round_publish", round.pk))
    group = group_of(round, people.member)
    home = as_member.get(url("home")).content.decode()
    assert group.get_absolute_url() in home
    page = as_member.get(group.get_absolute_url())
    assert page.status_code == 200 and "Who is in the group" in page.content.decode()


def test_failed_round_explains_itself_and_can_be_discarded(people, form, as_convenor):
    team = make_community("Flat team", convenor=people.convenor)
    boss = make_person("Boss")
    add_members(team, [boss, *[make_person(f"Report {i}", line_manager=boss) for i in range(4)]])
    round = form(people.convenor, [team], min_size=3, max_size=3)
    page = as_convenor.get(round.get_absolute_url()).content.decode()
    assert "These groups could not be formed" in page and "line managers" in page
    as_convenor.post(url("round_discard", round.pk))
    assert not Round.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "member", "executive", "sponsor"])
def test_people_who_do_not_manage_a_round_get_404_on_every_round_url(people, circle, form, who):
    round = form(people.convenor, [circle])
    client = client_for(getattr(people, who))
    for name in ("round_detail", "round_progress"):
        assert client.get(url(name, round.pk)).status_code == 404
    for name in ("round_move", "round_swap", "round_publish", "round_reform", "round_discard"):
        assert client.post(url(name, round.pk), {"person": "x", "to_group": 1}).status_code == 404
    assert Round.objects.get().status == Round.Status.READY


def test_members_cannot_reach_their_group_before_it_is_published(people, circle, form, as_member):
    round = form(people.convenor, [circle])
    group = group_of(round, people.member)
    assert as_member.get(group.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "admin", "someone in another group"])
def test_only_the_groups_members_reach_its_space(people, published, who):
    group = group_of(published, people.member)
    if who == "someone in another group":
        person = GroupMember.objects.filter(round=published).exclude(group=group)[0].user
    else:
        person = getattr(people, who)
    client = client_for(person)
    assert client.get(group.get_absolute_url()).status_code == 404
    assert client.post(url("group_message", group.pk), {"body": "hello"}).status_code == 404
    assert not group.messages.exists()


def test_weights_page_is_for_administrators(as_admin, as_convenor):
    assert as_convenor.get(url("weights_edit")).status_code == 404
    data = dict.fromkeys(DiversityWeights.FEATURES, 1) | {"function": 7}
    assert as_admin.post(url("weights_edit"), data).status_code == 302
    assert DiversityWeights.current().function == 7


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"function": 11}, "Use a whole number from 0 to 10."),
        (dict.fromkeys(DiversityWeights.FEATURES, 0), "At least one difference must count."),
    ],
)
def test_bad_weights_are_refused_with_a_reason(as_admin, change, message):
    data = dict.fromkeys(DiversityWeights.FEATURES, 2) | change
    response = as_admin.post(url("weights_edit"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert DiversityWeights.current().function == 3


def test_round_page_costs_the_same_queries_for_few_and_many_groups(people, form, as_convenor):
    small = make_community("Small", convenor=people.convenor)
    add_members(small, make_varied_people(5, prefix="Few"))
    big = make_community("Big", convenor=people.convenor)
    add_members(big, make_varied_people(59, prefix="Many"))
    few, many = form(people.convenor, [small]), form(people.convenor, [big])
    counts = []
    for round in (few, many):
        with CaptureQueriesContext(connection) as queries:
            assert as_convenor.get(round.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 25


def test_a_convenor_cannot_reach_a_round_that_also_draws_on_a_community_they_do_not_lead(
    people, circle, form, api_as
):
    elsewhere = make_community("Elsewhere", private=True, convenor=make_person())
    add_members(elsewhere, make_varied_people(6, prefix="Hidden"))
    round = form(people.admin, [circle, elsewhere])
    client = client_for(people.convenor)
    for name in ("round_detail", "round_progress"):
        assert client.get(url(name, round.pk)).status_code == 404
    assert client.post(url("round_publish", round.pk)).status_code == 404
    assert "Hidden" not in client.get(url("home")).content.decode()
    api = api_as(people.convenor)
    assert api.get(f"/api/v1/peer-groups/rounds/{round.pk}/groups").status_code == 404
    assert api.get("/api/v1/peer-groups/rounds").json()["count"] == 0
    assert Round.objects.managed_by(people.convenor).count() == 0


def test_the_rounds_list_counts_each_group_once(people, circle, form, as_admin):
    other = make_community("Elsewhere", convenor=make_person())
    add_members(other, make_varied_people(4, prefix="Other"))
    round = form(people.admin, [circle, other])
    page = as_admin.get(url("home")).content.decode()
    assert f"<td>{round.groups.count()}</td>" in page


def test_peer_groups_home_costs_the_same_queries_for_few_and_many(people, form, as_convenor):
    counts = []
    for size in (5, 40):
        community = make_community(f"Size {size}", convenor=people.convenor)
        add_members(community, [*make_varied_people(size, prefix=f"S{size}"), people.member])
        round = form(people.convenor, [community], title=f"Round {size}")
        services.publish_round(actor=people.convenor, round=round)
        with CaptureQueriesContext(connection) as queries:
            assert client_for(people.member).get(url("home")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 25

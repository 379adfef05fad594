"""What a peer group's page will show of its members' goals: shared ones, to members only."""

from __future__ import annotations

from django.template.loader import render_to_string

from convene.goals import services
from convene.goals.models import shared_goals_for_group
from tests.factories import make_person
from tests.goals.builders import make_check_in, make_goal, make_group


def test_shared_goals_for_group_shows_only_shared_goals_to_members(circle):
    group = make_group(circle.owner, circle.peer)
    shared = make_goal(circle.owner, shared=True)
    make_goal(circle.owner)
    assert shared_goals_for_group(group, circle.peer) == [shared]
    assert shared_goals_for_group(group, circle.owner) == [shared]
    assert shared_goals_for_group(group, make_person()) == []
    unpublished = make_group(circle.owner, circle.peer, published=False)
    assert shared_goals_for_group(unpublished, circle.peer) == []


def test_shared_goals_partial_renders_the_groups_goals(circle):
    group = make_group(circle.owner, circle.peer)
    goal = make_goal(circle.owner, shared=True, title="Run a calmer handover")
    make_check_in(goal, rating=4)
    html = render_to_string(
        "goals/_shared_goals.html", {"goals": shared_goals_for_group(group, circle.peer)}
    )
    assert "Run a calmer handover" in html and circle.owner.full_name in html
    assert "4/5 Strong progress" in html
    empty = render_to_string("goals/_shared_goals.html", {"goals": []})
    assert "No one in this group has shared a stretch goal yet" in empty


def test_set_aside_goals_are_left_out_of_the_groups_list(circle):
    group = make_group(circle.owner, circle.peer)
    goal = make_goal(circle.owner, shared=True)
    services.change_status(actor=circle.owner, goal=goal, status="set_aside")
    assert shared_goals_for_group(group, circle.peer) == []


def test_shared_goals_for_group_costs_two_queries_however_many_goals(
    circle, django_assert_num_queries
):
    peers = [make_person() for _ in range(5)]
    group = make_group(circle.owner, circle.peer, *peers)
    for person in [circle.owner, *peers]:
        make_check_in(make_goal(person, shared=True))
        make_goal(person, shared=True)
    with django_assert_num_queries(2):
        goals = shared_goals_for_group(group, circle.peer)
        html = render_to_string("goals/_shared_goals.html", {"goals": goals})
    assert len(goals) == 12 and html.count('class="goal-row"') == 12

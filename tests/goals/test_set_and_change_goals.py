"""Setting a goal, changing it, marking it achieved or set aside, sharing it and deleting it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from convene.audit.models import AuditEvent
from convene.goals import services
from convene.goals.models import CheckIn, StretchGoal
from convene.goals.services import GoalError
from tests.conftest import client_for
from tests.goals.builders import make_check_in, make_goal, make_reply

NOW = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)


def test_member_sets_a_private_goal_from_their_goals_page(people, as_member):
    response = as_member.post(
        reverse("goals:goal_create"),
        {
            "title": "Hold a difficult conversation within a week",
            "success": "I raise it *within days*, not months.",
            "stretch": "I put off conflict.",
            "target_date": "",
            "visibility": "private",
        },
    )
    goal = StretchGoal.objects.get()
    assert response.status_code == 302 and response["Location"] == goal.get_absolute_url()
    assert goal.owner == people.member and goal.visibility == "private" and goal.is_active
    assert goal.success_html == "<p>I raise it <em>within days</em>, not months.</p>\n"
    assert AuditEvent.objects.filter(action="goal.set", subject_id=str(goal.pk)).exists()
    page = as_member.get(reverse("goals:goal_list")).text
    assert goal.title in page and "Private" in page


def test_goals_are_private_unless_the_owner_chooses_otherwise(people):
    goal = services.set_goal(actor=people.member, title="Ask for feedback monthly")
    assert goal.visibility == StretchGoal.Visibility.PRIVATE


def test_markdown_in_a_goal_is_sanitised(people):
    goal = make_goal(
        people.member,
        success='<script>alert("x")</script> [link](javascript:alert(1))',
        stretch="<img src=x onerror=alert(1)>",
    )
    assert "<script" not in goal.success_html and "&lt;script&gt;" in goal.success_html
    assert 'href="javascript' not in goal.success_html
    assert "<img" not in goal.stretch_html


@time_machine.travel(NOW, tick=False)
def test_owner_edits_a_goal_and_its_sharing_in_one_form(people, as_member):
    goal = make_goal(people.member)
    response = as_member.post(
        reverse("goals:goal_edit", args=[goal.pk]),
        {
            "title": "A sharper title",
            "success": "Clear.",
            "stretch": "",
            "target_date": "2027-03-31",
            "visibility": "peer_group",
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "A sharper title" and goal.success_html == "<p>Clear.</p>\n"
    assert goal.target_date == datetime.date(2027, 3, 31) and goal.is_shared


def test_a_peer_cannot_open_the_edit_page_of_a_shared_goal(circle):
    goal = make_goal(circle.owner, shared=True)
    peer = client_for(circle.peer)
    assert peer.get(reverse("goals:goal_edit", args=[goal.pk])).status_code == 404
    assert peer.post(reverse("goals:goal_delete", args=[goal.pk])).status_code == 404
    assert StretchGoal.objects.filter(pk=goal.pk).exists()


def test_only_the_owner_may_change_a_goal(circle):
    goal = make_goal(circle.owner, shared=True)
    with pytest.raises(GoalError, match="Only the goal's owner"):
        services.edit_goal(actor=circle.peer, goal=goal, title="Taken over")
    with pytest.raises(GoalError, match="Only the goal's owner"):
        services.change_status(actor=circle.peer, goal=goal, status="achieved")
    with pytest.raises(GoalError, match="Only the goal's owner"):
        services.change_sharing(actor=circle.peer, goal=goal, visibility="private")
    with pytest.raises(GoalError, match="Only the goal's owner"):
        services.delete_goal(actor=circle.peer, goal=goal)


def test_owner_marks_a_goal_achieved_then_takes_it_up_again(people, as_member):
    goal = make_goal(people.member)
    as_member.post(reverse("goals:goal_status", args=[goal.pk]), {"status": "achieved"})
    goal.refresh_from_db()
    assert goal.status == "achieved" and goal.status_changed_at is not None
    response = as_member.post(
        reverse("goals:goal_status", args=[goal.pk]), {"status": "achieved"}, follow=True
    )
    assert "This goal is already achieved." in response.text
    as_member.post(reverse("goals:goal_status", args=[goal.pk]), {"status": "active"})
    goal.refresh_from_db()
    assert goal.is_active


def test_an_unknown_status_is_refused_clearly(people, as_member):
    goal = make_goal(people.member)
    response = as_member.post(
        reverse("goals:goal_status", args=[goal.pk]), {"status": "abandoned"}, follow=True
    )
    assert "Select a valid choice" in response.text
    with pytest.raises(GoalError, match="is not a status"):
        services.change_status(actor=people.member, goal=goal, status="abandoned")
    goal.refresh_from_db()
    assert goal.is_active


def test_owner_shares_a_goal_and_makes_it_private_again(people, as_member):
    goal = make_goal(people.member)
    url = reverse("goals:goal_sharing", args=[goal.pk])
    as_member.post(url, {"visibility": "peer_group"})
    goal.refresh_from_db()
    assert goal.is_shared
    as_member.post(url, {"visibility": "private"})
    goal.refresh_from_db()
    assert not goal.is_shared
    actions = AuditEvent.objects.filter(action="goal.sharing_changed").values_list(
        "details", flat=True
    )
    assert [row["visibility"] for row in actions] == ["private", "peer_group"]


def test_owner_deletes_a_goal_after_confirming(circle):
    goal = make_goal(circle.owner, shared=True)
    make_reply(circle.peer, make_check_in(goal))
    owner = client_for(circle.owner)
    url = reverse("goals:goal_delete", args=[goal.pk])
    assert "cannot be undone" in owner.get(url).text
    assert StretchGoal.objects.filter(pk=goal.pk).exists()
    response = owner.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("goals:goal_list")
    assert not StretchGoal.objects.exists() and not CheckIn.objects.exists()
    assert AuditEvent.objects.filter(action="goal.deleted", subject_id=str(goal.pk)).exists()


@time_machine.travel(NOW, tick=False)
def test_a_target_date_in_the_past_is_refused_but_an_old_one_may_stay(people):
    with pytest.raises(GoalError, match="target date has passed"):
        make_goal(people.member, target_date=datetime.date(2026, 11, 9))
    goal = make_goal(people.member, target_date=datetime.date(2026, 11, 30))
    with time_machine.travel(NOW + datetime.timedelta(days=60), tick=False):
        services.edit_goal(
            actor=people.member, goal=goal, title="Renamed", target_date=goal.target_date
        )
    goal.refresh_from_db()
    assert goal.title == "Renamed" and goal.target_date == datetime.date(2026, 11, 30)


@time_machine.travel(NOW, tick=False)
def test_a_target_date_more_than_five_years_ahead_is_refused(people):
    with pytest.raises(GoalError, match="within the next five years"):
        make_goal(people.member, target_date=datetime.date(2032, 1, 1))


def test_my_goals_page_lists_active_goals_first_and_says_if_this_month_is_done(people, as_member):
    done = make_goal(people.member, title="Done this month")
    make_check_in(done, rating=5)
    achieved = make_goal(people.member, title="Finished")
    services.change_status(actor=people.member, goal=achieved, status="achieved")
    make_goal(people.member, title="Still to check in")
    page = as_member.get(reverse("goals:goal_list")).text
    assert page.index("Still to check in") < page.index("Done this month") < page.index("Finished")
    assert "done</span>" in page and "Check in for" in page
    assert "5/5 Breakthrough" in page


def test_signed_out_visitors_are_sent_to_sign_in(people):
    from django.test import Client

    goal = make_goal(people.member)
    response = Client().get(reverse("goals:goal_detail", args=[goal.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_account_menu_links_to_my_goals(as_member):
    page = as_member.get(reverse("home")).text
    assert f'href="{reverse("goals:goal_list")}">Your stretch goals<' in page

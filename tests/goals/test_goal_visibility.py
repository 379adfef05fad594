"""Who sees a goal: its owner always; peers in a published group only when it is shared."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.goals import services
from convene.goals.models import CheckIn, CheckInReply, StretchGoal
from convene.notifications.models import Notification
from tests.conftest import client_for
from tests.factories import make_person
from tests.goals.builders import make_check_in, make_goal, make_group, make_reply


def detail(goal) -> str:
    return reverse("goals:goal_detail", args=[goal.pk])


def test_owner_sees_their_private_goal(people, as_member):
    goal = make_goal(people.member)
    response = as_member.get(detail(goal))
    assert response.status_code == 200
    assert goal.title in response.text
    assert list(StretchGoal.objects.visible_to(people.member)) == [goal]


def test_peer_in_a_published_group_sees_a_shared_goal(circle):
    goal = make_goal(circle.owner, shared=True)
    response = client_for(circle.peer).get(detail(goal))
    assert response.status_code == 200
    assert goal.title in response.text
    assert list(StretchGoal.objects.visible_to(circle.peer)) == [goal]


def test_peer_in_a_published_group_does_not_see_a_private_goal(circle):
    goal = make_goal(circle.owner)
    assert client_for(circle.peer).get(detail(goal)).status_code == 404
    assert not StretchGoal.objects.visible_to(circle.peer).exists()


def test_peer_in_an_unpublished_round_does_not_see_a_shared_goal(circle):
    goal = make_goal(circle.owner, shared=True)
    assert client_for(circle.unpublished_peer).get(detail(goal)).status_code == 404
    assert not StretchGoal.objects.visible_to(circle.unpublished_peer).exists()


def test_someone_in_another_group_of_the_same_round_does_not_see_a_shared_goal(circle):
    goal = make_goal(circle.owner, shared=True)
    round = circle.owner.peer_group_places.get(group__round__status="published").round
    elsewhere = make_person("Elsa Elsewhere")
    make_group(elsewhere, make_person(), round=round)
    assert client_for(elsewhere).get(detail(goal)).status_code == 404


@pytest.mark.parametrize("shared", [False, True])
def test_outsider_gets_404_on_every_goal_page(people, as_outsider, shared):
    goal = make_goal(people.member, shared=shared)
    check_in = make_check_in(goal)
    pages = [
        detail(goal),
        reverse("goals:goal_edit", args=[goal.pk]),
        reverse("goals:goal_delete", args=[goal.pk]),
        reverse("goals:check_in_edit", args=[goal.pk, check_in.pk]),
    ]
    for page in pages:
        assert as_outsider.get(page).status_code == 404, page
    posts = [
        (reverse("goals:goal_status", args=[goal.pk]), {"status": "achieved"}),
        (reverse("goals:goal_sharing", args=[goal.pk]), {"visibility": "private"}),
        (reverse("goals:goal_delete", args=[goal.pk]), {}),
        (reverse("goals:check_in_create", args=[goal.pk]), {"rating": 4}),
        (reverse("goals:reply_create", args=[goal.pk, check_in.pk]), {"body": "Hi"}),
    ]
    for page, data in posts:
        assert as_outsider.post(page, data).status_code == 404, page
    goal.refresh_from_db()
    assert goal.status == "active" and goal.visibility == ("peer_group" if shared else "private")
    assert not CheckInReply.objects.exists()


@pytest.mark.parametrize("shared", [False, True])
def test_outsider_gets_404_from_the_api(people, api_as, shared):
    goal = make_goal(people.member, shared=shared)
    check_in = make_check_in(goal)
    client = api_as(people.outsider)
    base = f"/api/v1/goals/{goal.pk}"
    for path in [base, f"{base}/check-ins", f"{base}/check-ins/{check_in.pk}/replies"]:
        assert client.get(path).status_code == 404, path
    assert client.patch(base, {"title": "Mine"}, content_type="application/json").status_code == 404
    assert client.delete(base).status_code == 404
    assert StretchGoal.objects.filter(pk=goal.pk, title=goal.title).exists()


def test_administrator_and_convenor_do_not_see_a_private_goal(people, as_admin, as_convenor):
    goal = make_goal(people.member)
    for client in (as_admin, as_convenor):
        assert client.get(detail(goal)).status_code == 404
        assert goal.title not in client.get(reverse("goals:goal_shared")).text
    for person in (people.admin, people.convenor):
        assert not StretchGoal.objects.visible_to(person).exists()


def test_administrator_sees_no_private_goal_through_the_api(people, api_as):
    goal = make_goal(people.member)
    client = api_as(people.admin)
    assert client.get(f"/api/v1/goals/{goal.pk}").status_code == 404
    assert client.get("/api/v1/goals/shared-with-me").json()["items"] == []
    assert client.get("/api/v1/me/goals").json()["items"] == []


def test_check_ins_and_replies_follow_their_goal(circle):
    goal = make_goal(circle.owner, shared=True)
    check_in = make_check_in(goal)
    make_reply(circle.peer, check_in)
    assert CheckIn.objects.visible_to(circle.peer).count() == 1
    assert CheckInReply.objects.visible_to(circle.peer).count() == 1
    services.change_sharing(actor=circle.owner, goal=goal, visibility="private")
    assert not CheckIn.objects.visible_to(circle.peer).exists()
    assert not CheckInReply.objects.visible_to(circle.peer).exists()
    assert CheckInReply.objects.visible_to(circle.owner).count() == 1
    assert not CheckIn.objects.visible_to(circle.unpublished_peer).exists()


def test_making_a_goal_private_hides_it_from_peers_at_once(circle):
    goal = make_goal(circle.owner, shared=True)
    peer = client_for(circle.peer)
    assert peer.get(detail(goal)).status_code == 200
    services.change_sharing(actor=circle.owner, goal=goal, visibility="private")
    assert peer.get(detail(goal)).status_code == 404
    assert goal.title not in peer.get(reverse("goals:goal_shared")).text


def test_goals_shared_with_me_lists_peers_shared_goals_grouped_by_person(circle):
    shared = make_goal(circle.owner, shared=True, title="Delegate the rota")
    make_goal(circle.owner, title="A private worry")
    other = make_person("Nia Other")
    make_group(circle.peer, other)
    make_goal(other, shared=True, title="Coach, do not tell")
    page = client_for(circle.peer).get(reverse("goals:goal_shared")).text
    assert shared.title in page and "Coach, do not tell" in page
    assert "A private worry" not in page
    assert page.index(circle.owner.full_name) < page.index("Delegate the rota")
    assert page.index(other.full_name) < page.index("Coach, do not tell")


def test_a_persons_own_goals_are_not_listed_as_shared_with_them(circle):
    make_goal(circle.owner, shared=True, title="My own shared goal")
    page = client_for(circle.owner).get(reverse("goals:goal_shared")).text
    assert "My own shared goal" not in page


def test_notifications_about_a_goal_go_to_its_owner_only(
    circle, django_capture_on_commit_callbacks
):
    goal = make_goal(circle.owner, shared=True)
    check_in = make_check_in(goal)
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(circle.peer, check_in)
        services.remind_check_ins()
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert recipients == {circle.owner.pk}

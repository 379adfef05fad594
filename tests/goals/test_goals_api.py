"""Stretch goals through the API: your goals, goals shared with you, check-ins and replies."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.test import Client

from convene.goals.models import CheckIn, CheckInReply, StretchGoal
from convene.notifications.models import Notification
from tests.goals.builders import make_check_in, make_goal, make_reply

NOVEMBER = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)


def send(client: Client, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    call = getattr(client, method.lower())
    if body is None:
        return call(f"/api/v1{path}")
    return call(f"/api/v1{path}", body, content_type="application/json")


def items(response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


@time_machine.travel(NOVEMBER, tick=False)
def test_member_sets_a_goal_and_finds_it_in_their_list(people, api_as):
    client = api_as(people.member)
    response = send(
        client,
        "post",
        "/me/goals",
        {
            "title": "  Chair well  ",
            "success": "People **leave clear**.",
            "target_date": "2027-06-30",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    goal = StretchGoal.objects.get()
    assert body["id"] == str(goal.pk) and body["title"] == "Chair well"
    assert body["visibility"] == "private" and body["status"] == "active"
    assert body["success_html"] == "<p>People <strong>leave clear</strong>.</p>\n"
    assert body["owner"]["handle"] == people.member.handle
    assert body["check_in_count"] == 0 and body["latest_rating"] is None
    assert body["url"] == goal.get_absolute_url()
    assert [row["id"] for row in items(send(client, "get", "/me/goals"))] == [str(goal.pk)]


def test_my_goals_filter_by_status(people, api_as):
    active, achieved = make_goal(people.member), make_goal(people.member)
    send(api_as(people.member), "patch", f"/goals/{achieved.pk}", {"status": "achieved"})
    rows = items(send(api_as(people.member), "get", "/me/goals?status=achieved"))
    assert [row["id"] for row in rows] == [str(achieved.pk)]
    rows = items(send(api_as(people.member), "get", "/me/goals"))
    assert [row["id"] for row in rows] == [str(active.pk), str(achieved.pk)]


def test_owner_changes_words_status_and_sharing_in_one_request(people, api_as):
    goal = make_goal(people.member, target_date=None)
    response = send(
        api_as(people.member),
        "patch",
        f"/goals/{goal.pk}",
        {"title": "New words", "status": "set_aside", "visibility": "peer_group"},
    )
    assert response.status_code == 200, response.content
    goal.refresh_from_db()
    assert (goal.title, goal.status, goal.visibility) == ("New words", "set_aside", "peer_group")
    assert goal.success  # untouched


def test_a_refused_change_changes_nothing(people, api_as):
    goal = make_goal(people.member, title="Kept")
    response = send(
        api_as(people.member),
        "patch",
        f"/goals/{goal.pk}",
        {"title": "Lost", "visibility": "peer_group", "target_date": "2001-01-01"},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The target date has passed; choose today or a later date."
    goal.refresh_from_db()
    assert goal.title == "Kept" and goal.visibility == "private"


def test_a_peer_reads_a_shared_goal_but_may_not_change_or_delete_it(circle, api_as):
    goal = make_goal(circle.owner, shared=True)
    peer = api_as(circle.peer)
    assert send(peer, "get", f"/goals/{goal.pk}").json()["title"] == goal.title
    response = send(peer, "patch", f"/goals/{goal.pk}", {"title": "Mine now"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Only the goal's owner can change it."
    response = send(peer, "delete", f"/goals/{goal.pk}")
    assert response.status_code == 400
    assert StretchGoal.objects.filter(pk=goal.pk, title=goal.title).exists()


def test_goals_shared_with_me_lists_only_peers_shared_goals(circle, api_as):
    shared = make_goal(circle.owner, shared=True)
    make_goal(circle.owner)
    make_goal(circle.peer, shared=True)
    rows = items(send(api_as(circle.peer), "get", "/goals/shared-with-me"))
    assert [row["id"] for row in rows] == [str(shared.pk)]
    assert items(send(api_as(circle.unpublished_peer), "get", "/goals/shared-with-me")) == []


@time_machine.travel(NOVEMBER, tick=False)
def test_owner_checks_in_once_a_month_and_edits_that_check_in(people, api_as):
    goal, client = make_goal(people.member), api_as(people.member)
    response = send(client, "post", f"/goals/{goal.pk}/check-ins", {"rating": 4, "note": "Good"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["month"] == "2026-11-01" and body["rating_label"] == "Strong progress"
    assert body["replies"] == []
    again = send(client, "post", f"/goals/{goal.pk}/check-ins", {"rating": 5})
    assert again.status_code == 400
    assert again.json() == {
        "detail": "You have already checked in for November 2026; change that check-in instead."
    }
    path = f"/goals/{goal.pk}/check-ins/{body['id']}"
    response = send(client, "patch", path, {"rating": 5})
    assert response.status_code == 200 and response.json()["note"] == "Good"
    assert list(CheckIn.objects.values_list("rating", flat=True)) == [5]
    listed = send(client, "get", f"/goals/{goal.pk}")
    assert listed.json()["latest_rating"] == 5 and listed.json()["check_in_count"] == 1


def test_check_ins_list_newest_month_first_with_replies(circle, api_as):
    with time_machine.travel(datetime.datetime(2026, 9, 2, tzinfo=datetime.UTC), tick=False):
        goal = make_goal(circle.owner, shared=True)
        make_check_in(goal, rating=2)
    with time_machine.travel(NOVEMBER, tick=False):
        latest = make_check_in(goal, rating=3)
    make_reply(circle.peer, latest, "Keep at it")
    rows = items(send(api_as(circle.peer), "get", f"/goals/{goal.pk}/check-ins"))
    assert [row["month"] for row in rows] == ["2026-11-01", "2026-09-01"]
    assert [reply["body"] for reply in rows[0]["replies"]] == ["Keep at it"]
    assert rows[0]["replies"][0]["author"]["handle"] == circle.peer.handle


def test_peer_replies_through_the_api_and_the_owner_hears(
    circle, api_as, django_capture_on_commit_callbacks
):
    check_in = make_check_in(make_goal(circle.owner, shared=True))
    path = f"/goals/{check_in.goal_id}/check-ins/{check_in.pk}/replies"
    with django_capture_on_commit_callbacks(execute=True):
        response = send(api_as(circle.peer), "post", path, {"body": "Proud of you"})
    assert response.status_code == 201, response.content
    assert response.json()["body_html"] == "<p>Proud of you</p>\n"
    assert Notification.objects.get().recipient == circle.owner
    assert [row["body"] for row in items(send(api_as(circle.owner), "get", path))] == [
        "Proud of you"
    ]
    reply_id = response.json()["id"]
    deleted = send(api_as(circle.peer), "delete", f"/goals/{check_in.goal_id}/replies/{reply_id}")
    assert deleted.status_code == 204
    assert not CheckInReply.objects.exists()


def test_replying_to_a_private_goal_is_refused(people, api_as):
    check_in = make_check_in(make_goal(people.member))
    path = f"/goals/{check_in.goal_id}/check-ins/{check_in.pk}/replies"
    response = send(api_as(people.member), "post", path, {"body": "Note to self"})
    assert response.status_code == 400
    assert "This goal is private" in response.json()["detail"]


def test_owner_deletes_a_goal(people, api_as):
    goal = make_goal(people.member)
    make_check_in(goal)
    assert send(api_as(people.member), "delete", f"/goals/{goal.pk}").status_code == 204
    assert not StretchGoal.objects.exists() and not CheckIn.objects.exists()
    assert send(api_as(people.member), "get", f"/goals/{goal.pk}").status_code == 404


def test_an_unknown_goal_is_404_and_a_malformed_id_is_not_a_server_error(people, api_as):
    client = api_as(people.member)
    assert send(client, "get", "/goals/00000000-0000-0000-0000-000000000000").status_code == 404
    assert send(client, "get", "/goals/not-a-uuid").status_code == 404


def test_the_openapi_document_describes_the_goal_endpoints(people, api_as):
    paths = send(api_as(people.member), "get", "/openapi.json").json()["paths"]
    for path in [
        "/api/v1/me/goals",
        "/api/v1/goals/shared-with-me",
        "/api/v1/goals/{goal_id}",
        "/api/v1/goals/{goal_id}/check-ins",
        "/api/v1/goals/{goal_id}/check-ins/{check_in_id}",
        "/api/v1/goals/{goal_id}/check-ins/{check_in_id}/replies",
        "/api/v1/goals/{goal_id}/replies/{reply_id}",
    ]:
        assert path in paths, path

"""Peers encourage each other with replies on shared check-ins; the owner hears of each."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.goals import services
from convene.goals.models import CheckInReply
from convene.goals.services import GoalError
from convene.notifications.models import Notification
from tests.conftest import client_for
from tests.factories import make_person
from tests.goals.builders import make_check_in, make_goal, make_reply


@pytest.fixture
def shared_check_in(circle):
    return make_check_in(make_goal(circle.owner, shared=True, title="Delegate the rota"))


def test_peer_replies_from_the_goal_page_and_the_owner_is_notified(
    circle, shared_check_in, django_capture_on_commit_callbacks
):
    goal = shared_check_in.goal
    peer = client_for(circle.peer)
    assert "Reply to" in peer.get(goal.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        response = peer.post(
            reverse("goals:reply_create", args=[goal.pk, shared_check_in.pk]),
            {"body": "You did *brilliantly* with the rota."},
        )
    reply = CheckInReply.objects.get()
    assert response.status_code == 302 and response["Location"] == reply.get_absolute_url()
    assert reply.author == circle.peer and reply.body_html.startswith("<p>You did <em>")
    notice = Notification.objects.get()
    assert notice.recipient == circle.owner and notice.actor == circle.peer
    assert notice.kind == Notification.Kind.GOAL and notice.url == reply.get_absolute_url()
    assert "Pat Peer replied to your" in notice.message and "Delegate the rota" in notice.message
    assert "brilliantly" in client_for(circle.owner).get(goal.get_absolute_url()).text


def test_the_owner_may_answer_without_notifying_themself(
    circle, shared_check_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(circle.owner, shared_check_in, "Thank you both!")
    assert CheckInReply.objects.count() == 1
    assert not Notification.objects.exists()


def test_replies_on_a_private_goal_are_refused(circle):
    check_in = make_check_in(make_goal(circle.owner))
    with pytest.raises(GoalError, match="This goal is private"):
        make_reply(circle.owner, check_in)
    page = client_for(circle.owner).get(check_in.goal.get_absolute_url()).text
    assert "Send reply" not in page
    assert not CheckInReply.objects.exists()


def test_someone_who_cannot_see_the_goal_cannot_reply(circle, shared_check_in):
    for stranger in (circle.unpublished_peer, make_person()):
        with pytest.raises(GoalError, match="Only people in a peer group"):
            make_reply(stranger, shared_check_in)
        response = client_for(stranger).post(
            reverse("goals:reply_create", args=[shared_check_in.goal.pk, shared_check_in.pk]),
            {"body": "Hello"},
        )
        assert response.status_code == 404
    assert not CheckInReply.objects.exists()


def test_an_empty_reply_is_shown_as_a_form_error(circle, shared_check_in):
    response = client_for(circle.peer).post(
        reverse("goals:reply_create", args=[shared_check_in.goal.pk, shared_check_in.pk]),
        {"body": "   "},
    )
    assert response.status_code == 200 and "This field is required." in response.text
    assert '<details class="reply-box" open>' in response.text
    assert not CheckInReply.objects.exists()


def test_author_and_owner_may_remove_a_reply_but_other_peers_may_not(circle, shared_check_in):
    other = make_person("Olive Other")
    group = circle.peer.peer_group_places.get().group
    group.memberships.create(round=group.round, user=other)
    first, second = make_reply(circle.peer, shared_check_in), make_reply(other, shared_check_in)
    with pytest.raises(GoalError, match="Only the reply's author or the goal's owner"):
        services.delete_reply(actor=other, reply=first)
    goal = shared_check_in.goal
    client_for(circle.peer).post(reverse("goals:reply_delete", args=[goal.pk, first.pk]))
    client_for(circle.owner).post(reverse("goals:reply_delete", args=[goal.pk, second.pk]))
    assert not CheckInReply.objects.exists()

"""The one way views and the API fetch goals, check-ins and replies for a person.

Each helper returns the object or raises Http404, so a private goal, or one
shared with a group the person is not in, is indistinguishable from one that
does not exist.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.goals.models import CheckIn, CheckInReply, StretchGoal
from convene.people.models import User


def get_goal_for_user(user: User | AnonymousUser, goal_id: uuid.UUID) -> StretchGoal:
    """A goal the person may see: their own, or one a peer shares with them."""
    goals = StretchGoal.objects.visible_to(user).select_related("owner")
    return get_object_or_404(goals, pk=goal_id)


def get_own_goal(user: User | AnonymousUser, goal_id: uuid.UUID) -> StretchGoal:
    """A goal of the person's own, for pages only the owner has (editing, deleting)."""
    goal = get_goal_for_user(user, goal_id)
    if goal.owner_id != user.pk:
        raise Http404
    return goal


def get_check_in_for_user(
    user: User | AnonymousUser, goal: StretchGoal, check_in_id: int
) -> CheckIn:
    """A check-in on `goal`, which the caller fetched through get_goal_for_user."""
    return get_object_or_404(
        CheckIn.objects.visible_to(user).select_related("goal__owner"), goal=goal, pk=check_in_id
    )


def get_reply_for_user(
    user: User | AnonymousUser, goal: StretchGoal, reply_id: int
) -> CheckInReply:
    """A reply on one of `goal`'s check-ins."""
    return get_object_or_404(
        CheckInReply.objects.visible_to(user).select_related("author", "check_in__goal__owner"),
        check_in__goal=goal,
        pk=reply_id,
    )

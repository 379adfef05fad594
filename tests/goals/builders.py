"""Builders for stretch-goal tests: peer groups to share with, goals and check-ins."""

from __future__ import annotations

import itertools
from typing import Any

from convene.goals import services
from convene.goals.models import CheckIn, CheckInReply, StretchGoal
from convene.peergroups.models import GroupMember, PeerGroup, Round
from convene.people.models import User
from tests.factories import make_person

_numbers = itertools.count(1)

PRIVATE = StretchGoal.Visibility.PRIVATE
SHARED = StretchGoal.Visibility.PEER_GROUP


def make_group(*people: User, published: bool = True, round: Round | None = None) -> PeerGroup:
    """Put `people` in one group of a round (a new one unless given), published or not."""
    if round is None:
        status = Round.Status.PUBLISHED if published else Round.Status.READY
        round = Round.objects.create(
            title=f"Round {next(_numbers)}", status=status, created_by=make_person("Round Maker")
        )
    group = PeerGroup.objects.create(round=round, number=round.groups.count() + 1)
    for person in people:
        GroupMember.objects.create(round=round, group=group, user=person)
    return group


def make_goal(owner: User, *, shared: bool = False, **fields: Any) -> StretchGoal:
    number = next(_numbers)
    fields.setdefault("title", f"Speak up earlier in senior meetings ({number})")
    fields.setdefault("success", "I say what I think **before** the decision is made.")
    return services.set_goal(actor=owner, visibility=SHARED if shared else PRIVATE, **fields)


def make_check_in(goal: StretchGoal, rating: int = 3, **fields: Any) -> CheckIn:
    fields.setdefault("note", "Tried it twice; the second time went better.")
    return services.record_check_in(actor=goal.owner, goal=goal, rating=rating, **fields)


def make_reply(
    author: User, check_in: CheckIn, body: str = "Well done, keep going!"
) -> CheckInReply:
    return services.reply_to_check_in(actor=author, check_in=check_in, body=body)

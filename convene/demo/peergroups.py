"""A published round of peer coaching triads in Leading Through Change, and life in one triad.

Everything here is fictional. The round was formed by the same search a
convenor runs, stopped after a fixed number of trials so that the demo is the
same every time. Sam Okafor, the member persona, is in one of its triads,
which has talked and agreed when to meet. New Managers' Circle, the convenor
persona's community, has no round yet: forming one is the first thing to try.
"""

from __future__ import annotations

import datetime

from convene.communities.models import Community, Membership
from convene.demo.builders import Demo, days_before_anchor, moment
from convene.goals.models import CheckIn, CheckInReply, StretchGoal
from convene.notifications.models import Notification
from convene.peergroups import services
from convene.peergroups.models import (
    Availability,
    DiversityWeights,
    GroupMessage,
    MeetingProposal,
    PeerGroup,
    Round,
)
from convene.people.models import User

COMMUNITY = "Leading Through Change"
MEMBER = "member@northgate.example"
TRIALS = 300
SEED = 2026
PUBLISHED_DAYS_AGO = 38

ENCOURAGEMENT = (
    "Slower and messier is exactly what handing over looks like. In our last session you "
    "said you fill silences; counting to ten in your head worked for me."
)
CONVERSATION = (
    "Hello both. I have booked a room at Leeds for our first session, but happy to go "
    "online if travelling is a pain. I would like to bring the planning-meeting handover "
    "I keep putting off.",
    "Online suits me better this month. I can be the coach first if you like; I have "
    "been reading about asking questions instead of offering fixes, and need the practice.",
    "Works for me. Let's keep to the triad format: twenty minutes each as the one with "
    "the issue, the coach and the observer, then ten minutes on what we noticed.",
    "Thank you for last time. I tried the question you suggested — “what would you do "
    "if I were not here?” — and the team came up with a better plan than mine.",
)


def build_peer_groups(demo: Demo) -> str:
    community = demo.communities[COMMUNITY]
    round = _formed_round(community, demo)
    group = PeerGroup.objects.get(round=round, memberships__user=demo.person(MEMBER))
    _talk(group, round)
    _agree_a_time(group)
    _encourage(group, demo.person(MEMBER))
    notices = _announce(round)
    return f"1 published round of {round.groups.count()} triads, {notices} notifications"


def _formed_round(community: Community, demo: Demo) -> Round:
    convenor = Membership.objects.current().convenors().get(community=community).user
    created = moment(days_before_anchor(PUBLISHED_DAYS_AGO + 2), demo.rng("peergroups"))
    round = Round.objects.create(
        title="Autumn peer coaching triads",
        kind=Round.Kind.TRIAD,
        min_size=3,
        max_size=4,
        weights=DiversityWeights.current().as_dict(),
        seed=SEED,
        created_by=convenor,
        created_at=created,
    )
    round.communities.set([community])
    services.form_round(str(round.pk), max_trials=TRIALS)
    round.refresh_from_db()
    assert round.status == Round.Status.READY, round.failure
    published = created + datetime.timedelta(days=2)
    Round.objects.filter(pk=round.pk).update(
        status=Round.Status.PUBLISHED,
        formed_at=created,
        published_at=published,
        published_by=convenor,
    )
    round.refresh_from_db()
    return round


def _talk(group: PeerGroup, round: Round) -> None:
    members = [place.user for place in group.memberships.select_related("user")]
    assert round.published_at is not None
    for number, body in enumerate(CONVERSATION):
        GroupMessage.objects.create(
            group=group,
            author=members[number % len(members)],
            body=body,
            created_at=round.published_at + datetime.timedelta(days=1 + 9 * number, hours=2),
        )


def _agree_a_time(group: PeerGroup) -> None:
    """A session six weeks after the demo's day, which everyone has said suits them."""
    members = [place.user for place in group.memberships.select_related("user")]
    when = days_before_anchor(-40)
    agreed = datetime.datetime.combine(
        days_before_anchor(3), datetime.time(16), tzinfo=datetime.UTC
    )
    proposal = MeetingProposal.objects.create(
        group=group,
        proposed_by=members[0],
        starts_at=datetime.datetime.combine(when, datetime.time(9, 30), tzinfo=datetime.UTC),
        minutes=90,
        place="Online: the link is in the calendar invitation",
        confirmed_at=agreed,
        created_at=agreed - datetime.timedelta(days=2),
    )
    Availability.objects.bulk_create(
        Availability(proposal=proposal, user=member, answer=Availability.Answer.YES)
        for member in members
    )


def _encourage(group: PeerGroup, member: User) -> None:
    """A triad peer answers the member's latest check-in on the goal he shares."""
    check_in = (
        CheckIn.objects.filter(
            goal__owner=member, goal__visibility=StretchGoal.Visibility.PEER_GROUP
        )
        .order_by("-month")
        .first()
    )
    if check_in is None:
        return
    peer = group.memberships.exclude(user=member).select_related("user")[0].user
    CheckInReply.objects.create(
        check_in=check_in,
        author=peer,
        body=ENCOURAGEMENT,
        created_at=check_in.created_at + datetime.timedelta(days=1),
    )


def _announce(round: Round) -> int:
    """The notifications publishing sent, already read: the round is weeks old."""
    published = round.published_at
    assert published is not None, "the round was published before it is announced"
    places = list(round.placements.select_related("user", "group").order_by("group__number"))
    notices = [
        Notification(
            recipient=place.user,
            actor=round.published_by,
            kind=Notification.Kind.PEER_GROUP,
            message=services.announcement(
                round,
                place.group.number,
                [p.user.full_name for p in places if p.group == place.group and p != place],
            ),
            url=place.group.get_absolute_url(),
            key=f"peergroup:{place.group.pk}",
            created_at=published,
            read_at=published,
            emailed_at=published,
        )
        for place in places
        if place.user_id != round.published_by_id
    ]
    Notification.objects.bulk_create(notices)
    return len(notices)

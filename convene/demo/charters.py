"""The charters of two demo communities, written in the members' own words.

Everything here is fictional. The New Managers' Circle, convened by Grace
Whitfield, adopted its first charter in the spring and is now discussing a
second version; Leading Through Change has one adopted charter. The versions
are written straight to the database, with their dates, rather than through
the services, so that the demo tells no one about proposals made months ago.
"""

from __future__ import annotations

import datetime
import random
from typing import NamedTuple

from convene.communities.models import (
    CharterComment,
    CharterEndorsement,
    CharterVersion,
    Community,
    Membership,
)
from convene.demo.builders import Demo, days_before_anchor, moment
from convene.demo.discussions import prose
from convene.people.models import User

Status = CharterVersion.Status
CIRCLE = "New Managers' Circle"
CHANGE = "Leading Through Change"
ENDORSERS = 4


class Draft(NamedTuple):
    """One version: when it was written, its four parts and what changed."""

    days_ago: int
    purpose: str
    norms: str
    rhythm: str
    offer: str
    note: str


CIRCLE_FIRST = Draft(
    days_ago=170,
    purpose=prose(
        """
        A confidential space for managers in their first years in the role to talk
        openly about what is hard, to learn from one another, and to grow in
        confidence together. Nobody here is expected to have it all worked out.
        """
    ),
    norms=prose(
        """
        - What is said in the circle stays in the circle.
        - We listen to understand before we offer advice, and we ask before we advise.
        - We bring real situations from our own teams, not hypothetical ones.
        - We turn up when we can, and say so when we cannot.
        """
    ),
    rhythm=prose(
        """
        We meet every three weeks for ninety minutes, alternating between Sheffield
        and online, using a simple action-learning format: one member brings a
        situation, the others ask questions, and the member chooses a next step.
        """
    ),
    offer=prose(
        """
        An honest account of what new managers find hard at Northgate, shared with
        the People team each quarter without naming anyone.
        """
    ),
    note="Our first charter, agreed at the spring gathering.",
)

CIRCLE_SECOND = Draft(
    days_ago=9,
    purpose=CIRCLE_FIRST.purpose,
    norms=prose(
        """
        - What is said in the circle stays in the circle.
        - We listen to understand before we offer advice, and we ask before we advise.
        - We bring real situations from our own teams, not hypothetical ones.
        - We say so when we disagree, kindly and in the room, rather than afterwards.
        - We turn up when we can, and say so when we cannot.
        """
    ),
    rhythm=prose(
        """
        We meet every three weeks for ninety minutes, alternating between Sheffield
        and online, using a simple action-learning format: one member brings a
        situation, the others ask questions, and the member chooses a next step.

        Between meetings, members who wish to meet in peer coaching triads for half
        an hour a fortnight, to follow up the steps they chose.
        """
    ),
    offer=prose(
        """
        An honest account of what new managers find hard at Northgate, shared with
        the People team each quarter without naming anyone.

        Members who have been in the circle for a year offer to welcome the next
        intake of new managers, and to help shape the introductory programme.
        """
    ),
    note=(
        "Adds peer coaching triads between meetings, a norm about disagreeing openly "
        "and a fuller offer, drawing on the reflections members shared."
    ),
)

CIRCLE_COMMENTS = (
    prose(
        """
        I like the triads, but could we say plainly that joining one is optional?
        Some of us have very little slack in the shift rota.
        """
    ),
    prose(
        """
        The line about disagreeing in the room is the one I needed. Could we also
        agree to check in with anyone who has been quiet for a few meetings?
        """
    ),
)

CHANGE_FIRST = Draft(
    days_ago=230,
    purpose=prose(
        """
        To help managers lead their teams through change they did not design and
        cannot fully control, by thinking real situations through with colleagues
        from other functions and trying something different before we next meet.
        """
    ),
    norms=prose(
        """
        - Nobody is expected to have the answers; everyone is expected to be honest
          about what is and is not working.
        - We keep the detail of one another's situations to ourselves.
        - We challenge ideas, not people.
        """
    ),
    rhythm=prose(
        """
        Monthly, for two hours, alternating between sites and online. Each gathering
        ends with everyone naming one thing they will try before the next.
        """
    ),
    offer=prose(
        """
        Early warning of where change is landing badly on the front line, and tested
        ideas for easing it, shared with the programme boards that run the change.
        """
    ),
    note="Our first charter, adopted at the January gathering.",
)


def build_charters(demo: Demo) -> str:
    """Give two communities an adopted charter, and the Circle a second version under discussion."""
    rng = demo.rng("charters")
    circle, change = demo.communities[CIRCLE], demo.communities[CHANGE]
    convenor = leader_of(circle)
    adopt(write(circle, 1, CIRCLE_FIRST, convenor, rng), convenor, rng)
    second = write(circle, 2, CIRCLE_SECOND, convenor, rng)
    CharterVersion.objects.filter(pk=second.pk).update(
        status=Status.PROPOSED, proposed_at=second.created_at
    )
    voices = members_before(circle, second.created_at)
    rng.shuffle(voices)
    comments = discuss(second, voices[:2], rng)
    endorsements = endorse(second, voices[1 : 1 + ENDORSERS], rng)
    change_leader = leader_of(change)
    adopt(write(change, 1, CHANGE_FIRST, change_leader, rng), change_leader, rng)
    return (
        f"2 community charters (3 versions), {comments} comments and {endorsements} "
        "endorsements on the proposal in the New Managers' Circle"
    )


def leader_of(community: Community) -> User:
    membership = community.memberships.current().convenors().order_by("joined_at", "id").first()
    assert membership is not None, "every demo community has a convenor"
    return membership.user


def members_before(community: Community, when: datetime.datetime) -> list[User]:
    """Members without a role who had joined by `when`, in a fixed order."""
    memberships = (
        community.memberships.current()
        .filter(role=Membership.Role.MEMBER, joined_at__lt=when)
        .select_related("user")
        .order_by("user__email")
    )
    return [membership.user for membership in memberships]


def write(
    community: Community, number: int, draft: Draft, author: User, rng: random.Random
) -> CharterVersion:
    return CharterVersion.objects.create(
        community=community,
        number=number,
        author=author,
        created_at=moment(days_before_anchor(draft.days_ago), rng),
        purpose=draft.purpose,
        norms=draft.norms,
        rhythm=draft.rhythm,
        offer=draft.offer,
        note=draft.note,
    )


def adopt(version: CharterVersion, leader: User, rng: random.Random) -> None:
    """Record a version as proposed on the day it was written and adopted a fortnight later."""
    adopted_at = version.created_at + datetime.timedelta(days=14, hours=rng.randint(0, 6))
    CharterVersion.objects.filter(pk=version.pk).update(
        status=Status.ADOPTED,
        proposed_at=version.created_at,
        adopted_at=adopted_at,
        adopted_by=leader,
    )


def discuss(version: CharterVersion, people: list[User], rng: random.Random) -> int:
    comments = [
        CharterComment(
            version=version,
            author=person,
            body=body,
            created_at=version.created_at + datetime.timedelta(days=day, hours=rng.randint(1, 8)),
        )
        for day, (person, body) in enumerate(zip(people, CIRCLE_COMMENTS, strict=True), start=1)
    ]
    for comment in comments:
        comment.save()  # renders the Markdown
    return len(comments)


def endorse(version: CharterVersion, people: list[User], rng: random.Random) -> int:
    return len(
        CharterEndorsement.objects.bulk_create(
            CharterEndorsement(
                version=version,
                user=person,
                created_at=version.created_at
                + datetime.timedelta(days=day, hours=rng.randint(1, 8)),
            )
            for day, person in enumerate(people, start=1)
        )
    )

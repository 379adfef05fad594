"""The stretch goals the demo's people have set, and their monthly check-ins.

Everything here is fictional. Sam Okafor, the member persona, has two goals,
one shared with his peer groups and one private, each with a couple of
check-ins; a handful of colleagues from Sam's communities have goals of their
own. Only people in a published peer group with the owner can reply, so the
replies come with the demo's round of triads (convene/demo/peergroups.py).
"""

from __future__ import annotations

import datetime
import random
from typing import NamedTuple

from convene.communities.models import Membership
from convene.demo import data
from convene.demo.builders import PERSONA_EMAILS, Demo, days_before_anchor, moment
from convene.demo.discussions import prose
from convene.goals.models import CheckIn, StretchGoal, month_of
from convene.people.models import User

MEMBER = "member@northgate.example"
CONVENOR = "convenor@northgate.example"
SHARED = StretchGoal.Visibility.PEER_GROUP
PRIVATE = StretchGoal.Visibility.PRIVATE
COLLEAGUES = 4  # people from Sam's communities who also set goals


class Plan(NamedTuple):
    """One goal: how long ago it was set, its words, and its check-ins (rating, note)."""

    days_ago: int
    title: str
    success: str
    stretch: str
    visibility: str
    target_days: int | None
    check_ins: tuple[tuple[int, str], ...]
    status: str = StretchGoal.Status.ACTIVE


SAM = (
    Plan(
        days_ago=80,
        title="Hand the weekly planning meeting over to my team",
        success=prose(
            """
            By the new year one of the team chairs planning each week, on a rota, and
            I join as a participant. Decisions still get made in the hour, and nobody
            waits for me to say "go".
            """
        ),
        stretch=prose(
            """
            I have chaired it for six years. When it goes quiet I fill the silence,
            and when someone is unsure I answer for them. Letting the meeting be slower
            and messier for a while is the hard part.
            """
        ),
        visibility=SHARED,
        target_days=60,
        check_ins=(
            (
                2,
                "Asked for volunteers; two offered. I still took over halfway through.",
            ),
            (
                3,
                prose(
                    """
                    Priti and Tom have each chaired twice. I sat on my hands (literally) when
                    the room went quiet, and someone else spoke first.

                    - next: put the rota on the wall
                    - next: ask them what they need from me
                    """
                ),
            ),
        ),
    ),
    Plan(
        days_ago=40,
        title="Give difficult feedback within a week, not a month",
        success="When something needs saying, I say it within five working days, in person.",
        stretch=prose(
            """
            I wait for the perfect moment, which never comes, and the feedback lands
            weeks late when it no longer helps anyone.
            """
        ),
        visibility=PRIVATE,
        target_days=120,
        check_ins=((2, "One conversation done on day four. One still waiting after three weeks."),),
    ),
)

OTHERS = (
    Plan(
        days_ago=95,
        title="Say no to one meeting a week and use the time to coach",
        success="An hour a week, protected in my calendar, spent with someone in my team.",
        stretch="I treat every invitation as an obligation.",
        visibility=SHARED,
        target_days=None,
        check_ins=(
            (2, "Declined one meeting; felt guilty all afternoon."),
            (4, "Three weeks running."),
        ),
    ),
    Plan(
        days_ago=70,
        title="Present our site's numbers to the executive team myself",
        success="I present, take the questions and follow up, without my manager stepping in.",
        stretch="Speaking to a room of directors makes my mind go blank.",
        visibility=SHARED,
        target_days=75,
        check_ins=(
            (3, "Rehearsed with the community; useful challenge."),
            (5, "Done. It went fine."),
        ),
        status=StretchGoal.Status.ACHIEVED,
    ),
    Plan(
        days_ago=50,
        title="Ask someone from another function for help each month",
        success="A short list of colleagues elsewhere I can call, and who call me.",
        stretch="I prefer to work things out alone rather than look as if I do not know.",
        visibility=SHARED,
        target_days=180,
        check_ins=(
            (3, "Called someone in Finance about the budget model. Should have done it sooner."),
        ),
    ),
    Plan(
        days_ago=30,
        title="Stop rewriting my team's reports",
        success="Reports go out in my team's words, with my comments but not my rewrites.",
        stretch="My standards are really my preferences, and letting go feels like lowering them.",
        visibility=PRIVATE,
        target_days=90,
        check_ins=(),
    ),
    Plan(
        days_ago=110,
        title="Learn enough about data to challenge our dashboards",
        success="I can ask where a number comes from and understand the answer.",
        stretch="Figures intimidate me, so I nod along.",
        visibility=PRIVATE,
        target_days=None,
        check_ins=((1, "No time this month."), (1, "Still nothing. Setting this aside for now.")),
        status=StretchGoal.Status.SET_ASIDE,
    ),
)


def build_goals(demo: Demo) -> str:
    """Give Sam two goals and a few colleagues one each, with their check-ins."""
    rng = demo.rng("goals")
    owners = [(demo.person(MEMBER), plan) for plan in SAM]
    others = [demo.person(CONVENOR), *_colleagues(demo, rng)]
    owners += list(zip(others, OTHERS, strict=False))
    goals = [_goal(owner, plan, rng) for owner, plan in owners]
    check_ins = [
        check_in
        for goal, (_owner, plan) in zip(goals, owners, strict=True)
        for check_in in _check_ins(goal, plan, rng)
    ]
    shared = sum(goal.visibility == SHARED for goal in goals)
    return f"{len(goals)} stretch goals ({shared} shared), {len(check_ins)} check-ins"


def _colleagues(demo: Demo, rng: random.Random) -> list[User]:
    """People who share a community with Sam, other than the personas, in a fixed order."""
    member = demo.person(MEMBER)
    communities = Membership.objects.current().filter(user=member).values("community")
    members = Membership.objects.current().filter(community__in=communities)
    emails = sorted(
        set(members.exclude(user__email__in=PERSONA_EMAILS).values_list("user__email", flat=True))
    )
    return [demo.person(email) for email in rng.sample(emails, min(COLLEAGUES, len(emails)))]


def _goal(owner: User, plan: Plan, rng: random.Random) -> StretchGoal:
    created = moment(days_before_anchor(plan.days_ago), rng)
    target = None
    if plan.target_days is not None:
        target = data.ANCHOR_DATE + datetime.timedelta(days=plan.target_days)
    return StretchGoal.objects.create(
        owner=owner,
        title=plan.title,
        success=plan.success,
        stretch=plan.stretch,
        target_date=target,
        status=plan.status,
        visibility=plan.visibility,
        created_at=created,
        updated_at=created,
        status_changed_at=None if plan.status == StretchGoal.Status.ACTIVE else created,
    )


def _check_ins(goal: StretchGoal, plan: Plan, rng: random.Random) -> list[CheckIn]:
    """One check-in a month after the goal was set, the last in the month before the anchor."""
    last = month_of(days_before_anchor(0)) - datetime.timedelta(days=1)
    months: list[datetime.date] = []
    month = month_of(last)
    for _ in plan.check_ins:
        months.insert(0, month)
        month = month_of(month - datetime.timedelta(days=1))
    made = []
    for when, (rating, note) in zip(months, plan.check_ins, strict=True):
        day = max(when.replace(day=rng.randint(20, 28)), goal.created_at.date())
        created = moment(day, rng)
        made.append(
            CheckIn.objects.create(
                goal=goal,
                month=when,
                rating=rating,
                note=note,
                created_at=created,
                updated_at=created,
            )
        )
    return made

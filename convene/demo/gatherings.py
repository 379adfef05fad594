"""The demo's gatherings: three months of past ones, and the next few in four communities.

Everything here is fictional. Leading Through Change, Data-Informed
Leadership and the New Managers' Circle each met monthly over the last
quarter: attendance is recorded, the facilitator's notes are written, and
some attendees said what they would apply (some have since said what
happened). Coming up are a Troika Consulting session in the New Managers'
Circle, a 1-2-4-All in Leading Through Change, an action learning set in
Data-Informed Leadership (plus one cancelled session, so calendars show a
cancellation) and a peer coaching triad in Cross-Site Innovators.

Rows are written straight to the database, with their dates, rather than
through the services, so that the demo tells no one about events weeks ago.
Dates run from today rather than the demo's anchor, so upcoming gatherings
are upcoming whenever the demo is built. Facilitators rotate as Convene's
suggestion would have it, so the suggestion on the next scheduling page
points to someone who has not facilitated yet.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.demo.builders import Demo
from convene.gatherings import formats
from convene.gatherings.models import Attendance, Gathering, Intention, Rsvp
from convene.gatherings.services import suggest_facilitator
from convene.people.models import User

LONDON = zoneinfo.ZoneInfo("Europe/London")
CHANGE = "Leading Through Change"
DATA = "Data-Informed Leadership"
CIRCLE = "New Managers' Circle"
INNOVATORS = "Cross-Site Innovators"
SAM = "member@northgate.example"
DAY = datetime.timedelta(days=1)
TEAMS = "https://meet.northgate.example/"


@dataclass(frozen=True)
class Plan:
    """One gathering to write: when, where, what happened."""

    community: str
    days: int
    hour: int
    minute: int
    title: str
    format: str
    place: str = ""
    online: str = ""
    capacity: int | None = None
    notes: str = ""
    cancelled: bool = False


PAST: tuple[Plan, ...] = (
    Plan(
        CHANGE, -84, 14, 0, "Troika Consulting: change we did not choose", "troika",
        place="Training room 2, Harbour House, Leeds", capacity=18,
        notes=(
            "## What we worked on\n\n"
            "Six trios, three rounds each. The challenges ranged from a depot team that "
            "has stopped using the new job-scheduling app to a manager who has to announce "
            "a shift pattern she disagrees with.\n\n"
            "## What we noticed\n\n"
            "- Turning your back is awkward for about thirty seconds, then oddly freeing.\n"
            "- Several consultants said the hardest part was not jumping to advice in the "
            "clarifying questions.\n"
            "- Two people asked to bring the same challenge back next month to say how "
            "it went.\n\n"
            "*Next time:* 1-2-4-All on what the asset system is asking of our teams."
        ),
    ),
    Plan(
        CHANGE, -56, 13, 30, "1-2-4-All: what does good change communication look like?",
        "one_two_four_all", online=TEAMS + "ltc-september",
        notes=(
            "We used breakout rooms for the pairs and fours and the chat for the whole "
            "group. The strongest themes:\n\n"
            "1. **Say what is not changing**, not only what is.\n"
            "2. Give the *why* before the *what*, and do it in person where you can.\n"
            "3. Come back a fortnight later and ask what people have heard, because it is "
            "rarely what you said.\n\n"
            "Several people want to try the fortnight check-back with their own teams."
        ),
    ),
    Plan(
        CHANGE, -28, 14, 0, "Action learning set: leading a team through the restructure",
        "action_learning", place="Meeting room 4, Don Valley depot, Sheffield", capacity=8,
        notes=(
            "Two presenters today. The first brought a team that has gone quiet since the "
            "restructure was announced; the set's questions moved her from \"how do I get "
            "them talking\" to \"what have I stopped doing that used to make it safe to "
            "talk\". The second presenter asked for more time to think and will bring it "
            "back.\n\n"
            "The review: we slipped into advice twice. Worth naming sooner next time."
        ),
    ),
    Plan(
        DATA, -70, 10, 0, "Open discussion: the dashboard that everyone quotes", "open_discussion",
        place="Room 3.1, Piccadilly Place, Manchester", online=TEAMS + "dil-august",
        notes=(
            "We took the repairs performance dashboard apart line by line. Agreed that the "
            "\"average days to complete\" figure hides a long tail of jobs that take months, "
            "and that we should ask for the median and the 90th percentile alongside it.\n\n"
            "Action for the convenor: share the worked example on the community page."
        ),
    ),
    Plan(
        DATA, -35, 10, 0, "1-2-4-All: one question you wish you could answer with data",
        "one_two_four_all", online=TEAMS + "dil-september",
        notes=(
            "Plenty of energy. The questions that came up most often were about demand we "
            "never see (the calls that never reach the contact centre) and about whether "
            "overtime is really cheaper than agency cover. Two analysts offered to pair "
            "with front-line managers on these."
        ),
    ),
    Plan(
        CIRCLE, -63, 12, 30, "Open discussion: the first ninety days", "open_discussion",
        place="Quiet room, Harbour House, Leeds",
        notes=(
            "A frank conversation about becoming the manager of people who were your peers "
            "last month. Common threads: being clear about what has changed in the "
            "relationship and what has not, and finding one person outside the team to "
            "think out loud with.\n\n"
            "What is said in the circle stays in the circle; these notes record themes only."
        ),
    ),
    Plan(
        CIRCLE, -35, 12, 30, "Peer coaching triads: giving feedback that lands",
        "peer_coaching_triad", place="Quiet room, Harbour House, Leeds", capacity=12,
        notes=(
            "Three rounds of twelve minutes. Observers noticed how often the coach's first "
            "question was really a suggestion. Everyone left with one piece of feedback to "
            "give this week, and a plan for how to open the conversation."
        ),
    ),
)  # fmt: skip

UPCOMING: tuple[Plan, ...] = (
    Plan(
        CIRCLE, 9, 12, 30, "Troika Consulting: the conversation you keep putting off", "troika",
        place="Quiet room, Harbour House, Leeds", online=TEAMS + "nmc-troika", capacity=12,
    ),
    Plan(
        CHANGE, 6, 13, 30, "1-2-4-All: what the new asset system is asking of our teams",
        "one_two_four_all", online=TEAMS + "ltc-next", capacity=30,
    ),
    Plan(
        CHANGE, 34, 14, 0, "Troika Consulting: resistance, or a reasonable question?", "troika",
        place="Training room 2, Harbour House, Leeds", capacity=18,
    ),
    Plan(
        DATA, 16, 10, 0, "Action learning set: reading the repairs backlog", "action_learning",
        place="Room 3.1, Piccadilly Place, Manchester", capacity=8,
    ),
    Plan(
        DATA, 12, 16, 0, "Drop-in: ask an analyst", "open_discussion",
        online=TEAMS + "dil-drop-in", cancelled=True,
    ),
    Plan(
        INNOVATORS, 20, 11, 0, "Peer coaching triads: pitching an idea to another site",
        "peer_coaching_triad", place="Boardroom, Quayside office, Newcastle", capacity=12,
    ),
)  # fmt: skip

INTENTIONS = (
    "Run a Troika round with my own team leaders at our next monthly meeting.",
    "Say what is not changing before I say what is, when I brief the team on the new rota.",
    "Ask two open questions before I offer any advice in one-to-ones this month.",
    "Go back to the team a fortnight after the announcement and ask what they heard.",
    "Ask for the median as well as the average in the next performance pack.",
    "Spend ten minutes a week with one person outside my team to think out loud.",
    "Give one piece of specific, kind feedback each week and note how it is received.",
    "Open the Monday huddle with 1-2-4-All on the week's biggest risk.",
)
OUTCOMES = (
    "Did it twice. The first time was stiff; the second time one of my team leaders said it "
    "was the most useful twenty minutes of the meeting.",
    "It helped. Fewer rumours afterwards, and two people told me it was the first briefing "
    "that made sense.",
    "Harder than I expected. I managed it in about half my one-to-ones, and those were the "
    "better conversations.",
    "Very revealing: what people had heard was not what I thought I had said. I will make "
    "it a habit.",
)


def build_gatherings(demo: Demo) -> str:
    """Write past gatherings with attendance, notes and intentions, and the next few."""
    rng = demo.rng("gatherings")
    today = timezone.localdate()
    past = [_past(demo, plan, rng, today) for plan in PAST]
    upcoming = [_upcoming(demo, plan, rng, today) for plan in UPCOMING]
    intentions = sum(
        _intentions(demo, gathering, index, today) for index, gathering in enumerate(past)
    )
    return (
        f"{len(past)} past gatherings with attendance and notes, {intentions} “what will I "
        f"apply?” entries, and {len(upcoming)} upcoming, including Troika Consulting in the "
        f"{CIRCLE}"
    )


def _at(today: datetime.date, plan: Plan) -> datetime.datetime:
    day = today + plan.days * DAY
    return datetime.datetime.combine(day, datetime.time(plan.hour, plan.minute), tzinfo=LONDON)


def _minutes(plan: Plan) -> int:
    template = formats.get_format(plan.format).minutes or 60
    return max(60, -(-template // 15) * 15)


def _write(demo: Demo, plan: Plan, today: datetime.date, facilitator: User | None) -> Gathering:
    community = demo.communities[plan.community]
    starts = _at(today, plan)
    leader = _leader(community)
    created = timezone.now() - max(21, 21 - plan.days) * DAY
    return Gathering.objects.create(
        community=community,
        title=plan.title,
        format=plan.format,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=_minutes(plan)),
        time_zone="Europe/London",
        place=plan.place,
        online_link=plan.online,
        agenda=[step.as_dict() for step in formats.get_format(plan.format).steps],
        capacity=plan.capacity,
        facilitator=facilitator,
        notes=plan.notes,
        created_by=leader,
        created_at=created,
        updated_at=created,
    )


def _past(demo: Demo, plan: Plan, rng: random.Random, today: datetime.date) -> Gathering:
    community = demo.communities[plan.community]
    suggestion = suggest_facilitator(community)
    gathering = _write(demo, plan, today, suggestion.person if suggestion else None)
    members = _members_before(community, gathering.starts_at)
    came = [
        p
        for p in members
        if rng.random() < 0.7
        or p in (gathering.facilitator, gathering.created_by)
        or p.email == SAM
    ]
    # Those who must come take places first when the room is small.
    came.sort(key=lambda p: (p != gathering.facilitator, p != gathering.created_by, p.email != SAM))
    if plan.capacity:
        came = came[: plan.capacity]
    declined = [p for p in members if p not in came and rng.random() < 0.5]
    answered = gathering.starts_at - 3 * DAY
    Rsvp.objects.bulk_create(
        [Rsvp(gathering=gathering, user=p, answer="yes", answered_at=answered) for p in came]
        + [Rsvp(gathering=gathering, user=p, answer="no", answered_at=answered) for p in declined]
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                gathering=gathering,
                user=p,
                recorded_by=gathering.facilitator or gathering.created_by,
                recorded_at=gathering.ends_at,
            )
            for p in came
        ]
    )
    Gathering.objects.filter(pk=gathering.pk).update(yes_count=len(came))
    return gathering


def _upcoming(demo: Demo, plan: Plan, rng: random.Random, today: datetime.date) -> Gathering:
    community = demo.communities[plan.community]
    suggestion = suggest_facilitator(community)
    gathering = _write(demo, plan, today, suggestion.person if suggestion else None)
    members = _members_before(community, timezone.now())
    limit = (plan.capacity or len(members)) - 2
    replies: list[Rsvp] = []
    for person in members:
        roll = rng.random()
        if person == gathering.created_by:
            answer = "yes"
        elif person.email == SAM:
            answer = "yes" if plan.community == CHANGE and plan.days < 10 else ""
        elif roll < 0.45:
            answer = "yes"
        elif roll < 0.6:
            answer = "maybe"
        elif roll < 0.7:
            answer = "no"
        else:
            answer = ""
        if answer == "yes" and sum(r.answer == "yes" for r in replies) >= limit:
            answer = "maybe"
        if answer:
            replies.append(Rsvp(gathering=gathering, user=person, answer=answer))
    Rsvp.objects.bulk_create(replies)
    yes = sum(reply.answer == "yes" for reply in replies)
    if plan.cancelled:
        Gathering.objects.filter(pk=gathering.pk).update(
            status=Gathering.Status.CANCELLED,
            cancelled_at=timezone.now() - DAY,
            updated_at=timezone.now() - DAY,
            sequence=1,
            yes_count=yes,
        )
    else:
        Gathering.objects.filter(pk=gathering.pk).update(yes_count=yes)
    return gathering


def _intentions(demo: Demo, gathering: Gathering, index: int, today: datetime.date) -> int:
    """Some attendees say what they will apply; those asked long enough ago say what happened."""
    attendees = [
        a.user for a in gathering.attendances.select_related("user").order_by("user__email")
    ]
    sam = demo.person(SAM)
    chosen = [p for p in attendees if p == sam] + [p for p in attendees if p != sam][:3]
    rows = []
    for n, person in enumerate(chosen):
        weeks = (4, 2, 6, 3)[n % 4]
        follow_up = gathering.local_ends_at.date() + datetime.timedelta(weeks=weeks)
        text = INTENTIONS[(index + n) % len(INTENTIONS)]
        created = gathering.ends_at + datetime.timedelta(hours=2)
        outcome, recorded = "", None
        if follow_up < today - 3 * DAY and n % 3 != 2:
            outcome = OUTCOMES[(index + n) % len(OUTCOMES)]
            recorded = datetime.datetime.combine(
                follow_up + 2 * DAY, datetime.time(17, 30), tzinfo=LONDON
            )
        rows.append(
            Intention(
                gathering=gathering,
                user=person,
                text=text,
                follow_up_on=follow_up,
                outcome=outcome,
                outcome_recorded_at=recorded,
                reminded_at=recorded and recorded - 2 * DAY,
                created_at=created,
                updated_at=created,
            )
        )
    Intention.objects.bulk_create(rows)
    return len(rows)


def _leader(community: Community) -> User:
    current = community.memberships.current().select_related("user")
    leader = current.filter(role=Membership.Role.CONVENOR).first() or current.leaders().first()
    assert leader is not None, "every demo community has a convenor"
    return leader.user


def _members_before(community: Community, when: datetime.datetime) -> list[User]:
    memberships = (
        community.memberships.current()
        .filter(joined_at__lt=when, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )
    return [m.user for m in memberships]

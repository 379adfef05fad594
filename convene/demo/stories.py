"""The demo's value-creation stories: fifteen, across the communities, by several members.

Everything here is fictional. Sam Okafor (member@northgate.example) has three
stories: one shared with the organisation under his name, one private, and
one still unfolding, with the ending he hopes for and a reminder. Grace
Whitfield (convenor@northgate.example) has one in her private New Managers'
Circle. The rest are by members of each community, some shared with their
community, some with everyone, a few without their author's name. Steps
link to the demo's gatherings, posts, projects and contributions where the
community has them, and cover all five cycles of value (Wenger, Trayner & de
Laat 2011), so each community's value-creation matrix has something to show.

Stories are told through the services, which check every link against what
the author can see, and then dated back to when the demo says they happened.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.db.models import Model

from convene.agenda.models import Contribution
from convene.communities.models import Community, Membership
from convene.demo.builders import PERSONA_EMAILS, Demo, days_before_anchor, moment
from convene.discussions.models import Post
from convene.gatherings.models import Gathering
from convene.people.models import User
from convene.projects.models import Project
from convene.stories import services
from convene.stories.models import Step, Story
from convene.stories.services import Sharing, StepDraft

SAM = "member@northgate.example"
GRACE = "convenor@northgate.example"
CHANGE = "Leading Through Change"
DATA = "Data-Informed Leadership"
INNOVATORS = "Cross-Site Innovators"
CIRCLE = "New Managers' Circle"
COURAGE = "Courageous Conversations"
PRIVATE, COMMUNITY, ORGANISATION = Story.Visibility.values


class Plan(NamedTuple):
    """One story: who tells it (an e-mail, or the nth member of the community), where, its
    words, who reads it, and its steps as (cycle, text, what it came from)."""

    author: str | int
    community: str
    title: str
    visibility: str
    by_name: bool
    days_ago: int
    steps: tuple[tuple[str, str, str], ...]
    ending: str = ""


PLANS: tuple[Plan, ...] = (
    Plan(
        SAM,
        CHANGE,
        "From a troika to a calmer Monday queue",
        ORGANISATION,
        True,
        70,
        (
            (
                "immediate",
                "At the troika I described the Monday call spike. Two peers asked questions "
                "that made me see I was treating it as a staffing problem only.",
                "gathering",
            ),
            (
                "potential",
                "I left with a contact in workforce planning and a rough idea: move routine "
                "call-backs to Friday afternoon.",
                "",
            ),
            (
                "applied",
                "We trialled Friday call-backs for six weeks with one team, and I wrote up "
                "what we tried in the community's conversation.",
                "post",
            ),
            (
                "realised",
                "Abandoned calls on Mondays fell from about one in eight to one in twenty "
                "during the trial, and the team reported fewer tense starts to the week.",
                "",
            ),
        ),
    ),
    Plan(
        SAM,
        DATA,
        "Learning to read a control chart before reacting",
        PRIVATE,
        True,
        40,
        (
            (
                "potential",
                "A short session on run charts showed me that most of the weekly wobbles "
                "I react to are noise.",
                "gathering",
            ),
            (
                "applied",
                "I now plot the last twelve weeks before I ask a team leader about a dip.",
                "",
            ),
        ),
    ),
    Plan(
        SAM,
        CHANGE,
        "Team leaders running their own huddles",
        COMMUNITY,
        False,
        18,
        (
            (
                "immediate",
                "Hearing how another site rotates who chairs the morning huddle was the most "
                "useful ten minutes of the month.",
                "gathering",
            ),
            (
                "potential",
                "I have a simple rota and a one-page guide for whoever chairs.",
                "",
            ),
        ),
        ending="By the spring, each team leader chairs the huddle in turn without me in the "
        "room, and the team raises problems there before they reach me.",
    ),
    Plan(
        GRACE,
        CIRCLE,
        "A buddy for every new manager",
        COMMUNITY,
        True,
        90,
        (
            (
                "immediate",
                "Three of us admitted in the circle that our first month as managers was "
                "lonely. It helped just to say it.",
                "post",
            ),
            (
                "applied",
                "We paired each new manager with someone a year ahead and met monthly to "
                "compare notes.",
                "project",
            ),
            (
                "realised",
                "All six new managers this year stayed past their probation, and two said "
                "the buddy was the reason they asked for help early.",
                "",
            ),
        ),
    ),
    Plan(
        0,
        CHANGE,
        "Hand-over notes that people actually read",
        ORGANISATION,
        True,
        120,
        (
            (
                "potential",
                "A conversation about lost information between shifts gave me a template "
                "another site had already tested.",
                "post",
            ),
            ("applied", "We adapted the template and made it part of every hand-over.", "project"),
            (
                "realised",
                "Repeat call-outs caused by missed information halved over the quarter.",
                "",
            ),
            (
                "reframing",
                "Operations now counts the quality of hand-overs in its monthly review, "
                "not only response times.",
                "contribution",
            ),
        ),
    ),
    Plan(
        1,
        CHANGE,
        "Saying no to a project without losing the sponsor",
        COMMUNITY,
        False,
        55,
        (
            (
                "immediate",
                "Rehearsing the conversation with peers took the dread out of it.",
                "gathering",
            ),
            (
                "applied",
                "I explained what we would stop doing if we took the project on, and the "
                "sponsor chose for us.",
                "",
            ),
        ),
    ),
    Plan(
        0,
        DATA,
        "One dashboard instead of four spreadsheets",
        ORGANISATION,
        True,
        100,
        (
            (
                "potential",
                "Someone in the community had built a simple dashboard for their depot and "
                "offered to show me how.",
                "post",
            ),
            ("applied", "We built our own version with the same three measures.", "project"),
            (
                "realised",
                "The weekly review now takes twenty minutes instead of an hour, and we spend "
                "the time on what to do rather than what the numbers are.",
                "",
            ),
        ),
    ),
    Plan(
        1,
        DATA,
        "Asking what a number is for",
        ORGANISATION,
        False,
        35,
        (
            (
                "immediate",
                "A colleague's question — “who uses this report, and for what?” — stayed with "
                "me all week.",
                "gathering",
            ),
            (
                "reframing",
                "We retired two reports nobody used and agreed with finance which single "
                "measure tells us whether the change worked.",
                "",
            ),
        ),
    ),
    Plan(
        0,
        INNOVATORS,
        "Borrowing a repair idea from another site",
        ORGANISATION,
        True,
        80,
        (
            (
                "potential",
                "At a cross-site gathering I learned that another depot mends its own small "
                "kit rather than replacing it.",
                "gathering",
            ),
            ("applied", "We set up a monthly repair session with the same checklist.", "project"),
        ),
        ending="Within a year, half the small kit we used to replace is mended on site.",
    ),
    Plan(
        1,
        INNOVATORS,
        "A shared list of who knows what",
        COMMUNITY,
        True,
        45,
        (
            (
                "immediate",
                "I found the person who had solved my scheduling problem two years ago, by "
                "asking in the community.",
                "post",
            ),
            (
                "potential",
                "We started a shared list of who has tackled which problems, so the next "
                "person can find them faster.",
                "",
            ),
        ),
    ),
    Plan(
        2,
        INNOVATORS,
        "Piloting a four-day rota",
        ORGANISATION,
        False,
        25,
        (
            (
                "applied",
                "After comparing notes with two other sites, we piloted a four-day rota in "
                "one team.",
                "",
            ),
            (
                "realised",
                "Sickness absence in the pilot team fell by a third over three months, with "
                "no drop in cover.",
                "",
            ),
        ),
    ),
    Plan(
        0,
        CIRCLE,
        "My first difficult one-to-one",
        COMMUNITY,
        False,
        60,
        (
            (
                "immediate",
                "Practising the opening sentence with the circle made it possible to start.",
                "gathering",
            ),
            (
                "applied",
                "I held the conversation the following week and we agreed a plan together.",
                "",
            ),
        ),
    ),
    Plan(
        1,
        CIRCLE,
        "Delegating the rota",
        PRIVATE,
        True,
        20,
        (
            (
                "potential",
                "The circle helped me see that keeping the rota to myself was about control, "
                "not quality.",
                "",
            ),
        ),
        ending="A team leader owns the rota by the end of the quarter and I check it only "
        "once a month.",
    ),
    Plan(
        0,
        COURAGE,
        "Naming the thing no one mentions",
        COMMUNITY,
        False,
        75,
        (
            (
                "immediate",
                "In a practice round I said out loud what our team meetings avoid.",
                "gathering",
            ),
            (
                "applied",
                "I raised it with my own team, carefully, with the words we had practised.",
                "",
            ),
            (
                "realised",
                "Two long-running disagreements were settled within a month, and the team "
                "says meetings are shorter.",
                "",
            ),
        ),
    ),
    Plan(
        1,
        COURAGE,
        "Feedback upwards",
        ORGANISATION,
        False,
        30,
        (
            (
                "potential",
                "I came away with a simple way to give my own manager feedback without it "
                "sounding like a complaint.",
                "",
            ),
            (
                "reframing",
                "Our directorate now asks for upward feedback in every quarterly review.",
                "contribution",
            ),
        ),
    ),
)


def build_stories(demo: Demo) -> str:
    """Tell the demo's stories through the services, then date them back."""
    stories = [_tell(demo, plan) for plan in PLANS]
    unfinished = sum(not story.is_finished for story in stories)
    shared = sum(story.is_shared for story in stories)
    steps = Step.objects.filter(story__in=stories).count()
    return (
        f"{len(stories)} value-creation stories ({shared} shared, {unfinished} unfinished) "
        f"with {steps} steps"
    )


def _tell(demo: Demo, plan: Plan) -> Story:
    community = demo.communities[plan.community]
    author = _author(demo, community, plan.author)
    story = services.tell_story(
        actor=author,
        title=plan.title,
        steps=[
            StepDraft(cycle, text, _link(community, author, kind))
            for cycle, text, kind in plan.steps
        ],
        community=community,
        sharing=Sharing(plan.visibility, plan.visibility != PRIVATE, plan.by_name),
        aspirational_ending=plan.ending,
    )
    _date_back(demo, story, plan.days_ago)
    return story


def _author(demo: Demo, community: Community, who: str | int) -> User:
    if isinstance(who, str):
        return demo.person(who)
    members = (
        Membership.objects.current()
        .filter(community=community, user__is_active=True)
        .exclude(user__email__in=PERSONA_EMAILS)
        .select_related("user")
        .order_by("user__email")
    )
    return members[who].user


LINKABLE: dict[str, type[Model]] = {
    "gathering": Gathering,
    "post": Post,
    "project": Project,
    "contribution": Contribution,
}


def _link(community: Community, author: User, kind: str) -> str:
    """A link to the community's own thing of that kind, if it has one the author can see."""
    if not kind:
        return ""
    rows = LINKABLE[kind].objects.visible_to(author).filter(community=community)  # type: ignore[attr-defined]
    if kind == "post":
        rows = rows.filter(deleted_at__isnull=True)
    target = rows.order_by("pk").first()
    return f"{kind}:{target.pk}" if target is not None else ""


def _date_back(demo: Demo, story: Story, days_ago: int) -> None:
    rng = demo.rng(f"stories:{story.title}")
    steps = list(story.steps.order_by("position"))
    begun = moment(days_before_anchor(days_ago), rng)
    for number, step in enumerate(steps):
        when = begun + datetime.timedelta(days=number * max(days_ago // len(steps), 1))
        Step.objects.filter(pk=step.pk).update(created_at=when, updated_at=when)
    last = begun + datetime.timedelta(days=(len(steps) - 1) * max(days_ago // len(steps), 1))
    Story.objects.filter(pk=story.pk).update(created_at=begun, updated_at=last)

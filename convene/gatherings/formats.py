"""The registry of facilitation formats a gathering can follow, each with a timed agenda.

Pure data: no Django import. Timings follow each format's published source,
named in its `source`; the step descriptions are Convene's own words. A new
format is one more `Format` in FORMATS.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One timed part of an agenda."""

    minutes: int
    title: str
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"minutes": self.minutes, "title": self.title, "detail": self.detail}


@dataclass(frozen=True)
class Format:
    """A facilitation format: who it suits, where it comes from, and its agenda template."""

    key: str
    name: str
    summary: str
    group_size: str
    source: str
    steps: tuple[Step, ...]

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.steps)


ACTION_LEARNING = Format(
    key="action_learning",
    name="Action learning set",
    summary=(
        "A small set of four to eight members helps one or two presenters think through a "
        "real, unresolved work problem by asking questions, never by giving advice. The "
        "facilitator is a guide on the side, not a chair or an expert."
    ),
    group_size="4 to 8 members and a facilitator",
    source=(
        "After Reg Revans's action learning; timings from practitioner guides (The Madison "
        "Group, “Action Learning Facilitation”; UNITAR Learning Wiki, “Action Learning”)."
    ),
    steps=(
        Step(10, "Check-in", "Each person says in a sentence or two how they arrive today."),
        Step(
            10,
            "Progress since last time",
            "Presenters from the last meeting say what they tried and what happened.",
        ),
        Step(5, "Agree the airtime", "Decide who presents today and how long each has."),
        Step(
            10,
            "Presenter outlines the issue",
            "The presenter describes a real work problem they own, without interruption.",
        ),
        Step(
            15,
            "Clarifying questions",
            "The set asks open questions to understand the problem, not to solve it.",
        ),
        Step(
            15,
            "Reflective and analytical questions",
            "Questions that help the presenter see the problem differently. The facilitator "
            "may pause the set if advice is being dressed up as a question.",
        ),
        Step(
            10,
            "Action questions",
            "Questions that help the presenter choose a next step: what will you do, by when?",
        ),
        Step(
            5,
            "Presenter reflects",
            "The presenter says what they learned and what they will do next.",
        ),
        Step(10, "Review", "How did we work as a set today? What will we do differently?"),
    ),
)

PEER_COACHING_TRIAD = Format(
    key="peer_coaching_triad",
    name="Peer coaching triad",
    summary=(
        "Threes take turns as coach, coachee and observer, so each person plays every role. "
        "The coach asks probing questions and gives no advice; the coachee brings a real "
        "issue and commits to an action; the observer feeds back on the coaching."
    ),
    group_size="Groups of 3",
    source=(
        "Timings from the PC3 Coaching Toolkit (“The Triad Model”) and CoachingTriads.com "
        "(“What is a Coaching Triad?”); the GROW structure is optional."
    ),
    steps=(
        Step(
            5,
            "Form triads and agree roles",
            "Decide who coaches, who is coached and who observes first.",
        ),
        Step(
            12,
            "Round 1: coaching",
            "The coach helps the coachee explore a real issue, with questions only.",
        ),
        Step(5, "Round 1: observer's feedback", "The observer says what helped and what did not."),
        Step(12, "Round 2: coaching", "Swap roles and coach again."),
        Step(5, "Round 2: observer's feedback", "The new observer feeds back on the coaching."),
        Step(12, "Round 3: coaching", "Swap once more, so that everyone has played every role."),
        Step(5, "Round 3: observer's feedback", "The last observer feeds back."),
        Step(
            4,
            "Commitments",
            "Each coachee names one action they will take before the next meeting.",
        ),
    ),
)

TROIKA_CONSULTING = Format(
    key="troika",
    name="Troika Consulting",
    summary=(
        "In threes, each person in turn is the client: they state a challenge, answer "
        "clarifying questions, then turn their back while the two consultants discuss it "
        "openly, and finally say what was most useful. Quick, practical help from peers."
    ),
    group_size="Groups of 3 (a group of 4 also works)",
    source=(
        "A Liberating Structure (Lipmanowicz and McCandless); timings from Liberating "
        "Structures Uncovered, “Troika consulting”, and Workshopr, “LS - Troika Consulting”."
    ),
    steps=(
        Step(
            1,
            "Think about your challenge",
            "Each person silently chooses a challenge and the help they want.",
        ),
        Step(
            2,
            "Round 1: the client states the challenge",
            "The client says what the challenge is and what help they are asking for.",
        ),
        Step(
            2,
            "Round 1: clarifying questions",
            "The consultants ask questions to understand, not to advise.",
        ),
        Step(
            5,
            "Round 1: consultants talk it through",
            "The client turns their back (or turns their camera off) and listens while the "
            "consultants discuss ideas and advice between themselves.",
        ),
        Step(
            1, "Round 1: what was most valuable", "The client turns back and says what helped most."
        ),
        Step(10, "Round 2", "The next person is the client; the same four steps."),
        Step(10, "Round 3", "The last person is the client; the same four steps."),
    ),
)

ONE_TWO_FOUR_ALL = Format(
    key="one_two_four_all",
    name="1-2-4-All",
    summary=(
        "Everyone answers the same question: first alone, then in pairs, then in fours, "
        "then as a whole group. Every voice is heard, and the strongest ideas rise. Online, "
        "use breakout rooms for the pairs and fours and the chat for the whole group."
    ),
    group_size="Any size",
    source=(
        "A Liberating Structure (Lipmanowicz and McCandless); timings from Flowless, "
        "“LS - 1-2-4-all”, and The Liberators, “Engage Everyone Simultaneously”."
    ),
    steps=(
        Step(1, "Alone", "Think in silence about the question and jot down your ideas."),
        Step(2, "In pairs", "Share and build on each other's ideas."),
        Step(4, "In fours", "Two pairs join; notice similarities and differences."),
        Step(
            5, "All together", "Each four shares one idea that stood out; the group gathers them."
        ),
    ),
)

OPEN_DISCUSSION = Format(
    key="open_discussion",
    name="Open discussion",
    summary=(
        "A facilitated conversation on a topic the community has chosen, with a check-in, "
        "a “what will I apply?” round and a choice of the next facilitator."
    ),
    group_size="Any size",
    source=(
        "Convene's own suggestion for a community meeting: a check-in, one discussion, a "
        "round of what each person will apply and a choice of the next facilitator."
    ),
    steps=(
        Step(10, "Check-in", "Each person says how they arrive and what they hope to take away."),
        Step(
            50, "Discussion", "The facilitator opens the topic and keeps the conversation moving."
        ),
        Step(
            10,
            "What will I apply?",
            "Each person notes one thing they will try before the next gathering.",
        ),
        Step(5, "Next facilitator", "Agree who will facilitate next time."),
    ),
)

CUSTOM = Format(
    key="custom",
    name="Custom",
    summary="An agenda of your own design.",
    group_size="Any size",
    source="",
    steps=(),
)

FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        ACTION_LEARNING,
        PEER_COACHING_TRIAD,
        TROIKA_CONSULTING,
        ONE_TWO_FOUR_ALL,
        OPEN_DISCUSSION,
        CUSTOM,
    )
}
CHOICES: list[tuple[str, str]] = [(f.key, f.name) for f in FORMATS.values()]


def get_format(key: str) -> Format:
    """The format with this key; custom when the key is unknown."""
    return FORMATS.get(key, CUSTOM)


AGENDA_STEPS_MAX = 40


def agenda_text(steps: list[dict[str, object]] | tuple[Step, ...]) -> str:
    """Write an agenda as the form edits it: one step a line, "minutes | title | detail"."""
    lines = []
    for step in steps:
        data = step.as_dict() if isinstance(step, Step) else step
        detail = f" | {data['detail']}" if data.get("detail") else ""
        lines.append(f"{data['minutes']} | {data['title']}{detail}")
    return "\n".join(lines)


def parse_agenda(text: str) -> list[dict[str, object]]:
    """Read the form's agenda text into steps; raise ValueError saying which line is wrong."""
    steps = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        minutes, _, rest = (part.strip() for part in line.partition("|"))
        title, _, detail = (part.strip() for part in rest.partition("|"))
        if not minutes.isdigit() or not 1 <= int(minutes) <= 480 or not title:
            raise ValueError(
                f"Line {number} should read “minutes | title | what happens”, with 1 to 480 "
                f"minutes, for example “10 | Check-in | Each person says how they arrive”."
            )
        steps.append({"minutes": int(minutes), "title": title[:200], "detail": detail[:1000]})
    if len(steps) > AGENDA_STEPS_MAX:
        raise ValueError(f"Keep the agenda to {AGENDA_STEPS_MAX} steps.")
    return steps

"""The built-in pulses, worded for Convene and mapped to the dimensions of published scales.

No item is copied from a published questionnaire: each is written afresh and
tied to a dimension the literature describes (domain brief, sections 3 and 4).

- Leader self-efficacy follows the six dimensions of Bobbio & Manganelli's
  Leadership Self-Efficacy scale (2009) [L1, L2]: starting and leading change,
  choosing and delegating, building relationships, self-awareness and
  self-confidence, motivating people, and gaining consensus. Seven items, two
  for leading change, on a five-point confidence scale, asked about the
  challenges the member's own community is working on.
- Collective efficacy follows Salanova et al. (2003) [L6]: four items on the
  members' confidence in their community's capability to do its work and
  handle difficulty. It is worth measuring repeatedly, since collective
  efficacy grows out of working together [L8, L9].
- Executives' perception follows the outline in section 4.3 of the domain
  brief: the cohort's leadership quality (after DDI's headline rating [E4]),
  change since the last period, bench strength (after readiness ratings [E5,
  E8, E10]), contribution to organisational issues, visible values, confidence
  with difficult issues, and use of talent, plus one observed example. It
  rates the community as a group, never a named person.
- Living our values asks one agreement item per value the organisation
  currently espouses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from convene.communities.models import Community
from convene.surveys.models import Audience, Instrument, QuestionKind
from convene.values.models import Value

CONFIDENCE = ("Not at all confident", "Completely confident")
AGREEMENT = ("Strongly disagree", "Strongly agree")


@dataclass(frozen=True)
class Item:
    """One question of a pulse, with the dimension it measures."""

    text: str
    dimension: str
    kind: str = QuestionKind.RATING
    anchors: tuple[str, str] = AGREEMENT
    options: tuple[str, ...] = ()
    is_required: bool = True
    help_text: str = ""
    value: Value | None = None

    @property
    def scale(self) -> int | None:
        return 5 if self.kind == QuestionKind.RATING else None


@dataclass(frozen=True)
class Pulse:
    """A built-in survey: its wording, audience and items."""

    instrument: str
    title: str
    introduction: str
    audience: str
    items: tuple[Item, ...] = field(default_factory=tuple)


def _confidence(text: str, dimension: str) -> Item:
    return Item(text=text, dimension=dimension, anchors=CONFIDENCE)


SELF_EFFICACY_ITEMS = (
    _confidence(
        "How confident are you that you can start a change the issues in this community call "
        "for, and see it through?",
        "Leading change",
    ),
    _confidence(
        "How confident are you that you can lead colleagues through a change whose outcome is "
        "still uncertain?",
        "Leading change",
    ),
    _confidence(
        "How confident are you that you can choose the right people for a piece of work and "
        "hand it over to them fully?",
        "Choosing and delegating",
    ),
    _confidence(
        "How confident are you that you can build trusting working relationships with "
        "colleagues from other functions and levels?",
        "Building relationships",
    ),
    _confidence(
        "How confident are you that you know your strengths and limits as a leader and can "
        "act on that knowledge?",
        "Self-awareness",
    ),
    _confidence(
        "How confident are you that you can keep people committed when work on a difficult "
        "issue stalls?",
        "Motivating others",
    ),
    _confidence(
        "How confident are you that you can bring people with different views to an agreement "
        "they will all act on?",
        "Gaining consensus",
    ),
)

COLLECTIVE_EFFICACY_ITEMS = (
    Item(
        "Together, this community can make real progress on the difficult issues it has taken on.",
        "Capability",
    ),
    Item(
        "When our plans meet setbacks, this community can find a way through them.",
        "Handling difficulty",
    ),
    Item(
        "This community can deliver what it sets out to do, even when time and resources are "
        "tight.",
        "Delivering",
    ),
    Item(
        "I trust this community to work well together on issues none of us could solve alone.",
        "Working together",
    ),
)

EXECUTIVE_PERCEPTION_ITEMS = (
    Item(
        "Overall, how would you rate the leadership shown by this community's members as a group?",
        "Leadership quality",
        anchors=("Poor", "Excellent"),
    ),
    Item(
        "Compared with six months ago, the leadership shown by this community's members as a "
        "group is:",
        "Change",
        kind=QuestionKind.SINGLE_CHOICE,
        options=("Weaker", "About the same", "Stronger", "I cannot say"),
    ),
    Item(
        "Roughly what share of this community's members could step up one level within the "
        "next 12 months?",
        "Bench strength",
        kind=QuestionKind.SINGLE_CHOICE,
        options=("Under 10%", "10% to 25%", "26% to 50%", "51% to 75%", "Over 75%"),
    ),
    Item(
        "How often has this community given useful input on organisational issues in the last "
        "six months?",
        "Contribution to organisational issues",
        anchors=("Never", "Very often"),
    ),
    Item(
        "The behaviour of this community's members visibly reflects our organisation's values.",
        "Values",
    ),
    Item(
        "I am confident this community can take on difficult or emerging issues for the "
        "organisation.",
        "Difficult issues",
    ),
    Item(
        "This community makes good use of the range of experience and talent among its members.",
        "Use of talent",
    ),
    Item(
        "Describe one thing you have seen this community do that made a difference.",
        "Observed example",
        kind=QuestionKind.FREE_TEXT,
        is_required=False,
        help_text="Describe what the group did; please do not name individuals.",
    ),
)

THRESHOLD_NOTE = (
    "Your answers are stored without your name. Results are shown only for groups of at least "
    "the organisation's minimum number of respondents."
)


def pulse_for(instrument: str, community: Community | None) -> Pulse:
    """The built-in pulse for `instrument`, worded for `community`."""
    about = f": {community.name}" if community else ""
    if instrument == Instrument.SELF_EFFICACY:
        return Pulse(
            instrument,
            f"Leader self-efficacy{about}",
            "How confident do you feel leading on the issues your community is working on? "
            "The questions, written for Convene, follow the dimensions of Bobbio and "
            f"Manganelli's Leadership Self-Efficacy scale (2009). {THRESHOLD_NOTE}",
            Audience.MEMBERS,
            SELF_EFFICACY_ITEMS,
        )
    if instrument == Instrument.COLLECTIVE_EFFICACY:
        return Pulse(
            instrument,
            f"Collective efficacy{about}",
            "How confident are you in what this community can do together? The questions, "
            "written for Convene, follow the group-efficacy scale of Salanova and colleagues "
            f"(2003). {THRESHOLD_NOTE}",
            Audience.MEMBERS,
            COLLECTIVE_EFFICACY_ITEMS,
        )
    if instrument == Instrument.EXECUTIVE_PERCEPTION:
        return Pulse(
            instrument,
            f"Executives' view{about}",
            "How do you see this community as a group? Rate the community, not any one person. "
            "Modelled on leadership-quality and bench-strength ratings (DDI Global Leadership "
            f"Forecast; succession-readiness reviews). {THRESHOLD_NOTE}",
            Audience.EXECUTIVES,
            EXECUTIVE_PERCEPTION_ITEMS,
        )
    if instrument == Instrument.VALUES:
        return Pulse(
            instrument,
            f"Living our values{about}",
            "How far do you see our organisation's values lived in this community's everyday "
            f"work? {THRESHOLD_NOTE}",
            Audience.MEMBERS,
            tuple(_value_item(value) for value in Value.objects.active()),
        )
    raise ValueError(f"{instrument!r} has no built-in pulse.")


def _value_item(value: Value) -> Item:
    return Item(
        f"In this community I see people living the value “{value.name}” in their everyday work.",
        value.name[:40],
        help_text=value.description[:300],
        value=value,
    )

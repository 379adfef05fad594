"""The journal's prompts, and the set points in a membership at which they are asked.

Prompts live in code rather than in the database on purpose. The journal's
point is to put a person's answers to the *same* question side by side over
months and years; a prompt an administrator could reword would quietly change
the question under answers already given. Reflections store a prompt's key,
so the wording can be polished (and translated) without breaking that line of
answers. Adding a prompt or a set point is a code change, reviewed like any
other, and needs no migration.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Prompt:
    """A question the journal asks; `key` is stored with each answer and never changes."""

    key: str
    text: str
    hint: str


@dataclass(frozen=True)
class SetPoint:
    """A moment in a person's membership of a community when some prompts are asked."""

    key: str
    label: str
    after: datetime.timedelta
    prompt_keys: tuple[str, ...]


COMMUNITY_MEANING = Prompt(
    key="community-meaning",
    text="What does community mean for me?",
    hint=(
        "Not what a community ought to be, but what it means to you now: who is in it, "
        "what you look for in it, what you would miss without it."
    ),
)
GIVE_AND_TAKE = Prompt(
    key="give-and-take",
    text="What do I bring to this community, and what do I hope to take from it?",
    hint="Your experience, questions and habits on one side; what you want to learn on the other.",
)
LEAD_WITHOUT_AUTHORITY = Prompt(
    key="lead-without-authority",
    text="When did I last lead without being in charge?",
    hint=(
        "A moment when you moved something forward with no formal authority to do so. "
        "What did you do, and what made it possible?"
    ),
)
CHANGED_PRACTICE = Prompt(
    key="changed-practice",
    text="What do I now do differently because of this community?",
    hint="One or two concrete habits, conversations or decisions, and where they came from.",
)

PROMPTS: tuple[Prompt, ...] = (
    COMMUNITY_MEANING,
    GIVE_AND_TAKE,
    LEAD_WITHOUT_AUTHORITY,
    CHANGED_PRACTICE,
)
BY_KEY = {prompt.key: prompt for prompt in PROMPTS}
BY_TEXT = {prompt.text: prompt for prompt in PROMPTS}

# "What does community mean for me?" comes back at every point, so the journal
# can show how the answer changes.
SET_POINTS: tuple[SetPoint, ...] = (
    SetPoint(
        key="joining",
        label="On joining",
        after=datetime.timedelta(0),
        prompt_keys=(COMMUNITY_MEANING.key, GIVE_AND_TAKE.key),
    ),
    SetPoint(
        key="three-months",
        label="After three months",
        after=datetime.timedelta(days=91),
        prompt_keys=(COMMUNITY_MEANING.key, LEAD_WITHOUT_AUTHORITY.key),
    ),
    SetPoint(
        key="one-year",
        label="After a year",
        after=datetime.timedelta(days=365),
        prompt_keys=(COMMUNITY_MEANING.key, GIVE_AND_TAKE.key, CHANGED_PRACTICE.key),
    ),
)


def find_prompt(value: str) -> Prompt | None:
    """The prompt with this key or exact wording, if there is one."""
    value = (value or "").strip()
    return BY_KEY.get(value) or BY_TEXT.get(value)

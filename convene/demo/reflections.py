"""The demo's reflection journal: Sam's answers over time, and answers shared with communities.

Everything here is fictional. Sam Okafor, the member persona, answered "What
does community mean for me?" when he joined Leading Through Change and again
this autumn, so the journal's side-by-side view has something to show on
first sign-in; he shared the first answer anonymously. New Managers' Circle
and Leading Through Change each hold a handful of shared answers, which the
convenor can draw on when drafting a charter. Shared answers carry no author,
so none is attached to a person here either.
"""

from __future__ import annotations

from typing import NamedTuple

from convene.demo.builders import Demo, days_before_anchor, moment
from convene.demo.discussions import prose
from convene.reflections.models import Reflection, SharedReflection
from convene.reflections.prompts import (
    CHANGED_PRACTICE,
    COMMUNITY_MEANING,
    GIVE_AND_TAKE,
    LEAD_WITHOUT_AUTHORITY,
)

MEMBER = "member@northgate.example"
SAMS_COMMUNITY = "Leading Through Change"


class Answer(NamedTuple):
    days_ago: int
    prompt: str
    body: str


class Shared(NamedTuple):
    community: str
    days_ago: int
    prompt: str
    body: str


SAM = (
    Answer(
        days_ago=150,
        prompt=COMMUNITY_MEANING.key,
        body=prose(
            """
            Honestly, a meeting in the diary. Somewhere to pick up tips from managers
            who have been through a restructure before me, and maybe a few names to
            call when things go wrong.

            I am not sure yet what I would give back.
            """
        ),
    ),
    Answer(
        days_ago=148,
        prompt=GIVE_AND_TAKE.key,
        body=prose(
            """
            I bring six years of running a contact centre through two system changes,
            and a fair idea of what people on the phones worry about.

            I hope to take away how other managers keep their teams steady when they
            cannot yet say what the change will mean for them.
            """
        ),
    ),
    Answer(
        days_ago=12,
        prompt=COMMUNITY_MEANING.key,
        body=prose(
            """
            Less a meeting, more a set of people I think *with*. When the rota change
            went badly in September, the first thing I did was ring two people from
            the community, not my manager.

            Community now means:

            - people who will tell me when I am wrong, kindly
            - a place to try something half-formed before I try it on my team
            - something I owe time to, not just something I take from
            """
        ),
    ),
)
# Sam's first answer, as he shared it: with the name of his site taken out.
SAMS_SHARED_DAYS_AGO = 140
SAMS_SHARED_BODY = prose(
    """
    Honestly, a meeting in the diary. Somewhere to pick up tips from managers who
    have been through a restructure before me, and maybe a few names to call when
    things go wrong.
    """
)

SHARED = (
    Shared(
        "New Managers' Circle",
        95,
        COMMUNITY_MEANING.text,
        prose(
            """
            Somewhere I can admit I do not know how to do this job yet. My team expects
            me to have answers; here nobody does, and that is a relief.
            """
        ),
    ),
    Shared(
        "New Managers' Circle",
        71,
        COMMUNITY_MEANING.text,
        prose(
            """
            People at the same stage as me, from other functions. I would never have met
            someone from Finance otherwise, and she has the same problems with one-to-ones
            that I do.
            """
        ),
    ),
    Shared(
        "New Managers' Circle",
        60,
        GIVE_AND_TAKE.text,
        prose(
            """
            I bring ten years on the front line before I was promoted, so I know what the
            work is like. I want to learn how to hold a difficult conversation without
            putting it off for a month.
            """
        ),
    ),
    Shared(
        "New Managers' Circle",
        33,
        LEAD_WITHOUT_AUTHORITY.text,
        prose(
            """
            Last month, when two teams were arguing over the shared rota, I got both team
            leaders in a room and asked what each needed. Nobody asked me to; I was just
            the one who could see both sides.
            """
        ),
    ),
    Shared(
        "New Managers' Circle",
        19,
        COMMUNITY_MEANING.text,
        prose(
            """
            A group that meets **whether or not** there is a crisis. I would like us to
            agree that we keep the monthly session even when work is busy, because that
            is exactly when we need it.
            """
        ),
    ),
    Shared(
        SAMS_COMMUNITY,
        120,
        COMMUNITY_MEANING.text,
        prose(
            """
            The people who were in the room when the last reorganisation was announced.
            We learned more from each other that week than from any briefing pack.
            """
        ),
    ),
    Shared(
        SAMS_COMMUNITY,
        88,
        LEAD_WITHOUT_AUTHORITY.text,
        prose(
            """
            I ran the lessons-learned session after the depot move because no one else
            had been asked to. It turned out people had a lot to say once somebody made
            the space.
            """
        ),
    ),
    Shared(
        SAMS_COMMUNITY,
        41,
        CHANGED_PRACTICE.text,
        prose(
            """
            I now tell my team what I do not know yet, instead of waiting until I have
            the whole picture. It has cut the rumours in half.
            """
        ),
    ),
    Shared(
        SAMS_COMMUNITY,
        9,
        GIVE_AND_TAKE.text,
        prose(
            """
            I bring a habit of asking "what would make this easier for the people on the
            receiving end?". I want to get better at saying no to change that is not
            ready.
            """
        ),
    ),
)


def build_reflections(demo: Demo) -> str:
    """Give Sam a journal with two answers to one prompt, and fill two communities' shared lists."""
    rng = demo.rng("reflections")
    sam = demo.person(MEMBER)
    community = demo.communities[SAMS_COMMUNITY]
    made = []
    for answer in SAM:
        written = moment(days_before_anchor(answer.days_ago), rng)
        made.append(
            Reflection.objects.create(
                author=sam,
                prompt=answer.prompt,
                community=community,
                body=answer.body,
                created_at=written,
                updated_at=written,
            )
        )
    shared_on = days_before_anchor(SAMS_SHARED_DAYS_AGO)
    made[0].shared_with, made[0].shared_on = community, shared_on
    made[0].save(update_fields=["shared_with", "shared_on"])
    copies = [
        Shared(SAMS_COMMUNITY, SAMS_SHARED_DAYS_AGO, COMMUNITY_MEANING.text, SAMS_SHARED_BODY),
        *SHARED,
    ]
    for copy in sorted(copies, key=lambda copy: (-copy.days_ago, copy.community)):
        SharedReflection.objects.create(
            community=demo.communities[copy.community],
            prompt=copy.prompt,
            body=copy.body,
            shared_on=days_before_anchor(copy.days_ago),
        )
    return f"{len(made)} reflections in Sam's journal, {len(copies)} shared with communities"

"""The demo's ripple-effects maps: one for Leading Through Change, one for the programme.

Everything here is fictional. Leading Through Change mapped its first year
a month before the demo's anchor date: its convenor facilitated and another
member drew the map. Twenty effects ripple out over four levels, coded with
community capitals; two are negative and three unintended, because Ripple
Effects Mapping asks for those too. Some are confirmed by a witness, one
could not be, and Sam Okafor (member@northgate.example) is asked to confirm
one. The programme map, drawn by the administrator, is shorter and shared
with the whole organisation.

Rows are written straight to the database with their dates, rather than
through the services, so the demo tells no witness about a request weeks ago.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.demo.builders import Demo, days_before_anchor, moment
from convene.people.models import User
from convene.ripples.models import Capital, Effect, RippleMap

CHANGE = "Leading Through Change"
SAM = "member@northgate.example"
PRIYA = "admin@northgate.example"
Confirmation = Effect.Confirmation


@dataclass(frozen=True)
class Told:
    """One effect to write; `parent` names an earlier effect's key."""

    key: str
    text: str
    level: int
    capitals: tuple[str, ...]
    parent: str = ""
    negative: bool = False
    unintended: bool = False
    pseudonym: str = ""
    evidence: str = ""
    confirmation: str = ""
    days_before_session: int = 60


CHANGE_EFFECTS: tuple[Told, ...] = (
    Told(
        "voice",
        "I now say early when a change will not work on the ground, instead of "
        "complaining afterwards",
        1,
        ("human", "political"),
        pseudonym="a participant",
    ),
    Told(
        "peers",
        "I have three people from other functions I ring before a difficult conversation",
        1,
        ("social",),
        confirmation=Confirmation.CONFIRMED,
    ),
    Told(
        "sleep",
        "Taking on the rollout pilot on top of the day job left me stretched thin for two months",
        1,
        ("human",),
        negative=True,
        unintended=True,
        pseudonym="a participant",
    ),
    Told(
        "huddles",
        "Our depot starts each week with a ten-minute huddle on what is "
        "changing and what worries people",
        2,
        ("social", "cultural"),
        parent="voice",
        evidence="Huddle notes kept on the depot noticeboard since March.",
        confirmation=Confirmation.CONFIRMED,
    ),
    Told(
        "questions",
        "Fewer surprised calls from my team when new procedures land",
        2,
        ("social",),
        parent="huddles",
        pseudonym="a team leader",
    ),
    Told(
        "pairing",
        "Two of my supervisors now pair with field service supervisors during handovers",
        2,
        ("social", "human"),
        parent="peers",
    ),
    Told(
        "handover",
        "The handover checklist we drafted in a gathering is used by both shifts",
        2,
        ("built",),
        parent="pairing",
        evidence="Checklist version 3 on the operations intranet.",
        confirmation=Confirmation.CONFIRMED,
    ),
    Told(
        "cover",
        "Covering for me during the pilot pushed overtime up in my team",
        2,
        ("financial",),
        parent="sleep",
        negative=True,
        unintended=True,
    ),
    Told(
        "coaching",
        "I coach my own team leads with the questions we practise in the community",
        2,
        ("human",),
        parent="voice",
        pseudonym="a participant",
    ),
    Told(
        "repeat-faults",
        "Repeat visits for the same fault fell in the north area after handovers improved",
        3,
        ("financial", "built"),
        parent="handover",
        evidence="Area performance pack: repeat visits down from 9% to 6% over six months.",
        confirmation=Confirmation.NOT_CONFIRMED,
    ),
    Told(
        "rollout-plan",
        "The asset system rollout plan now has a 'ready on the ground' "
        "check agreed with depot managers",
        3,
        ("political", "built"),
        parent="voice",
        evidence="Rollout board minutes, May.",
    ),
    Told(
        "cross-site",
        "Two sites now share spare drivers during the winter peak",
        3,
        ("social", "financial"),
        parent="pairing",
        confirmation=Confirmation.PENDING,
    ),
    Told(
        "recruitment",
        "Managers from outside the community asked to join after seeing the huddles",
        3,
        ("social", "cultural"),
        parent="huddles",
        unintended=True,
    ),
    Told(
        "induction",
        "The new managers' induction now includes a session run by community members",
        3,
        ("human", "cultural"),
        parent="coaching",
    ),
    Told(
        "values",
        "Staff survey comments mention 'being told early' for the first time",
        3,
        ("cultural",),
        parent="questions",
        pseudonym="a participant",
    ),
    Told(
        "savings",
        "Less overtime on handover days freed budget for two training places",
        3,
        ("financial",),
        parent="repeat-faults",
    ),
    Told(
        "customers",
        "The customer panel noticed fewer missed appointments in the north area",
        4,
        ("social",),
        parent="repeat-faults",
    ),
    Told(
        "council",
        "The district council now gets a single point of contact during planned works",
        4,
        ("political", "social"),
        parent="rollout-plan",
    ),
    Told(
        "supplier",
        "Our main contractor adopted the handover checklist for its own crews",
        4,
        ("built",),
        parent="handover",
        confirmation=Confirmation.CONFIRMED,
    ),
    Told(
        "fuel",
        "Shared drivers mean fewer part-empty vans on the road in winter",
        4,
        ("natural", "financial"),
        parent="cross-site",
        unintended=True,
    ),
)

PROGRAMME_EFFECTS: tuple[Told, ...] = (
    Told(
        "convenors",
        "Members chose their own convenors in four communities",
        1,
        ("political", "human"),
    ),
    Told(
        "ties",
        "Managers report more contacts outside their own function",
        1,
        ("social",),
        pseudonym="the programme survey",
    ),
    Told(
        "time",
        "Some line managers were reluctant to release time for gatherings",
        2,
        ("political",),
        negative=True,
        parent="ties",
    ),
    Told(
        "agenda",
        "Executives answered the communities' contributions on three organisational issues",
        3,
        ("political",),
        parent="convenors",
    ),
    Told(
        "projects",
        "Community projects drew on funded hours within the agreed limits",
        3,
        ("financial", "built"),
        parent="convenors",
    ),
)


def build_ripples(demo: Demo) -> str:
    """Write the Leading Through Change map and the programme map with their effects."""
    community = demo.communities[CHANGE]
    people = _members(community)
    convenor = _convenor(community, people)
    map_maker = next(person for person in people if person.email != SAM and person != convenor)
    session = days_before_anchor(30)
    change = _map(
        demo,
        community=community,
        title="Leading Through Change: our first year",
        centre="Leading Through Change, the community's first year",
        session=session,
        facilitator=convenor,
        map_maker=map_maker,
    )
    _write_effects(demo, change, CHANGE_EFFECTS, people, witness_pending=demo.person(SAM))
    priya = demo.person(PRIYA)
    programme = _map(
        demo,
        community=None,
        title="The leadership communities programme so far",
        centre="Northgate's leadership communities programme",
        session=days_before_anchor(14),
        facilitator=priya,
        map_maker=priya,
    )
    _write_effects(demo, programme, PROGRAMME_EFFECTS, people, witness_pending=None)
    confirmed = Effect.objects.filter(confirmation=Confirmation.CONFIRMED).count()
    return (
        f"2 ripple maps: {len(CHANGE_EFFECTS)} effects for {CHANGE} over 4 levels "
        f"({confirmed} confirmed), {len(PROGRAMME_EFFECTS)} for the programme"
    )


def _members(community: Community) -> list[User]:
    memberships = Membership.objects.current().filter(community=community)
    return [membership.user for membership in memberships.select_related("user").order_by("id")]


def _convenor(community: Community, people: list[User]) -> User:
    leader = Membership.objects.current().leaders().filter(community=community).first()
    return leader.user if leader else people[0]


def _map(
    demo: Demo,
    *,
    community: Community | None,
    title: str,
    centre: str,
    session: datetime.date,
    facilitator: User,
    map_maker: User,
) -> RippleMap:
    created = moment(session - datetime.timedelta(days=14), demo.rng(f"ripples:{title}"))
    return RippleMap.objects.create(
        community=community,
        title=title,
        centre=centre,
        session_date=session,
        visibility=RippleMap.Visibility.ORGANISATION,
        facilitator=facilitator,
        map_maker=map_maker,
        created_by=facilitator,
        created_at=created,
        updated_at=created,
    )


def _write_effects(
    demo: Demo,
    ripple_map: RippleMap,
    told: tuple[Told, ...],
    people: list[User],
    *,
    witness_pending: User | None,
) -> None:
    rng = demo.rng(f"ripples:{ripple_map.title}")
    written: dict[str, Effect] = {}
    recorded = timezone.make_aware(
        datetime.datetime.combine(ripple_map.session_date, datetime.time(11))
    )
    for number, item in enumerate(told):
        storyteller = rng.choice(people)
        witness = _witness(item, people, storyteller, rng, witness_pending)
        when = recorded + datetime.timedelta(minutes=3 * number)
        written[item.key] = Effect.objects.create(
            map=ripple_map,
            parent=written.get(item.parent),
            text=item.text,
            level=item.level,
            capitals=",".join(code for code in Capital.values if code in item.capitals),
            valence=Effect.Valence.NEGATIVE if item.negative else Effect.Valence.POSITIVE,
            intended=not item.unintended,
            storyteller=storyteller,
            pseudonym=item.pseudonym,
            happened_on=ripple_map.session_date - datetime.timedelta(days=item.days_before_session),
            evidence=item.evidence,
            witness=witness,
            confirmation=item.confirmation if witness else "",
            confirmed_at=when if item.confirmation not in {"", Confirmation.PENDING} else None,
            confirmation_note=_note(item.confirmation),
            added_by=ripple_map.map_maker,
            created_at=when,
            updated_at=when,
        )


def _witness(
    item: Told, people: list[User], storyteller: User, rng: random.Random, pending: User | None
) -> User | None:
    if not item.confirmation:
        return None
    if item.confirmation == Confirmation.PENDING and pending is not None:
        return pending
    return rng.choice([person for person in people if person != storyteller])


def _note(confirmation: str) -> str:
    if confirmation == Confirmation.CONFIRMED:
        return "I saw this myself."
    if confirmation == Confirmation.NOT_CONFIRMED:
        return "Handovers did improve, but I cannot say the fall in repeat visits came from them."
    return ""

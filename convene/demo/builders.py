"""Build the demo organisation one part at a time.

Each builder takes the shared `Demo` record, writes its part to the database,
records what later builders need, and returns a one-line summary. The
seed_demo command calls them in order; a new part of the demo is a new
builder added to the end of that list.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.text import slugify

from convene.communities.models import Community, Invitation, JoinRequest, Membership
from convene.demo import data
from convene.lib.markdown import render_markdown
from convene.people.models import Expertise, Function, OrgUnit, Site, User

Level = User.Level
MANAGER_LEVEL = {
    Level.SENIOR: Level.EXECUTIVE,
    Level.MIDDLE: Level.SENIOR,
    Level.FRONT_LINE: Level.MIDDLE,
}
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
PERSONA_EMAILS = frozenset(email for email, _ in data.PERSONAS)


@dataclass
class Demo:
    """What the builders have made so far, for the builders that follow."""

    password_hash: str
    functions: dict[str, Function] = field(default_factory=dict)
    units: dict[tuple[str, str], OrgUnit] = field(default_factory=dict)
    sites: dict[str, Site] = field(default_factory=dict)
    expertise: dict[str, Expertise] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    communities: dict[str, Community] = field(default_factory=dict)

    def rng(self, part: str) -> random.Random:
        """Return a generator for one part, so adding a part leaves the others unchanged."""
        return random.Random(f"{data.SEED}:{part}")

    def person(self, email: str) -> User:
        return self.people[email]


def moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """Return a time during the working day on `day`."""
    time = datetime.time(rng.randint(8, 17), rng.choice((0, 15, 30, 45)))
    return datetime.datetime.combine(day, time, tzinfo=datetime.UTC)


def days_before_anchor(days: int) -> datetime.date:
    return data.ANCHOR_DATE - datetime.timedelta(days=days)


def unit_of(person: User) -> OrgUnit:
    assert person.org_unit is not None, "every demo person has a unit"
    return person.org_unit


def town_of(person: User) -> str:
    assert person.site is not None, "every demo person has a site"
    return person.site.name.split(" — ")[0]


# -- Structure ---------------------------------------------------------------


def build_structure(demo: Demo) -> str:
    """Create the functions, their units, the sites and the areas of expertise."""
    for function_name, units in data.FUNCTIONS.items():
        function = Function.objects.create(name=function_name, slug=slugify(function_name))
        demo.functions[function_name] = function
        for unit_name in units:
            unit = OrgUnit.objects.create(name=unit_name, function=function)
            demo.units[function_name, unit_name] = unit
    for town, _office in data.SITES:
        name = data.site_name(town)
        demo.sites[town] = Site.objects.create(name=name, slug=slugify(name))
    expertise = [Expertise(name=name, slug=slugify(name)) for name in data.EXPERTISE]
    demo.expertise = {item.name: item for item in Expertise.objects.bulk_create(expertise)}
    return (
        f"{len(demo.functions)} functions, {len(demo.units)} units, {len(demo.sites)} sites, "
        f"{len(demo.expertise)} areas of expertise"
    )


# -- People ------------------------------------------------------------------


def build_people(demo: Demo) -> str:
    """Create everyone, with profiles, line managers and expertise."""
    rng = demo.rng("people")
    people = [*fixed_people(demo), *generated_people(demo, rng)]
    for person in people:
        fill_profile(person, rng)
    assign_handles(people)
    User.objects.bulk_create(people)
    assign_line_managers(people, rng)
    User.objects.bulk_update(people, ["line_manager"])
    assign_expertise(people, demo, rng)
    demo.people = {person.email: person for person in people}
    levels = Counter(person.level for person in people)
    mix = ", ".join(f"{levels[level]} {level.label.lower()}s" for level in reversed(Level))
    return f"{len(people)} people: {mix}"


def new_person(demo: Demo, first: str, last: str, level: str, function: str, unit: str) -> User:
    """Return an unsaved person with the password every demo account shares."""
    return User(
        email=f"{slugify(first)}.{slugify(last)}@{data.EMAIL_DOMAIN}",
        full_name=f"{first} {last}",
        level=level,
        org_unit=demo.units[function, unit],
        is_executive=level == Level.EXECUTIVE,
        password=demo.password_hash,
    )


def fixed_people(demo: Demo) -> list[User]:
    """Return the hand-written people: executives, personas and administrators."""
    people = []
    for spec in data.FIXED_PEOPLE:
        person = new_person(demo, spec.first, spec.last, spec.level, spec.function, spec.unit)
        person.email = spec.email or person.email
        person.job_title = spec.job_title
        person.site = demo.sites[spec.town]
        if spec.is_administrator:
            person.is_administrator = person.is_staff = person.is_superuser = True
        people.append(person)
    return people


def generated_people(demo: Demo, rng: random.Random) -> list[User]:
    """Return the other people, spread over the units of each function in turn."""
    taken = {f"{spec.first} {spec.last}" for spec in data.FIXED_PEOPLE}
    towns = [town for town, _office in data.SITES]
    people = []
    for level, by_function in data.GENERATED_PEOPLE.items():
        for function, count in by_function.items():
            units = [(n, t[level]) for n, t in data.FUNCTIONS[function].items() if level in t]
            for index in range(count):
                unit, titles = units[index % len(units)]
                first, last = new_name(rng, taken)
                person = new_person(demo, first, last, level, function, unit)
                person.job_title = titles[index // len(units) % len(titles)]
                person.site = demo.sites[rng.choices(towns, data.SITE_WEIGHTS)[0]]
                people.append(person)
    return people


def new_name(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    """Return a first name and surname from one heritage, not yet used."""
    weights = [group.weight for group in data.NAME_GROUPS]
    while True:
        group = rng.choices(data.NAME_GROUPS, weights)[0]
        first, last = rng.choice(group.firsts), rng.choice(group.lasts)
        full_name = f"{first} {last}"
        if first != last and full_name not in taken:
            taken.add(full_name)
            return first, last


def fill_profile(person: User, rng: random.Random) -> None:
    """Set when the person started, their bio and the perspectives they bring."""
    low, high = data.TENURE_YEARS[person.level]
    person.started_on = days_before_anchor(rng.randint(low * 365, high * 365))
    years = (data.ANCHOR_DATE - person.started_on).days // 365
    words = {
        "title_a": with_article(person.job_title),
        "function": unit_of(person).function.name,
        "town": town_of(person),
        "year": person.started_on.year,
        "years": NUMBER_WORDS[years] if years < len(NUMBER_WORDS) else years,
        "previous": rng.choice(data.PREVIOUS_EMPLOYERS),
    }
    openings = data.BIO_OPENINGS_NEW if years < 2 else data.BIO_OPENINGS
    bio = [rng.choice(openings), rng.choice(data.BIO_FOCUS)]
    if rng.random() < 0.6:
        bio.append(rng.choice(data.BIO_PERSONAL))
    person.bio = " ".join(bio).format(**words)
    person.perspectives = " ".join(rng.sample(data.PERSPECTIVES, rng.randint(1, 2)))
    person.perspectives = person.perspectives.format(**words)
    person.bio_html = render_markdown(person.bio)
    person.perspectives_html = render_markdown(person.perspectives)


def with_article(title: str) -> str:
    """Return a job title as it reads after "I'm": "an Asset Manager", "Head of Product"."""
    if title.startswith(("Head of", "Director", "Chief")):
        return title
    first_word = title.split()[0]
    # Initialisms are read letter by letter: "an HR Business Partner".
    sounds_like_vowel = first_word[0] in "AEIOU" or (
        first_word.isupper() and len(first_word) > 1 and first_word[0] in "FHLMNRSX"
    )
    return f"{'an' if sounds_like_vowel else 'a'} {title}"


def assign_handles(people: list[User]) -> None:
    """Give each person a unique handle, as User.save() would."""
    used: set[str] = set()
    for person in people:
        base = slugify(person.full_name)[:50]
        handle, number = base, 1
        while handle in used:
            number += 1
            handle = f"{base}-{number}"
        used.add(handle)
        person.handle = handle


def assign_line_managers(people: list[User], rng: random.Random) -> None:
    """Have each person report to someone one level up in their function.

    Executives report to the chief executive, who reports to no one. Others
    report to someone in their own unit where there is one.
    """
    chief = next(person for person in people if person.email == data.CHIEF_EXECUTIVE_EMAIL)
    for person in people:
        if person.level == Level.EXECUTIVE:
            person.line_manager = None if person is chief else chief
            continue
        candidates = [
            other
            for other in people
            if other.level == MANAGER_LEVEL[Level(person.level)]
            and unit_of(other).function == unit_of(person).function
            and other is not chief
        ]
        same_unit = [other for other in candidates if other.org_unit == person.org_unit]
        person.line_manager = rng.choice(same_unit or candidates)


def assign_expertise(people: list[User], demo: Demo, rng: random.Random) -> None:
    """Tag each person with one to four areas of expertise, mostly from their function."""
    links = []
    for person in people:
        names = rng.sample(
            data.FUNCTION_EXPERTISE[unit_of(person).function.name], rng.randint(1, 3)
        )
        if rng.random() < 0.5:
            names.append(rng.choice(data.GENERAL_EXPERTISE))
        for name in dict.fromkeys(names):
            links.append(User.expertise.through(user=person, expertise=demo.expertise[name]))
    User.expertise.through.objects.bulk_create(links)


# -- Communities ---------------------------------------------------------------


def build_communities(demo: Demo) -> str:
    """Create the communities with their sponsors, convenors and members."""
    rng = demo.rng("communities")
    leaders: set[str] = set()
    count = 0
    for spec in data.COMMUNITIES:
        community = Community.objects.create(
            name=spec.name,
            slug=slugify(spec.name),
            purpose=spec.purpose,
            visibility=spec.visibility,
            sponsor=demo.person(spec.sponsor),
        )
        demo.communities[spec.name] = community
        count += len(
            Membership.objects.bulk_create(memberships(community, spec, demo, rng, leaders))
        )
    open_count = sum(not community.is_private for community in demo.communities.values())
    private_count = len(demo.communities) - open_count
    return (
        f"{len(demo.communities)} communities ({open_count} open, {private_count} private), "
        f"{count} current members"
    )


def eligible(demo: Demo, levels: tuple[str, ...], exclude: Collection[str] = ()) -> list[User]:
    """Return the people at `levels` who may be drawn into a community.

    The personas are left out so that their roles stay exactly as the sign-in
    instructions describe them.
    """
    return [
        person
        for email, person in demo.people.items()
        if person.level in levels and email not in PERSONA_EMAILS and email not in exclude
    ]


def memberships(
    community: Community,
    spec: data.CommunitySpec,
    demo: Demo,
    rng: random.Random,
    leaders: set[str],
) -> list[Membership]:
    """Return a community's current memberships, each starting on its own day."""
    roles = community_roles(spec, demo, rng, leaders)
    founded = rng.randint(480, 548)  # days before the anchor: 16 to 18 months
    return [
        Membership(
            community=community,
            user=demo.person(email),
            role=role,
            joined_at=moment(days_before_anchor(days_since_joining(role, founded, rng)), rng),
        )
        for email, role in roles.items()
    ]


def community_roles(
    spec: data.CommunitySpec, demo: Demo, rng: random.Random, leaders: set[str]
) -> dict[str, str]:
    """Return e-mail -> role: one convenor, perhaps a co-convenor, then the members.

    Nobody leads two communities, so `leaders` collects those already chosen.
    """
    leader_levels = (Level.MIDDLE, Level.SENIOR)
    convenor = spec.convenor or rng.choice(eligible(demo, leader_levels, leaders)).email
    roles: dict[str, str] = {convenor: Membership.Role.CONVENOR}
    if spec.co_convenor:
        co_convenor = rng.choice(eligible(demo, leader_levels, leaders | set(roles)))
        roles[co_convenor.email] = Membership.Role.CO_CONVENOR
    leaders.update(roles)
    roles.update(dict.fromkeys(spec.members, Membership.Role.MEMBER))
    for person in rng.sample(eligible(demo, spec.levels, roles), spec.size - len(roles)):
        roles[person.email] = Membership.Role.MEMBER
    return roles


def days_since_joining(role: str, founded: int, rng: random.Random) -> int:
    """Leaders join in a community's first fortnight; members at any time since."""
    if role == Membership.Role.MEMBER:
        return rng.randint(7, founded)
    return founded - rng.randint(0, 14)


# -- History -----------------------------------------------------------------


def build_history(demo: Demo) -> str:
    """Add former members, a pending request to join and a pending invitation."""
    rng = demo.rng("history")
    former = Membership.objects.bulk_create(
        former_membership(demo.communities[name], demo, rng)
        for name in data.FORMER_MEMBER_COMMUNITIES
    )
    add_join_request(demo, rng)
    add_invitation(demo)
    return f"{len(former)} former members, 1 request to join, 1 invitation"


def current_members(community: Community) -> set[int]:
    return set(community.memberships.current().values_list("user_id", flat=True))


def former_membership(community: Community, demo: Demo, rng: random.Random) -> Membership:
    """Return the ended membership of someone who joined early and left within months."""
    spec = next(spec for spec in data.COMMUNITIES if spec.name == community.name)
    members = current_members(community)
    person = rng.choice([p for p in eligible(demo, spec.levels) if p.pk not in members])
    joined = moment(days_before_anchor(rng.randint(300, 460)), rng)
    return Membership(
        community=community,
        user=person,
        role=Membership.Role.MEMBER,
        joined_at=joined,
        left_at=joined + datetime.timedelta(days=rng.randint(45, 200)),
        end_reason=Membership.EndReason.LEFT,
    )


def add_join_request(demo: Demo, rng: random.Random) -> JoinRequest:
    """Have a front-line manager who is not yet a member ask to join."""
    community = demo.communities[data.JOIN_REQUEST_COMMUNITY]
    members = current_members(community)
    candidates = [p for p in eligible(demo, (Level.FRONT_LINE,)) if p.pk not in members]
    return JoinRequest.objects.create(
        community=community, user=rng.choice(candidates), message=data.JOIN_REQUEST_MESSAGE
    )


def add_invitation(demo: Demo) -> Invitation:
    """Have a community's convenor invite the member persona."""
    community = demo.communities[data.INVITATION_COMMUNITY]
    convenor = community.memberships.current().convenors().get().user
    return Invitation.objects.create(
        community=community,
        invitee=demo.person(data.INVITATION_INVITEE),
        invited_by=convenor,
        message=data.INVITATION_MESSAGE,
    )

"""The demo's values and values-in-action stories: five values and a year of stories.

Everything here is fictional. Northgate's administrators have set five values.
About twenty-five stories, spread over the year before the demo's anchor
date, tell of colleagues, teams and the storytellers themselves living them:
most from communities, several beyond them (the ripple effects), a few tied
to no community at all. Stories from the two private communities are kept to
their members; one from an open community is kept to its members by choice;
Harriet Lloyd asked for the one about her to be hidden.

Rows are written straight to the database with their dates, rather than
through the services, so the demo tells no one about stories months old.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from convene.communities.models import Community, Membership
from convene.demo.builders import Demo, days_before_anchor, moment
from convene.people.models import User
from convene.values.models import Value, ValueStory

SAM = "member@northgate.example"
GRACE = "convenor@northgate.example"
DAVID = "sponsor@northgate.example"
HARRIET = "executive@northgate.example"
CHANGE = "Leading Through Change"
DATA = "Data-Informed Leadership"
INNOVATORS = "Cross-Site Innovators"
CIRCLE = "New Managers' Circle"
COURAGE = "Courageous Conversations"
PEER = "peer"  # another current member of the story's community, picked by the demo's seed
SELF = "self"

SERVICE = "We put the people we serve first"
INTEGRITY = "We do what we say"
SPEAKING_UP = "We speak up"
LEARNING = "We keep learning"
BELONGING = "Everyone belongs"

VALUES: tuple[tuple[str, str], ...] = (
    (
        SERVICE,
        "We start from what our customers and communities need, and we fix the thing that "
        "matters to them before the thing that is easiest for us.",
    ),
    (
        INTEGRITY,
        "We keep our promises, own our mistakes openly, and act the same way whether or not "
        "anyone is watching.",
    ),
    (
        SPEAKING_UP,
        "We raise concerns and ideas early and respectfully, even when the news is unwelcome "
        "or the room is senior, and we thank people who do.",
    ),
    (
        LEARNING,
        "We treat every result, good or bad, as something to learn from, and we share what "
        "we learn beyond our own team.",
    ),
    (
        BELONGING,
        "We make room for every voice and background, notice who is missing, and change how "
        "we work so that they can take part.",
    ),
)


@dataclass(frozen=True)
class StorySpec:
    values: tuple[str, ...]
    title: str
    body: str
    days_ago: int
    community: str | None = None
    beyond: bool = True
    author: str = ""  # an e-mail, or empty for a member of the community (anyone without one)
    about: str = ""  # an e-mail, PEER, SELF or empty
    team: str = ""
    members_only: bool = False
    hidden: bool = False


STORIES: tuple[StorySpec, ...] = (
    StorySpec(
        (SPEAKING_UP, INTEGRITY),
        "Said the hand-over trial was not working",
        "Three weeks into the hand-over notes trial, the night team were filling the form in "
        "but nobody read it. Rather than report a good completion rate, they told the "
        "community plainly that the trial was failing, and why. That honesty saved us a "
        "month.",
        330,
        CHANGE,
        beyond=False,
        author=SAM,
        team="The Leeds night shift",
    ),
    StorySpec(
        (SERVICE,),
        "Rerouted the crews around the school run",
        "After hearing at a gathering how another depot plans around local schools, a team "
        "leader's crews moved two street-works slots out of the school-run hour. "
        "Complaints from that street stopped.",
        300,
        CHANGE,
        about=PEER,
    ),
    StorySpec(
        (LEARNING,),
        "Shared the dashboard mistakes, not only the dashboard",
        "When the outage dashboard went live, the team published a short note of everything "
        "they had got wrong on the way, so other depots would not repeat it.",
        280,
        DATA,
        beyond=False,
        about=PEER,
    ),
    StorySpec(
        (BELONGING,),
        "Moved the gathering so the night shift could come",
        "Our gatherings were always at ten in the morning, which shut out everyone on nights. "
        "The convenors tried an early-evening slot and four night-shift supervisors joined "
        "for the first time.",
        265,
        CIRCLE,
        beyond=False,
        author=GRACE,
        about=SELF,
    ),
    StorySpec(
        (INTEGRITY,),
        "Owned the missed deadline in front of the board",
        "The capital plan slipped by a month. Instead of letting the slide pass unremarked, "
        "David opened the board item by naming the slip and what he had changed so it would "
        "not happen again.",
        250,
        author=HARRIET,
        about=DAVID,
    ),
    StorySpec(
        (SPEAKING_UP,),
        "Asked the question everyone was thinking",
        "At the all-managers briefing, a new team leader asked why the restructure had no "
        "plan for the control room. It was the question the whole row wanted to ask. The "
        "answer came the next week.",
        240,
        CIRCLE,
        about=PEER,
    ),
    StorySpec(
        (LEARNING, BELONGING),
        "Brought a reading circle to the depot",
        "After the introductory module, two members started a monthly lunchtime reading "
        "group at Hull depot. It is open to anyone, not only managers, and the operatives "
        "choose the pieces.",
        220,
        INNOVATORS,
        team="Hull depot reading group",
    ),
    StorySpec(
        (SERVICE, SPEAKING_UP),
        "Challenged a policy that left customers waiting",
        "Sam noticed that the refund rule forced customers to call twice, raised it on the "
        "organisational agenda with the figures, and saw the rule changed within the quarter.",
        205,
        DATA,
        author=GRACE,
        about=SAM,
    ),
    StorySpec(
        (INTEGRITY, LEARNING),
        "Published the project's results, good and bad",
        "The buddying project's close-out listed what did not work alongside what did, and "
        "the circle agreed to share it with the wider programme.",
        190,
        CIRCLE,
        beyond=False,
        author=GRACE,
        team="The buddying project team",
    ),
    StorySpec(
        (BELONGING,),
        "Made the team meeting work for a colleague who lip-reads",
        "A supervisor rearranged her team's daily briefing so everyone faces each other and "
        "one person speaks at a time. She says the meeting is better for everyone.",
        175,
        COURAGE,
        about=PEER,
    ),
    StorySpec(
        (SPEAKING_UP,),
        "Disagreed with a sponsor, kindly",
        "In a hard conversation practice, a member told a senior sponsor that the proposed "
        "target would push teams to cut corners, and offered an alternative. The sponsor took "
        "it.",
        160,
        COURAGE,
        beyond=False,
        about=PEER,
    ),
    StorySpec(
        (SERVICE,),
        "Stayed with a vulnerable customer until help arrived",
        "During the storm outage, a field team kept checking on an elderly customer on oxygen "
        "and stayed until the generator arrived, long after their shift ended.",
        150,
        team="Wakefield field team B",
    ),
    StorySpec(
        (LEARNING,),
        "Tried the after-action review on a near miss",
        "A team leader used the after-action review format from a community gathering on a "
        "near miss in the yard. No blame, four changes, all made within a fortnight.",
        140,
        CHANGE,
        about=PEER,
    ),
    StorySpec(
        (INTEGRITY,),
        "Gave back the underspend",
        "The project finished under budget and the team released what was left to the "
        "envelope straight away, so another project could use it this year.",
        125,
        INNOVATORS,
        beyond=False,
        team="The cross-site tools project",
    ),
    StorySpec(
        (BELONGING, SPEAKING_UP),
        "Noticed who was not in the room",
        "Planning the depot redesign, Harriet asked why no operatives were on the panel, and "
        "held the decision until two were.",
        110,
        author=DAVID,
        about=HARRIET,
        hidden=True,
    ),
    StorySpec(
        (SERVICE, LEARNING),
        "Turned customer complaints into a team huddle",
        "Every Monday the contact centre team now reads three complaints aloud and agrees one "
        "change. They got the idea from the data community's showcase.",
        95,
        DATA,
        team="Contact centre, Bradford",
    ),
    StorySpec(
        (SPEAKING_UP, INTEGRITY),
        "Reported her own mistake before anyone found it",
        "A new manager found she had approved overtime against the wrong code and told "
        "finance the same day, with the fix. She brought the story to the circle so others "
        "would feel able to do the same.",
        80,
        CIRCLE,
        about=PEER,
    ),
    StorySpec(
        (LEARNING,),
        "Learnt to facilitate by doing it",
        "I had never run a gathering. I volunteered for the fishbowl session, made a mess of "
        "the timing, and asked for feedback afterwards. The second one went much better.",
        70,
        CHANGE,
        beyond=False,
        author=SAM,
        about=SELF,
    ),
    StorySpec(
        (BELONGING,),
        "Translated the safety briefing",
        "Two operatives translated the new safety briefing into Polish and Punjabi in their "
        "own time, and the depot now keeps both versions up to date.",
        60,
        INNOVATORS,
        team="Leeds depot operatives",
    ),
    StorySpec(
        (SERVICE,),
        "Called every customer on the list back",
        "When the billing error hit three hundred accounts, the team did not send a form "
        "letter: they called each customer, starting with the largest amounts.",
        45,
        team="Billing team, York",
    ),
    StorySpec(
        (SPEAKING_UP,),
        "Named the workload problem at the sponsor review",
        "When the sponsor asked how the community was doing, a member said plainly that "
        "people could not attend because of rota pressure, which led to released time being "
        "agreed.",
        35,
        COURAGE,
        beyond=False,
        about=PEER,
        members_only=True,
    ),
    StorySpec(
        (INTEGRITY, SERVICE),
        "Kept the promise made at the public meeting",
        "Residents were promised a reply within a week about the road closure. The site "
        "manager wrote to every household on day six, even though the answer was not the one "
        "they wanted.",
        25,
        CHANGE,
        about=PEER,
    ),
    StorySpec(
        (LEARNING, BELONGING),
        "Paired new managers with experienced ones across sites",
        "The circle's buddying idea spread: two other functions have started pairing new "
        "managers with someone from a different site.",
        18,
        CIRCLE,
        author=GRACE,
        team="New managers in Finance and Fleet",
    ),
    StorySpec(
        (SPEAKING_UP, LEARNING),
        "Asked for feedback on my first board paper",
        "I shared my first board paper with the community before submitting it and asked "
        "what was unclear. Three people told me, and the paper went through first time.",
        10,
        DATA,
        beyond=False,
        author=SAM,
        about=SELF,
        members_only=True,
    ),
    StorySpec(
        (SERVICE, BELONGING),
        "Opened the depot to the neighbours",
        "As one of the community's projects, the depot held an open evening for the streets "
        "around it, with the night team explaining why the lorries leave at five. "
        "Complaints about noise have fallen since.",
        4,
        INNOVATORS,
        beyond=False,
        team="Hull depot",
    ),
)


def build_values(demo: Demo) -> str:
    """Set Northgate's five values and tell a year of stories about living them."""
    values = {
        name: Value.objects.create(name=name, description=description, order=order)
        for order, (name, description) in enumerate(VALUES, start=1)
    }
    rng = demo.rng("values")
    stories = [_story(demo, spec, values, rng) for spec in STORIES]
    beyond = sum(story.beyond_community for story in stories)
    hidden = sum(story.is_hidden for story in stories)
    return (
        f"{len(values)} values, {len(stories)} values-in-action stories "
        f"({beyond} beyond communities, {hidden} hidden)"
    )


def _story(demo: Demo, spec: StorySpec, values: dict[str, Value], rng: random.Random) -> ValueStory:
    community = demo.communities[spec.community] if spec.community else None
    author = _author(demo, spec, community, rng)
    created = moment(days_before_anchor(spec.days_ago), rng)
    private = community is not None and (community.is_private or spec.members_only)
    story = ValueStory.objects.create(
        author=author,
        title=spec.title,
        body=spec.body,
        happened_on=days_before_anchor(spec.days_ago + rng.randint(0, 3)),
        about_person=_about(demo, spec, community, author, rng),
        about_team=spec.team,
        community=community,
        beyond_community=spec.beyond or community is None,
        audience=ValueStory.Audience.COMMUNITY if private else ValueStory.Audience.ORGANISATION,
        hidden_at=created if spec.hidden else None,
        created_at=created,
        updated_at=created,
    )
    story.values.set([values[name] for name in spec.values])
    return story


def _author(demo: Demo, spec: StorySpec, community: Community | None, rng: random.Random) -> User:
    if spec.author:
        return demo.person(spec.author)
    if community is None:
        return demo.person(rng.choice(sorted(demo.people)))
    return rng.choice(_members(community))


def _about(
    demo: Demo, spec: StorySpec, community: Community | None, author: User, rng: random.Random
) -> User | None:
    if spec.about == SELF:
        return author
    if spec.about == PEER and community is not None:
        return rng.choice([person for person in _members(community) if person != author])
    return demo.person(spec.about) if spec.about else None


def _members(community: Community) -> list[User]:
    current = Membership.objects.current().filter(community=community).select_related("user")
    return [membership.user for membership in current.order_by("user__email")]

"""The demo's elections: a history of convenors, published results, and two elections under way.

Everything here is fictional. Leading Through Change elected its convenor a
year ago in a contested ranked-choice election, whose result and anonymised
ballots are published; the next election is now in its voting window, so Sam
Okafor (member@) can vote. Data-Informed Leadership confirmed its convenor in
a consent round. In the New Managers' Circle, Grace Whitfield's first term is
ending and nominations are open. The elections are written straight to the
database, with their dates, rather than through the services, so that the
demo tells no one about events months ago; past counts still go through
`convene.elections.tally`, exactly as the close would.

Dates run from today rather than the demo's anchor, so the open windows are
open whenever the demo is built.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Collection, Sequence

from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.demo.builders import Demo
from convene.elections import services
from convene.elections.models import Ballot, Election, Nomination, Receipt, Term
from convene.lib.dates import add_months
from convene.people.models import User

CHANGE = "Leading Through Change"
DATA = "Data-Informed Leadership"
CIRCLE = "New Managers' Circle"
SAM = "member@northgate.example"
DAY = datetime.timedelta(days=1)

STATEMENTS = {
    "returning": (
        "It has been a privilege to convene us this year. I would like another term to see "
        "through the cross-site visits we started in the spring, and to hand more of the "
        "facilitation to members, as several of you asked at the last gathering."
    ),
    "challenger": (
        "I joined this community when my depot went through the restructure, and it helped "
        "me more than any course has. I would like to give something back: I would keep our "
        "gatherings practical, start each one with a problem a member brings, and make sure "
        "the quieter sites get heard."
    ),
    "newcomer": (
        "I am relatively new, so I would bring fresh eyes and plenty of energy. I would want "
        "a co-convenor with more experience beside me."
    ),
    "practical": (
        "I would like us to spend less time on updates and more on the real situations "
        "members bring. If elected, I would trial a shorter monthly gathering with one case "
        "and one experiment, and review after three months whether it is working."
    ),
    "successor": (
        "I have been co-convenor for a year and am ready to take the lead. My priorities: keep "
        "the monthly rhythm, alternate between sites and online so nobody is always travelling, "
        "and ask our sponsor for time for two small projects that members have proposed."
    ),
    "peer": (
        "Colleagues put my name forward and I am glad to stand. I would focus on making our "
        "gatherings a safe place to bring the change that is not going well, not just the "
        "success stories."
    ),
    "data": (
        "I would like to carry on for another year. We now have a good set of worked examples; "
        "next I want us to pair more front-line managers with analysts on live questions."
    ),
    "circle": (
        "The circle helped me through my first year as a manager. I would like to help the next "
        "group of new managers feel less alone, and I would keep what is said in the room in "
        "the room."
    ),
}


def build_elections(demo: Demo) -> str:
    """Give three communities a history of convenors, and open two elections."""
    rng = demo.rng("elections")
    today = timezone.localdate()
    change = _leading_through_change(demo.communities[CHANGE], demo, rng, today)
    _data_informed(demo.communities[DATA], rng, today)
    _circle(demo.communities[CIRCLE], rng, today)
    return (
        f"3 convenor histories, 2 published results ({change} ballots in {CHANGE}'s last "
        f"election), voting open in {CHANGE} and nominations open in the {CIRCLE}"
    )


def _leading_through_change(
    community: Community, demo: Demo, rng: random.Random, today: datetime.date
) -> int:
    convenor, deputy = _leaders(community)
    next_from = today + 14 * DAY
    elected_from = add_months(next_from, -12)
    _appointed(community, convenor, until=elected_from - DAY)
    closes = _at(elected_from - 3 * DAY, 17)
    past = _election(community, closes, elected_from, next_from - DAY)
    early = _members_before(community, past.nominations_open_at, exclude={SAM})
    standing = [
        _nominee(past, convenor, convenor, "returning"),
        _nominee(past, deputy, deputy, "challenger"),
        _nominee(past, early[0], early[-1], "newcomer"),
    ]
    # A close race, every member but one voting: the newcomer's supporters mostly
    # prefer the convenor next, which carries the convenor past half in round 2.
    voters = _voters_before(community, past.nominations_open_at)[:-1]
    cycle = [(0, 1, 2), (1, 0), (0, 2, 1), (2, 0, 1), (1, 2, 0), (0, 1)]
    patterns = [cycle[i % len(cycle)] for i in range(len(voters))]
    _vote_ranked(past, standing, patterns, rng, voters)
    _close(past, convenor)
    # This year's election: voting open now, the co-convenor standing as successor.
    now = timezone.now()
    current = Election.objects.create(
        community=community,
        method=Election.Method.RANKED,
        nominations_open_at=now - 16 * DAY,
        voting_opens_at=now - 2 * DAY,
        voting_closes_at=now + 5 * DAY,
        quorum_percent=50,
        term_starts_on=next_from,
        term_ends_on=next_from + _year(next_from),
        seed=_seed(rng),
        opened_by=None,
    )
    peers = _members_before(community, current.nominations_open_at, exclude={SAM})
    fresh = [p for p in peers if p != early[0]]
    now_standing = [
        _nominee(current, deputy, None, "successor"),
        _nominee(current, fresh[0], fresh[1], "peer"),
        _nominee(current, fresh[2], fresh[2], "practical"),
    ]
    Nomination.objects.create(
        election=current,
        nominee=fresh[3],
        nominated_by=fresh[4],
        status=Nomination.Status.DECLINED,
        created_at=current.nominations_open_at + 2 * DAY,
        responded_at=current.nominations_open_at + 3 * DAY,
    )
    so_far = [(0, 1), (1, 0, 2), (0, 2, 1), (2, 1), (0,), (1, 0), (0, 1, 2), (2, 0)]
    _vote_ranked(current, now_standing, so_far, rng, peers[5:13])
    return len(patterns)


def _data_informed(community: Community, rng: random.Random, today: datetime.date) -> None:
    convenor, _deputy = _leaders(community)
    elected_from = today - 60 * DAY
    _appointed(community, convenor, until=elected_from - DAY)
    closes = _at(elected_from - 4 * DAY, 12)
    past = _election(community, closes, elected_from, elected_from + _year(elected_from))
    _nominee(past, convenor, convenor, "data")
    voters = _voters_before(community, past.nominations_open_at)
    answers = ["abstain" if i % 5 == 4 else "support" for i in range(min(11, len(voters)))]
    Ballot.objects.bulk_create(
        Ballot(election=past, consent=answer) for answer in _shuffled(answers, rng)
    )
    Receipt.objects.bulk_create(Receipt(election=past, voter=v) for v in voters[: len(answers)])
    _close(past, convenor)


def _circle(community: Community, rng: random.Random, today: datetime.date) -> None:
    grace, deputy = _leaders(community)
    ends = today + 40 * DAY
    founded = _membership(community, grace).joined_at.date()
    Term.objects.create(
        community=community,
        person=grace,
        starts_on=founded,
        ends_on=ends,
        how=Term.How.APPOINTMENT,
        took_office_at=_at(founded, 10),
    )
    now = timezone.now()
    # Opened by the daily command six weeks before Grace's term ends.
    election = Election.objects.create(
        community=community,
        nominations_open_at=now - 2 * DAY,
        voting_opens_at=now + 9 * DAY,
        voting_closes_at=now + 19 * DAY,
        quorum_percent=50,
        term_starts_on=ends + DAY,
        term_ends_on=ends + _year(ends + DAY),
        seed=_seed(rng),
    )
    Nomination.objects.create(
        election=election, nominee=deputy, created_at=election.nominations_open_at
    )
    member = _members_before(community, election.nominations_open_at)[0]
    _nominee(election, member, member, "circle")


# -- Helpers -------------------------------------------------------------------


def _leaders(community: Community) -> tuple[User, User]:
    current = community.memberships.current().select_related("user")
    convenor = current.get(role=Membership.Role.CONVENOR).user
    deputy = current.get(role=Membership.Role.CO_CONVENOR).user
    return convenor, deputy


def _membership(community: Community, person: User) -> Membership:
    return community.memberships.current().get(user=person)


def _members_before(
    community: Community, when: datetime.datetime, exclude: Collection[str] = ()
) -> list[User]:
    memberships = (
        community.memberships.current()
        .filter(role=Membership.Role.MEMBER, joined_at__lt=when)
        .exclude(user__email__in=exclude)
        .select_related("user")
        .order_by("user__email")
    )
    return [m.user for m in memberships]


def _voters_before(community: Community, when: datetime.datetime) -> list[User]:
    """Everyone, leaders included, who was a member by `when`, in a fixed order."""
    memberships = community.memberships.current().filter(joined_at__lt=when)
    return [m.user for m in memberships.select_related("user").order_by("user__email")]


def _year(start: datetime.date) -> datetime.timedelta:
    return add_months(start, 12) - start - DAY


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _seed(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _shuffled[T](items: Sequence[T], rng: random.Random) -> list[T]:
    shuffled = list(items)
    rng.shuffle(shuffled)
    return shuffled


def _appointed(community: Community, person: User, *, until: datetime.date) -> Term:
    """The founding convenor, appointed with the community, until its first election."""
    founded = _membership(community, person).joined_at.date()
    return Term.objects.create(
        community=community,
        person=person,
        starts_on=founded,
        ends_on=until,
        how=Term.How.APPOINTMENT,
        took_office_at=_at(founded, 10),
    )


def _election(
    community: Community,
    closes: datetime.datetime,
    term_from: datetime.date,
    term_to: datetime.date,
) -> Election:
    return Election.objects.create(
        community=community,
        nominations_open_at=closes - 24 * DAY,
        voting_opens_at=closes - 10 * DAY,
        voting_closes_at=closes,
        quorum_percent=50,
        term_starts_on=term_from,
        term_ends_on=term_to,
        seed=f"{random.Random(str(closes)).getrandbits(128):032x}",
    )


def _nominee(election: Election, nominee: User, by: User | None, statement: str) -> Nomination:
    opened = election.nominations_open_at
    return Nomination.objects.create(
        election=election,
        nominee=nominee,
        nominated_by=by,
        status=Nomination.Status.ACCEPTED,
        statement=STATEMENTS[statement],
        created_at=opened + DAY,
        responded_at=opened + 2 * DAY,
    )


def _vote_ranked(
    election: Election,
    standing: list[Nomination],
    patterns: Sequence[Sequence[int]],
    rng: random.Random,
    voters: list[User],
) -> None:
    """Write one ballot per pattern (indices into `standing`) and a receipt per voter."""
    ballots = [[str(standing[i].pk) for i in pattern] for pattern in patterns]
    assert len(voters) >= len(ballots), f"too few members to vote in {election.community}"
    Ballot.objects.bulk_create(
        Ballot(election=election, choices=choices) for choices in _shuffled(ballots, rng)
    )
    Receipt.objects.bulk_create(
        Receipt(election=election, voter=voter) for voter in voters[: len(ballots)]
    )


def _close(election: Election, winner: User) -> None:
    """Count a past election with the same code as the close, and record it as closed."""
    standing = services.candidates(election)
    result = services.count(election, standing)
    election.electorate = Membership.objects.filter(
        community=election.community, joined_at__lt=election.voting_closes_at
    ).count()
    election.turnout = election.receipts.count()
    election.result = result.as_dict()
    assert standing[[str(n.pk) for n in standing].index(result.winner or "")].nominee == winner
    election.outcome, election.winner = Election.Outcome.ELECTED, winner
    election.status, election.closed_at = Election.Status.CLOSED, election.voting_closes_at
    election.save()
    Term.objects.create(
        community=election.community,
        person=winner,
        starts_on=election.term_starts_on,
        ends_on=election.term_ends_on,
        how=Term.How.ELECTION,
        election=election,
        took_office_at=_at(election.term_starts_on, 9),
    )

"""The demo's project resources: parameters, the expertise pool, requests, the ledger and a round.

Everything here is fictional. The current period is the calendar quarter that
holds the day the demo is built, so requests can be made at once; the quarter
before it holds the completed hand-over project's spending and the release of
what it did not use.

- Leading Through Change: Sam Okafor's "Change stories" project had funding,
  his released time (his line manager consented) and an expert's hours
  approved by the convenor, has claimed and logged some of them, and has a
  second request, too large for the convenor alone, waiting for its sponsor,
  David Mensah (sponsor@northgate.example).
- Data-Informed Leadership: the dashboard project's request, with an expert's
  accepted hours, has passed its convenor and waits for its sponsor.
- New Managers' Circle: the buddying project's sponsor approved its request in
  part, with a reason.
- Cross-Site Innovators: an allocation round is open with the repair café in it.

Rows are written straight to the database with their dates, rather than
through the services, so the demo tells no one about events weeks ago; the
envelopes' balances are worked out from the allocations so every invariant holds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import F
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.demo import data
from convene.demo.builders import Demo
from convene.people.models import User
from convene.projects.models import Project
from convene.resources.models import (
    Allocation,
    AllocationRound,
    Approval,
    ApprovalRule,
    Cap,
    Envelope,
    ExpertOffer,
    Kind,
    LedgerEntry,
    Period,
    Pledge,
    RequestLine,
    ResourceRequest,
    RoundBudget,
    RoundEntry,
)

SAM = "member@northgate.example"
CHANGE = "Leading Through Change"
DATA = "Data-Informed Leadership"
CIRCLE = "New Managers' Circle"
INNOVATORS = "Cross-Site Innovators"
COURAGE = "Courageous Conversations"
PROGRAMME = "Introductory programme"

# Funding, released hours and expert hours for each community in the current period.
ENVELOPES = {
    CHANGE: ("6000", "160", "40"),
    DATA: ("5000", "120", "40"),
    CIRCLE: ("3000", "80", "24"),
    INNOVATORS: ("4000", "120", "30"),
    COURAGE: ("2500", "60", "16"),
}
CAPS = {Kind.FUNDING: "2000", Kind.TIME: "60", Kind.EXPERTISE: "20"}
# (kind, above, needs convenor, needs sponsor)
RULES = (
    (Kind.FUNDING, "0", True, False),
    (Kind.FUNDING, "400", False, True),
    (Kind.FUNDING, "1000", True, True),
    (Kind.TIME, "0", True, False),
    (Kind.TIME, "30", True, True),
    (Kind.EXPERTISE, "0", True, False),
    (Kind.EXPERTISE, "12", True, True),
)


@dataclass(frozen=True)
class OfferSpec:
    topic: str
    description: str
    hours: str


OFFERS = (
    OfferSpec(
        "Interviewing and telling stories",
        "How to draw out a colleague's story in twenty minutes and write it up fairly, "
        "with their consent at every step.",
        "20",
    ),
    OfferSpec(
        "Data visualisation",
        "Choosing the few figures that matter and showing them so a busy team leader reads "
        "them in a minute.",
        "24",
    ),
    OfferSpec(
        "Facilitating workshops",
        "Designing and running a half-day session where everyone's voice is heard.",
        "16",
    ),
    OfferSpec(
        "Procurement rules for small purchases",
        "What a project can buy, from whom, and how to keep the receipts right.",
        "8",
    ),
    OfferSpec(
        "Coaching conversations",
        "Peer coaching skills for buddies and mentors: listening, questions, agreeing a next step.",
        "12",
    ),
)


def build_resources(demo: Demo) -> str:
    """Write the periods, parameters, pool, requests, ledger and an open allocation round."""
    today = timezone.localdate()
    current, previous = _periods(today)
    communities = {c.name: c for c in Community.objects.all()}
    envelopes = _parameters(current, communities)
    experts = _experts(demo)
    offers = [
        ExpertOffer.objects.create(
            expert=expert,
            topic=spec.topic,
            description=spec.description,
            hours=Decimal(spec.hours),
            remaining=Decimal(spec.hours),
            created_at=_at(today, 50 - 3 * index),
        )
        for index, (spec, expert) in enumerate(zip(OFFERS, experts, strict=True))
    ]
    projects = {p.title: p for p in Project.objects.select_related("community")}
    _handover_last_quarter(previous, projects, today)
    _change_stories(demo, envelopes, offers[0], projects, today)
    _dashboard(envelopes, offers[1], projects, today)
    _buddying(envelopes, projects, today)
    _repair_cafe_round(envelopes, projects, today)
    for envelope in Envelope.objects.all():
        _settle_balance(envelope)
    return (
        f"Resource parameters for {current.name}, {len(offers)} offers in the expertise pool, "
        f"{ResourceRequest.objects.count()} requests, {LedgerEntry.objects.count()} ledger "
        "entries and an open allocation round."
    )


def _periods(today: datetime.date) -> tuple[Period, Period]:
    start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = _quarter_after(start) - datetime.timedelta(days=1)
    before = _quarter_before(start)
    current = Period.objects.create(
        name=_quarter_name(start), starts_on=start, ends_on=end, round_share=20
    )
    previous = Period.objects.create(
        name=_quarter_name(before),
        starts_on=before,
        ends_on=start - datetime.timedelta(days=1),
        round_share=20,
    )
    return current, previous


def _quarter_after(start: datetime.date) -> datetime.date:
    month = start.month + 3
    return datetime.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)


def _quarter_before(start: datetime.date) -> datetime.date:
    month = start.month - 3
    return datetime.date(start.year - (month < 1), (month - 1) % 12 + 1, 1)


def _quarter_name(start: datetime.date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


def _parameters(
    period: Period, communities: dict[str, Community]
) -> dict[tuple[str, str], Envelope]:
    envelopes: dict[tuple[str, str], Envelope] = {}
    for name, amounts in ENVELOPES.items():
        for kind, total in zip((Kind.FUNDING, Kind.TIME, Kind.EXPERTISE), amounts, strict=True):
            envelopes[name, kind] = Envelope.objects.create(
                period=period, community=communities[name], kind=kind, total=Decimal(total)
            )
    for kind, amount in CAPS.items():
        Cap.objects.create(period=period, kind=kind, amount=Decimal(amount))
    for kind, above, convenor, sponsor in RULES:
        ApprovalRule.objects.create(
            period=period,
            kind=kind,
            above=Decimal(above),
            needs_convenor=convenor,
            needs_sponsor=sponsor,
        )
    return envelopes


def _experts(demo: Demo) -> list[User]:
    """People from across the organisation, none of them a persona or a convenor."""
    personas = {email for email, _role in data.PERSONAS}
    leaders = set(Membership.objects.current().leaders().values_list("user", flat=True))
    candidates = [
        person
        for email, person in sorted(demo.people.items())
        if email not in personas and person.pk not in leaders
    ]
    return demo.rng("resources").sample(candidates, len(OFFERS))


def _convenor(community: Community) -> User:
    convenor = Membership.objects.current().select_related("user")
    return convenor.get(community=community, role=Membership.Role.CONVENOR).user


def _lead_of(project: Project) -> User:
    leads = User.objects.filter(project_roles__project=project, project_roles__is_lead=True)
    return leads.earliest("project_roles__created_at")


def _request(
    project: Project,
    period: Period,
    summary: str,
    *,
    status: str,
    days_ago: int,
    today: datetime.date,
    convenor: bool = True,
    sponsor: bool = False,
) -> ResourceRequest:
    made = _at(today, days_ago)
    decided = status in ResourceRequest.DECIDED
    return ResourceRequest.objects.create(
        project=project,
        period=period,
        summary=summary,
        status=status,
        needs_convenor=convenor,
        needs_sponsor=sponsor,
        requested_by=_lead_of(project),
        created_at=made,
        submitted_at=made + datetime.timedelta(hours=1),
        decided_at=_at(today, days_ago - 3) if decided else None,
    )


def _allocate(
    envelope: Envelope, line: RequestLine, approver: User, when: datetime.datetime
) -> Allocation:
    amount = line.approved
    assert amount is not None
    allocation = Allocation.objects.create(
        envelope=envelope,
        project=line.request.project,
        line=line,
        amount=amount,
        unspent=amount,
        created_at=when,
    )
    LedgerEntry.objects.create(
        allocation=allocation,
        entry=LedgerEntry.Entry.COMMITMENT,
        amount=amount,
        description=line.purpose,
        actor=approver,
        created_at=when,
    )
    if line.offer_id:
        ExpertOffer.objects.filter(pk=line.offer_id).update(remaining=F("remaining") - amount)
    return allocation


def _spend(
    allocation: Allocation,
    amount: str,
    description: str,
    actor: User,
    when: datetime.datetime,
    *,
    person: User | None = None,
) -> None:
    spent = Decimal(amount)
    LedgerEntry.objects.create(
        allocation=allocation,
        entry=LedgerEntry.Entry.SPEND,
        amount=spent,
        description=description,
        person=person,
        worked_on=when.date() if person else None,
        actor=actor,
        created_at=when,
    )
    allocation.spent += spent
    allocation.unspent -= spent
    allocation.save(update_fields=["spent", "unspent"])


def _handover_last_quarter(
    period: Period, projects: dict[str, Project], today: datetime.date
) -> None:
    project = projects["Hand-over notes that actually get written"]
    community = project.community
    envelope = Envelope.objects.create(
        period=period, community=community, kind=Kind.FUNDING, total=Decimal("4000")
    )
    convenor = _convenor(community)
    request = _request(
        project,
        period,
        "Printing the hand-over template and a short session for team leaders.",
        status=ResourceRequest.Status.APPROVED,
        days_ago=(today - period.starts_on).days - 10,
        today=today,
    )
    line = RequestLine.objects.create(
        request=request,
        kind=Kind.FUNDING,
        amount=Decimal("600"),
        approved=Decimal("600"),
        purpose="Printing and a session for team leaders",
    )
    decided = request.decided_at or timezone.now()
    Approval.objects.create(
        request=request,
        step=Approval.Step.CONVENOR,
        decision=Approval.Decision.APPROVED,
        reason="A small sum for something every team will use.",
        decided_by=convenor,
        decided_at=decided,
    )
    allocation = _allocate(envelope, line, convenor, decided)
    lead = _lead_of(project)
    _spend(allocation, "385.50", "Printing 400 template pads", lead, decided + _days(9))
    _spend(allocation, "134.50", "Room and refreshments for the session", lead, decided + _days(20))
    allocation.released = allocation.unspent
    allocation.unspent = Decimal("0")
    allocation.save(update_fields=["released", "unspent"])
    LedgerEntry.objects.create(
        allocation=allocation,
        entry=LedgerEntry.Entry.RELEASE,
        amount=allocation.released,
        description=f"Unspent when “{project.title}” ended",
        actor=lead,
        created_at=_at(today, 2),
    )


def _change_stories(
    demo: Demo,
    envelopes: dict[tuple[str, str], Envelope],
    offer: ExpertOffer,
    projects: dict[str, Project],
    today: datetime.date,
) -> None:
    project = projects["Change stories from the front line"]
    community = project.community
    sam = demo.person(SAM)
    convenor = _convenor(community)
    period = envelopes[CHANGE, Kind.FUNDING].period
    request = _request(
        project,
        period,
        "Kit to record colleagues' stories, Sam's time to gather them, and an expert's help "
        "to write them up well.",
        status=ResourceRequest.Status.APPROVED,
        days_ago=30,
        today=today,
    )
    funding = RequestLine.objects.create(
        request=request,
        kind=Kind.FUNDING,
        amount=Decimal("380"),
        approved=Decimal("380"),
        purpose="Two audio recorders and printing the story booklet",
    )
    consented = _at(today, 29)
    time = RequestLine.objects.create(
        request=request,
        kind=Kind.TIME,
        amount=Decimal("12"),
        approved=Decimal("12"),
        purpose="Interviewing colleagues across three sites",
        person=sam,
        consent=RequestLine.Consent.GIVEN,
        consent_by=sam.line_manager,
        consent_at=consented,
        consent_note="Happy to release Sam for this; let's plan round the month-end.",
    )
    expertise = RequestLine.objects.create(
        request=request,
        kind=Kind.EXPERTISE,
        amount=Decimal("6"),
        approved=Decimal("6"),
        purpose="Coaching the team in interviewing and writing up",
        offer=offer,
        consent=RequestLine.Consent.GIVEN,
        consent_by=offer.expert,
        consent_at=consented,
    )
    decided = request.decided_at or timezone.now()
    Approval.objects.create(
        request=request,
        step=Approval.Step.CONVENOR,
        decision=Approval.Decision.APPROVED,
        reason="Modest, and the stories will help every project in the community.",
        decided_by=convenor,
        decided_at=decided,
    )
    kit = _allocate(envelopes[CHANGE, Kind.FUNDING], funding, convenor, decided)
    hours = _allocate(envelopes[CHANGE, Kind.TIME], time, convenor, decided)
    coaching = _allocate(envelopes[CHANGE, Kind.EXPERTISE], expertise, convenor, decided)
    offer.refresh_from_db()
    _spend(kit, "179.98", "Two audio recorders", sam, _at(today, 24))
    _spend(hours, "3", "Interviews at the north depot", sam, _at(today, 18), person=sam)
    _spend(hours, "2.5", "Interviews at head office", sam, _at(today, 11), person=sam)
    _spend(
        coaching, "2", "Interviewing workshop", offer.expert, _at(today, 20), person=offer.expert
    )
    waiting = _request(
        project,
        period,
        "An afternoon where the storytellers and the people leading the change meet.",
        status=ResourceRequest.Status.SUBMITTED,
        days_ago=3,
        today=today,
        convenor=False,
        sponsor=True,
    )
    RequestLine.objects.create(
        request=waiting,
        kind=Kind.FUNDING,
        amount=Decimal("900"),
        purpose="Venue, refreshments and travel for the story-sharing afternoon",
    )


def _dashboard(
    envelopes: dict[tuple[str, str], Envelope],
    offer: ExpertOffer,
    projects: dict[str, Project],
    today: datetime.date,
) -> None:
    project = projects["A one-page team dashboard"]
    convenor = _convenor(project.community)
    request = _request(
        project,
        envelopes[DATA, Kind.FUNDING].period,
        "A licence for the dashboard tool for the pilot teams, and help designing the page.",
        status=ResourceRequest.Status.SUBMITTED,
        days_ago=6,
        today=today,
        convenor=True,
        sponsor=True,
    )
    RequestLine.objects.create(
        request=request,
        kind=Kind.FUNDING,
        amount=Decimal("1200"),
        purpose="Dashboard tool licences for six pilot teams for a year",
    )
    RequestLine.objects.create(
        request=request,
        kind=Kind.EXPERTISE,
        amount=Decimal("8"),
        purpose="Designing the one page with team leaders",
        offer=offer,
        consent=RequestLine.Consent.GIVEN,
        consent_by=offer.expert,
        consent_at=_at(today, 5),
        consent_note="Glad to: I can do two sessions of four hours.",
    )
    Approval.objects.create(
        request=request,
        step=Approval.Step.CONVENOR,
        decision=Approval.Decision.APPROVED,
        reason="The pilot teams asked for this; the licence is the cheapest that works.",
        decided_by=convenor,
        decided_at=_at(today, 4),
    )


def _buddying(
    envelopes: dict[tuple[str, str], Envelope],
    projects: dict[str, Project],
    today: datetime.date,
) -> None:
    project = projects["Buddying for first-time managers"]
    sponsor = project.community.sponsor
    assert sponsor is not None, "the demo's communities all have sponsors"
    request = _request(
        project,
        envelopes[CIRCLE, Kind.FUNDING].period,
        "Lunches for buddy pairs and a short guide for buddies.",
        status=ResourceRequest.Status.PARTLY_APPROVED,
        days_ago=40,
        today=today,
        convenor=False,
        sponsor=True,
    )
    lunches = RequestLine.objects.create(
        request=request,
        kind=Kind.FUNDING,
        amount=Decimal("800"),
        approved=Decimal("600"),
        purpose="A first lunch for each of twenty buddy pairs",
    )
    decided = request.decided_at or timezone.now()
    Approval.objects.create(
        request=request,
        step=Approval.Step.SPONSOR,
        decision=Approval.Decision.PARTLY,
        reason="£30 a pair is enough for a lunch; the canteen is fine.",
        decided_by=sponsor,
        decided_at=decided,
    )
    allocation = _allocate(envelopes[CIRCLE, Kind.FUNDING], lunches, sponsor, decided)
    lead = _lead_of(project)
    _spend(allocation, "243.60", "Lunches for the first eight pairs", lead, _at(today, 15))


def _repair_cafe_round(
    envelopes: dict[tuple[str, str], Envelope],
    projects: dict[str, Project],
    today: datetime.date,
) -> None:
    project = projects["A repair café for field kit"]
    community = project.community
    envelope = envelopes[INNOVATORS, Kind.FUNDING]
    members = [m.user for m in community.memberships.current().select_related("user")]
    pot = Decimal("700")
    share = (pot / len(members)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    round_ = AllocationRound.objects.create(
        envelope=envelope,
        title="Small ideas, autumn round",
        pot=pot,
        closes_on=min(envelope.period.ends_on, today + datetime.timedelta(days=12)),
        opened_by=_convenor(community),
        created_at=_at(today, 5),
    )
    entry = RoundEntry.objects.create(
        round=round_, project=project, minimum=Decimal("250"), target=Decimal("450")
    )
    for index, member in enumerate(members):
        pledged = share if index < 5 else Decimal("0")
        RoundBudget.objects.create(
            round=round_, member=member, amount=share, remaining=share - pledged
        )
        if pledged:
            Pledge.objects.create(entry=entry, member=member, amount=pledged)
            entry.pledged += pledged
    entry.save(update_fields=["pledged"])


def _settle_balance(envelope: Envelope) -> None:
    """Set what is left of an envelope from what its allocations still hold."""
    held = sum(
        (a.amount - a.released for a in envelope.allocations.all()),
        Decimal("0"),
    )
    Envelope.objects.filter(pk=envelope.pk).update(remaining=envelope.total - held)


def _at(today: datetime.date, days_ago: int, hour: int = 10) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)

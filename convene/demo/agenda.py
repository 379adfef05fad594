"""The demo's organisational agenda: issues, supporters, contributions and responses.

Everything here is fictional. Six issues, actual and emerging, adaptive and
technical, raised by executives and members over the last quarter, with
supporters. Leading Through Change's contribution on shift hand-overs was
accepted in part, with follow-up actions (one done); Cross-Site Innovators'
car-share proposal was declined, late; Data-Informed Leadership's
contribution on hybrid working is overdue with Harriet Lloyd; Cross-Site
Innovators' smart-meter contribution awaits David Mensah within its target;
the New Managers' Circle is drafting in two versions. The measures page
therefore shows real figures.

Rows are written straight to the database with their dates, rather than
through the services, so the demo tells no one about events weeks ago.
Dates run back from today, so what is overdue stays overdue. The demo's
past responses are not posted into the communities' conversations, which
the discussions part of the demo writes as members' own; a response given
in the running demo is posted there as usual. Issue tags reuse the
conversation tags the demo already has.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

from convene.agenda.models import (
    Action,
    AgendaSettings,
    Contribution,
    ContributionVersion,
    Issue,
    Response,
    Support,
    Uptake,
)
from convene.agenda.workdays import add_working_days, working_days_between
from convene.communities.models import Community, Membership
from convene.demo.builders import Demo
from convene.discussions.models import Tag
from convene.people.models import User

HARRIET = "executive@northgate.example"
DAVID = "sponsor@northgate.example"
GRACE = "convenor@northgate.example"
SAM = "member@northgate.example"
CHANGE = "Leading Through Change"
DATA = "Data-Informed Leadership"
CIRCLE = "New Managers' Circle"
INNOVATORS = "Cross-Site Innovators"


@dataclass(frozen=True)
class IssueSpec:
    key: str
    title: str
    description: str
    timing: str
    nature: str
    raised_by: str
    days_ago: int
    tags: tuple[str, ...]
    supporters: int
    taken_up_by: tuple[str, ...] = ()
    status: str = ""


@dataclass(frozen=True)
class Draft:
    analysis: str
    options: str
    recommendation: str
    note: str = ""


@dataclass(frozen=True)
class Answer:
    outcome: str
    body: str
    working_days: int
    actions: tuple[tuple[str, int, bool], ...] = ()  # text, due in days from response, done


@dataclass(frozen=True)
class ContributionSpec:
    issue: str
    community: str
    title: str
    versions: tuple[Draft, ...]
    submitted_days_ago: int | None = None
    addressed_to: str = ""
    answer: Answer | None = None


ISSUES: tuple[IssueSpec, ...] = (
    IssueSpec(
        "handover",
        "Hand-overs between the control room and field teams at shift change",
        "When the control room changes shift at six, field crews often hear about a job "
        "twice or not at all. Last winter two outage calls waited more than an hour "
        "because each shift thought the other had passed them on.\n\n"
        "We have a hand-over checklist, but it is used unevenly and nobody owns it.",
        Issue.Timing.ACTUAL,
        Issue.Nature.TECHNICAL,
        DAVID,
        84,
        ("Safety", "Change"),
        supporters=14,
        taken_up_by=(CHANGE,),
    ),
    IssueSpec(
        "hybrid",
        "Keeping good people when hybrid working feels uneven",
        "Office-based teams at the depots see colleagues at Harbour House working from "
        "home two days a week. Exit interviews mention fairness more often than pay. "
        "This is not a rota question: what feels fair differs from team to team, and "
        "managers will have to work it out with their people.",
        Issue.Timing.EMERGING,
        Issue.Nature.ADAPTIVE,
        HARRIET,
        62,
        ("Change", "Wellbeing"),
        supporters=21,
        taken_up_by=(DATA, CIRCLE),
    ),
    IssueSpec(
        "budget",
        "New managers left to learn the budget cycle alone",
        "Most of us learnt the budget cycle by getting it wrong the first year. The "
        "finance guidance is accurate but assumes you already know what a phasing "
        "profile is, and the deadlines arrive in the busiest month for operations.",
        Issue.Timing.ACTUAL,
        Issue.Nature.ADAPTIVE,
        SAM,
        40,
        ("New managers",),
        supporters=9,
        taken_up_by=(CIRCLE,),
    ),
    IssueSpec(
        "smartmeter",
        "Preparing teams for the smart-meter data surge",
        "From next spring, smart-meter data will arrive every half hour rather than "
        "every quarter. Network planning, billing and the contact centre will all see "
        "questions they have never had. We know the technology; we do not yet know "
        "who will answer a customer who asks why their usage graph has a gap.",
        Issue.Timing.EMERGING,
        Issue.Nature.TECHNICAL,
        HARRIET,
        30,
        ("Data", "Customers"),
        supporters=11,
        taken_up_by=(INNOVATORS,),
    ),
    IssueSpec(
        "carshare",
        "A car-share scheme for the Sheffield depot",
        "Parking at the Sheffield depot is full by eight. A car-share scheme with "
        "reserved bays could free a dozen spaces and cut mileage claims.",
        Issue.Timing.ACTUAL,
        Issue.Nature.TECHNICAL,
        "",
        90,
        ("Experiments",),
        supporters=5,
        taken_up_by=(INNOVATORS,),
    ),
    IssueSpec(
        "meetings",
        "Meetings that could have been a message",
        "Many of our weekly meetings exist because they always have. Could each team "
        "look at one meeting a quarter and decide whether it still earns its hour?",
        Issue.Timing.ACTUAL,
        Issue.Nature.ADAPTIVE,
        "",
        75,
        ("Experiments", "Feedback"),
        supporters=3,
        status=Issue.Status.PARKED,
    ),
)

CONTRIBUTIONS: tuple[ContributionSpec, ...] = (
    ContributionSpec(
        "handover",
        CHANGE,
        "A shared hand-over that one role owns",
        (
            Draft(
                "The checklist is fine; the problem is that nobody is asked whether it "
                "was used. Crews trust a phone call more than the log.",
                "1. Make the checklist mandatory.\n2. Give one role, the incoming duty "
                "engineer, ownership of the hand-over.\n3. Overlap the shifts by fifteen "
                "minutes.",
                "Option 2, with a three-month trial in the Leeds control room.",
                "First draft.",
            ),
            Draft(
                "The checklist is fine; the problem is that nobody is asked whether it "
                "was used. Crews trust a phone call more than the log, so the log has to "
                "be read aloud at the hand-over, not just filled in.",
                "1. Make the checklist mandatory.\n2. Give one role, the incoming duty "
                "engineer, ownership of the hand-over.\n3. Overlap the shifts by fifteen "
                "minutes, at a cost of about 120 paid hours a month.",
                "Options 2 and 3 together, with a three-month trial in the Leeds control "
                "room and a review with the field supervisors.",
                "Costed the overlap after talking to Workforce Planning.",
            ),
        ),
        submitted_days_ago=63,
        addressed_to=DAVID,
        answer=Answer(
            Response.Outcome.ACCEPTED_IN_PART,
            "Thank you: this is the clearest account of the problem I have read. I agree "
            "that the incoming duty engineer should own the hand-over, starting in Leeds. "
            "I cannot fund the fifteen-minute overlap this year; let us look at it again "
            "with the trial's results.",
            12,
            (
                ("Name the duty engineer as owner in the control-room procedures", 10, True),
                ("Report the trial's missed and doubled calls to the community", 60, False),
            ),
        ),
    ),
    ContributionSpec(
        "carshare",
        INNOVATORS,
        "Reserved bays for car-sharers at Sheffield",
        (
            Draft(
                "Forty-one staff drive in alone from within ten miles.",
                "Reserve twelve bays for cars with two or more staff.",
                "Run a six-month scheme with a sign-up page on the intranet.",
            ),
        ),
        submitted_days_ago=70,
        addressed_to=DAVID,
        answer=Answer(
            Response.Outcome.DECLINED,
            "Not this year: the depot's lease is being renegotiated and the landlord "
            "controls the car park. I have asked Facilities to include car-share bays in "
            "the new lease; please raise it again in the spring.",
            25,
        ),
    ),
    ContributionSpec(
        "hybrid",
        DATA,
        "What the exit data says about fairness",
        (
            Draft(
                "Of 58 exit interviews in the last year, 19 mention fairness of working "
                "arrangements; 7 mention pay. The pattern is strongest in depot office "
                "teams.",
                "1. A depot-by-depot conversation led by each manager.\n2. One hybrid day "
                "a fortnight for depot office staff.\n3. Leave it to each team.",
                "Option 1, supported by a short guide the community will write.",
            ),
        ),
        submitted_days_ago=36,
        addressed_to=HARRIET,
    ),
    ContributionSpec(
        "smartmeter",
        INNOVATORS,
        "Who answers the half-hourly questions",
        (
            Draft(
                "Billing and the contact centre will meet the new questions first; "
                "network planning will know the answers.",
                "A shared question log, owned by network planning, with a weekly call.",
                "Start the log in January, before the data arrives.",
            ),
        ),
        submitted_days_ago=4,
        addressed_to=DAVID,
    ),
    ContributionSpec(
        "budget",
        CIRCLE,
        "A buddy for every new manager's first budget",
        (
            Draft(
                "New managers meet the budget cycle once a year, alone.",
                "Pair each with a manager who has done two cycles.",
                "",
                "First thoughts after our last gathering.",
            ),
            Draft(
                "New managers meet the budget cycle once a year, alone, in the busiest "
                "month for operations.",
                "1. Pair each with a manager who has done two cycles.\n2. A one-hour "
                "walk-through from Finance in September.",
                "Both, starting this autumn.",
                "Added Finance's walk-through and a recommendation.",
            ),
        ),
    ),
)


def build_agenda(demo: Demo) -> str:
    """Write the issues, supporters, uptakes, contributions and responses."""
    AgendaSettings.current()
    today = timezone.localdate()
    rng = demo.rng("agenda")
    people = list(User.objects.filter(is_active=True).order_by("email"))
    communities = {c.name: c for c in Community.objects.all()}
    issues = {}
    for spec in ISSUES:
        raiser = demo.person(spec.raised_by) if spec.raised_by else _a_member(communities[CIRCLE])
        issue = Issue.objects.create(
            title=spec.title,
            description=spec.description,
            timing=spec.timing,
            nature=spec.nature,
            raised_by=raiser,
            status=spec.status
            or (Issue.Status.WORKED_ON if spec.taken_up_by else Issue.Status.OPEN),
            created_at=_at(today, spec.days_ago, 9),
            updated_at=_at(today, spec.days_ago, 9),
        )
        issue.tags.set([_tag(name) for name in spec.tags])
        for person in rng.sample(people, spec.supporters):
            Support.objects.create(
                issue=issue, user=person, created_at=_at(today, spec.days_ago - 1, 12)
            )
        for name in spec.taken_up_by:
            community = communities[name]
            Uptake.objects.create(
                issue=issue,
                community=community,
                taken_up_by=_convenor(community),
                created_at=_at(today, spec.days_ago - 3, 10),
            )
        issues[spec.key] = issue
    for plan in CONTRIBUTIONS:
        _contribution(demo, plan, issues[plan.issue], communities[plan.community], today)
    answered = Response.objects.count()
    awaiting = Contribution.objects.filter(status=Contribution.Status.SUBMITTED).count()
    return (
        f"{len(issues)} organisational issues, {Contribution.objects.count()} contributions: "
        f"{answered} answered, {awaiting} awaiting a response."
    )


def _contribution(
    demo: Demo, spec: ContributionSpec, issue: Issue, community: Community, today: datetime.date
) -> None:
    convenor = _convenor(community)
    started = spec.submitted_days_ago + 10 if spec.submitted_days_ago else 12
    contribution = Contribution.objects.create(
        issue=issue,
        community=community,
        title=spec.title,
        lead=convenor,
        created_at=_at(today, started, 11),
    )
    writers = [convenor, _a_member(community)]
    for number, version in enumerate(spec.versions, start=1):
        ContributionVersion.objects.create(
            contribution=contribution,
            number=number,
            analysis=version.analysis,
            options=version.options,
            recommendation=version.recommendation,
            note=version.note,
            author=writers[(number - 1) % 2],
            created_at=_at(today, started - 2 * number, 15),
        )
    contribution.contributors.set(writers)
    if spec.submitted_days_ago is None:
        return
    submitted_at = _at(today, spec.submitted_days_ago, 10)
    days = AgendaSettings.current().response_working_days
    contribution.status = Contribution.Status.SUBMITTED
    contribution.addressed_to = demo.person(spec.addressed_to)
    contribution.submitted_by = convenor
    contribution.submitted_at = submitted_at
    contribution.target_on = add_working_days(submitted_at.date(), days)
    contribution.submission_count = 1
    contribution.save()
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SUBMITTED)
    if spec.answer is not None:
        _answer(contribution, spec.answer, community)


def _answer(contribution: Contribution, answer: Answer, community: Community) -> None:
    assert contribution.submitted_at and contribution.target_on and contribution.addressed_to
    responded_on = add_working_days(contribution.submitted_at.date(), answer.working_days)
    responded_at = datetime.datetime.combine(
        responded_on, datetime.time(16, 0), tzinfo=datetime.UTC
    )
    response = Response.objects.create(
        contribution=contribution,
        submission=1,
        responder=contribution.addressed_to,
        outcome=answer.outcome,
        body=answer.body,
        submitted_at=contribution.submitted_at,
        target_on=contribution.target_on,
        responded_at=responded_at,
        working_days=working_days_between(contribution.submitted_at.date(), responded_on),
    )
    for text, due_in, done in answer.actions:
        due_on = responded_on + datetime.timedelta(days=due_in)
        Action.objects.create(
            response=response,
            text=text,
            owner=_convenor(community) if not done else contribution.addressed_to,
            due_on=due_on,
            done_at=responded_at + datetime.timedelta(days=due_in - 2) if done else None,
            done_by=contribution.addressed_to if done else None,
        )
    contribution.status = Contribution.Status.ANSWERED
    contribution.save(update_fields=["status"])
    Issue.objects.filter(pk=contribution.issue_id).update(status=Issue.Status.ANSWERED)


def _convenor(community: Community) -> User:
    current = Membership.objects.current().filter(community=community).select_related("user")
    membership = (
        current.convenors().order_by("joined_at").first()
        or current.leaders().order_by("joined_at").first()
    )
    assert membership is not None, f"{community} has a convenor in the demo"
    return membership.user


def _a_member(community: Community) -> User:
    membership = (
        Membership.objects.current()
        .filter(community=community, role=Membership.Role.MEMBER)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    assert membership is not None
    return membership.user


def _tag(name: str) -> Tag:
    existing = Tag.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    slug = slugify(name)
    if Tag.objects.filter(slug=slug).exists():
        slug = f"{slug}-agenda"
    return Tag.objects.create(name=name, slug=slug)


def _at(today: datetime.date, days_ago: int, hour: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=datetime.UTC)

"""The demo's community projects: every stage of the lifecycle, teams, progress and the register.

Everything here is fictional. Sam Okafor (member@northgate.example) leads an
active project in Leading Through Change, with an open role, updates and
milestones (one overdue), and holds a role in Data-Informed Leadership's
approved dashboard project. Grace Whitfield (convenor@northgate.example)
sees the New Managers' Circle's private buddying project and a draft. A
completed project has its close-out and an adopted innovation; others wait
for a decision, were declined, withdrawn or closed early. The innovation
register has an entry at each adoption status, one of them from a private
community, which the register shows without its project.

Two projects work on issues of the organisational agenda, and the
communities' contributions on those issues draw on them: the completed
hand-over notes project on the control-room hand-over issue, which Leading
Through Change answered, and the New Managers' Circle's private buddying
project on the budget-cycle issue, where the Circle's draft builds on its
buddies. Outsiders to the Circle see the issue without its project.

Rows are written straight to the database with their dates, rather than
through the services, so the demo tells no one about events weeks ago.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from convene.agenda.models import Contribution, Issue
from convene.communities.models import Community, Membership
from convene.demo.agenda import ISSUES
from convene.demo.builders import Demo
from convene.lib.markdown import render_markdown
from convene.people.models import OrgUnit, User
from convene.projects.models import (
    CloseOut,
    Innovation,
    InnovationStatusChange,
    Milestone,
    Project,
    ProjectDecision,
    ProjectRole,
    ProjectUpdate,
)

SAM = "member@northgate.example"
GRACE = "convenor@northgate.example"
DAVID = "sponsor@northgate.example"
HARRIET = "executive@northgate.example"
CHANGE = "Leading Through Change"
DATA = "Data-Informed Leadership"
CIRCLE = "New Managers' Circle"
INNOVATORS = "Cross-Site Innovators"
COURAGE = "Courageous Conversations"
Status = Project.Status


@dataclass(frozen=True)
class InnovationSpec:
    title: str
    summary: str
    steps: tuple[tuple[str, str], ...] = ()  # (status, unit name), after the idea


@dataclass(frozen=True)
class ProjectSpec:
    community: str
    title: str
    problem: str
    outcomes: str
    status: str
    days_ago: int
    lead: str | None = None
    challenge: str = Project.Challenge.ADAPTIVE
    roles: tuple[str, ...] = ()
    open_roles: tuple[str, ...] = ()
    also: tuple[tuple[str, str], ...] = ()  # (role, e-mail) for named people
    reason: str = ""
    updates: tuple[str, ...] = ()
    milestones: tuple[tuple[str, int, bool], ...] = ()  # (title, days from today, done)
    innovations: tuple[InnovationSpec, ...] = ()
    close_out: tuple[str, str, str] | None = None
    review_in_days: int = 0
    issue: str = ""  # the key of the agenda issue it works on (convene.demo.agenda.ISSUES)


PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        community=CHANGE,
        title="Hand-over notes that actually get written",
        problem=(
            "Our shift hand-over note is optional, so on a busy night it is skipped. The "
            "morning team then spends the first hour rediscovering what the night team "
            "already knew, and customers notice.\n\n"
            "Hand-overs are on the organisational agenda too; we want to try something ourselves."
        ),
        outcomes=(
            "- Every shift starts knowing what the last one left unfinished.\n"
            "- Hand-overs take under five minutes.\n"
            "- Teams, not managers, own the format."
        ),
        status=Status.COMPLETED,
        days_ago=150,
        issue="handover",
        roles=("Night-shift voice", "Note designer"),
        updates=(
            "We sat in on six hand-overs at Leeds and Hull. The note is skipped when it "
            "asks for more than anyone can write in two minutes.",
            "The two-line version (*what is unfinished, what to watch*) is now in use by "
            "four teams. Night shift asked for a tick-box for 'nothing to hand over'.",
        ),
        milestones=(
            ("Sit in on hand-overs at two sites", -120, True),
            ("Trial a two-line note with four teams", -80, True),
            ("Agree the format with team leaders", -45, True),
        ),
        close_out=(
            "Every shift starts knowing what the last one left; hand-overs under five minutes.",
            "Four of five teams write the two-line note on at least nine shifts in ten. "
            "Hand-overs take three minutes on average. The fifth team (a rotating roster) "
            "still skips it when cover staff are on.",
            "Start with the people who hand over, not with the form. The shortest version "
            "that anyone will write beats the complete one nobody writes. Cover staff need "
            "the note explained, not just handed to them.",
        ),
        review_in_days=40,
        innovations=(
            InnovationSpec(
                "Two-line shift hand-over note",
                "A hand-over note of two lines, what is unfinished and what to watch, short "
                "enough to be written on every shift. Designed with the people who hand over.",
                (("piloted", "Network Operations"), ("adopted", "Field Services")),
            ),
        ),
    ),
    ProjectSpec(
        community=CHANGE,
        title="Change stories from the front line",
        problem=(
            "Announcements about the new asset management system come from the top; what it "
            "is like to live through the change reaches no one. Front-line teams feel unheard "
            "and senior managers hear only the loudest complaints."
        ),
        outcomes=(
            "Twenty short stories from front-line staff, gathered in their words, shared with "
            "the programme board and used to change at least one part of the roll-out."
        ),
        status=Status.ACTIVE,
        days_ago=60,
        lead=SAM,
        roles=("Story editor",),
        open_roles=("Interviewer at the Hull depot", "Illustrator"),
        updates=(
            "Eight stories gathered so far. The most common theme is not the system itself "
            "but losing the paper job sheet people used to plan their day.",
            "We shared the first four stories with the programme board. They asked to hear "
            "from the Hull depot, where nobody has been interviewed yet: we need a volunteer.",
        ),
        milestones=(
            ("Agree the interview questions", -40, True),
            ("Gather the first ten stories", -5, False),
            ("Present the stories to the programme board", 35, False),
        ),
        innovations=(
            InnovationSpec(
                "Change story cards",
                "One-page cards telling a change from the point of view of the person living "
                "it, gathered in pairs and shared with those leading the change.",
                (("piloted", "Contact Centre"),),
            ),
        ),
    ),
    ProjectSpec(
        community=DATA,
        title="A one-page team dashboard",
        problem=(
            "Team leaders get a forty-page monthly report and read none of it. The three "
            "figures that matter to a team are buried on different pages."
        ),
        outcomes="A single page per team, agreed with team leaders, refreshed weekly.",
        status=Status.APPROVED,
        days_ago=30,
        challenge=Project.Challenge.TECHNICAL,
        also=(("Data analyst", SAM),),
        open_roles=("Team leader to test it",),
        reason="Approved: keep it to one page, and test it with a team leader before it spreads.",
        milestones=(("Choose the three figures with team leaders", 14, False),),
    ),
    ProjectSpec(
        community=DATA,
        title="Cleaning up duplicate asset records",
        problem="Around one asset in twelve has two records, so work orders go astray.",
        outcomes="Duplicates merged and a check that stops new ones.",
        status=Status.DECLINED,
        days_ago=75,
        challenge=Project.Challenge.TECHNICAL,
        reason=(
            "A real problem, but a technical one the asset data team is already funded to "
            "fix this year. Please bring your list of examples to them instead."
        ),
    ),
    ProjectSpec(
        community=INNOVATORS,
        title="A repair café for field kit",
        problem=(
            "Field teams throw away kit with small faults because sending it for repair "
            "takes weeks. Some of us know how to fix it; nobody has time to."
        ),
        outcomes=(
            "A monthly repair session at two depots, fewer replacements, and field staff "
            "teaching each other."
        ),
        status=Status.PROPOSED,
        days_ago=8,
        roles=("Workshop host",),
        open_roles=("Electrical safety checker", "Depot organiser at Sheffield"),
    ),
    ProjectSpec(
        community=INNOVATORS,
        title="Car-share between depots",
        problem="Staff moving between depots drive alone, often on the same roads at once.",
        outcomes="A simple way to find a lift, used by at least thirty people.",
        status=Status.CLOSED,
        days_ago=120,
        roles=("Route mapper",),
        reason=(
            "Closed early: the new travel policy now pays for pool cars, which solves most of "
            "the problem. What we learned about routes went to the travel team."
        ),
        updates=("Thirty-one people signed up to try it; most journeys were Leeds to York.",),
        innovations=(
            InnovationSpec(
                "Shared journey board",
                "A board in each depot's break room where people offering and wanting lifts "
                "between depots find each other.",
            ),
        ),
    ),
    ProjectSpec(
        community=CIRCLE,
        title="Buddying for first-time managers",
        problem=(
            "New managers are lonely in their first three months. They do not want to ask "
            "their own manager the questions they think they should already know."
        ),
        outcomes=(
            "Every new manager offered a buddy from another function within two weeks of "
            "starting, and a short guide to the first ninety days."
        ),
        status=Status.ACTIVE,
        days_ago=45,
        issue="budget",
        roles=("Buddy matcher", "Guide writer"),
        open_roles=("Buddy from Customer Services",),
        also=(("Mentor to the buddies", GRACE),),
        updates=(
            "Six pairs matched. The buddies asked for a short list of conversation starters, "
            "which we are writing now.",
        ),
        milestones=(
            ("Match the first six pairs", -20, True),
            ("Draft the ninety-day guide", 20, False),
        ),
        innovations=(
            InnovationSpec(
                "First ninety days conversation guide",
                "Twelve questions a new manager and a buddy from another function work "
                "through over their first three months.",
            ),
        ),
    ),
    ProjectSpec(
        community=CIRCLE,
        title="Questions I wish I had asked",
        problem="Our members keep learning the same lessons the hard way.",
        outcomes="A living list of questions new managers wish they had asked earlier.",
        status=Status.DRAFT,
        days_ago=3,
        open_roles=("Editor",),
    ),
    ProjectSpec(
        community=COURAGE,
        title="A practice lab for difficult conversations",
        problem="Managers avoid difficult conversations until they become formal processes.",
        outcomes="Monthly practice with actors, open to managers across Northgate.",
        status=Status.WITHDRAWN,
        days_ago=90,
        reason="Withdrawn: the learning team now runs this, and we have joined their pilot.",
    ),
)


def build_projects(demo: Demo) -> str:
    """Write the projects, their teams, updates, milestones, close-out and innovations."""
    today = timezone.localdate()
    communities = {c.name: c for c in Community.objects.all()}
    for spec in PROJECTS:
        _project(demo, spec, communities[spec.community], today)
    entries = Innovation.objects.count()
    return (
        f"{len(PROJECTS)} community projects in every state, "
        f"{ProjectRole.objects.filter(person__isnull=True).count()} open roles, "
        f"{entries} innovations on the register."
    )


def _project(demo: Demo, spec: ProjectSpec, community: Community, today: datetime.date) -> None:
    members = _members(community)
    personas = {SAM, GRACE}
    lead = (
        demo.person(spec.lead) if spec.lead else next(m for m in members if m.email not in personas)
    )
    started = _at(today, spec.days_ago, 10)
    project = Project.objects.create(
        community=community,
        title=spec.title,
        problem=spec.problem,
        intended_outcomes=spec.outcomes,
        challenge=spec.challenge,
        status=spec.status,
        created_by=lead,
        created_at=started,
        updated_at=started,
        proposed_at=None if spec.status == Status.DRAFT else _at(today, spec.days_ago - 2, 11),
        started_at=_at(today, spec.days_ago - 9, 9)
        if spec.status in {Status.ACTIVE, Status.COMPLETED, Status.CLOSED}
        else None,
        ended_at=_at(today, 2, 16) if spec.status in Project.ENDED else None,
    )
    ProjectRole.objects.create(project=project, name="Lead", person=lead, is_lead=True)
    team = [lead]
    others = [m for m in members if m.pk != lead.pk and m.email not in personas]
    for name, person in zip(spec.roles, others, strict=False):
        ProjectRole.objects.create(project=project, name=name, person=person)
        team.append(person)
    for name, email in spec.also:
        ProjectRole.objects.create(project=project, name=name, person=demo.person(email))
        team.append(demo.person(email))
    for name in spec.open_roles:
        ProjectRole.objects.create(project=project, name=name)
    _decision(demo, spec, project, community, lead, today)
    for n, body in enumerate(spec.updates):
        ProjectUpdate.objects.create(
            project=project,
            author=team[n % len(team)],
            body=body,
            body_html=render_markdown(body),
            created_at=_at(today, max(spec.days_ago - 20 * (n + 1), 1), 15),
        )
    for title, days, done in spec.milestones:
        Milestone.objects.create(
            project=project,
            title=title,
            due_on=today + datetime.timedelta(days=days),
            done_at=_at(today, -days + 1, 14) if done else None,
            done_by=lead if done else None,
        )
    if spec.issue:
        _link_issue(spec.issue, project)
    if spec.close_out:
        _close_out(spec, project, lead, today)
    for innovation in spec.innovations:
        _innovation(demo, innovation, project, team[-1], today)


def _link_issue(key: str, project: Project) -> None:
    """The project works on the issue; its community's contribution there draws on it."""
    title = next(spec.title for spec in ISSUES if spec.key == key)
    project.issue = Issue.objects.get(title=title)
    project.save(update_fields=["issue"])
    Contribution.objects.filter(issue=project.issue, community=project.community).update(
        project=project
    )


def _decision(
    demo: Demo,
    spec: ProjectSpec,
    project: Project,
    community: Community,
    lead: User,
    today: datetime.date,
) -> None:
    decider = community.sponsor or _convenor(community)
    kinds: dict[str, str] = {
        Status.APPROVED: ProjectDecision.Kind.APPROVED,
        Status.ACTIVE: ProjectDecision.Kind.APPROVED,
        Status.COMPLETED: ProjectDecision.Kind.APPROVED,
        Status.CLOSED: ProjectDecision.Kind.APPROVED,
        Status.DECLINED: ProjectDecision.Kind.DECLINED,
    }
    if spec.status in kinds:
        reason = spec.reason if spec.status in {Status.APPROVED, Status.DECLINED} else ""
        ProjectDecision.objects.create(
            project=project,
            kind=kinds[spec.status],
            reason=reason,
            decided_by=decider,
            decided_at=_at(today, spec.days_ago - 5, 12),
        )
    ending: dict[str, str] = {
        Status.CLOSED: ProjectDecision.Kind.CLOSED,
        Status.WITHDRAWN: "withdrawn",
    }
    if spec.status in ending:
        ProjectDecision.objects.create(
            project=project,
            kind=ending[spec.status],
            reason=spec.reason,
            decided_by=lead,
            decided_at=_at(today, 2, 16),
        )


def _close_out(spec: ProjectSpec, project: Project, lead: User, today: datetime.date) -> None:
    assert spec.close_out is not None
    expected, actual, lessons = spec.close_out
    CloseOut.objects.create(
        project=project,
        expected_outcomes=expected,
        actual_outcomes=actual,
        lessons=lessons,
        review_on=today + datetime.timedelta(days=spec.review_in_days),
        written_by=lead,
        created_at=_at(today, 2, 16),
    )


def _innovation(
    demo: Demo, spec: InnovationSpec, project: Project, author: User, today: datetime.date
) -> None:
    added = _at(today, 30, 11)
    innovation = Innovation.objects.create(
        project=project,
        title=spec.title,
        summary=spec.summary,
        added_by=author,
        created_at=added,
        updated_at=added,
    )
    InnovationStatusChange.objects.create(
        innovation=innovation, status="idea", changed_by=author, note="Added.", changed_at=added
    )
    for n, (status, unit_name) in enumerate(spec.steps):
        unit = OrgUnit.objects.filter(name=unit_name).first()
        when = _at(today, 20 - 10 * n, 11)
        InnovationStatusChange.objects.create(
            innovation=innovation,
            status=status,
            unit=unit,
            changed_by=demo.person(HARRIET),
            changed_at=when,
        )
        innovation.status, innovation.unit, innovation.updated_at = status, unit, when
    innovation.save()


def _members(community: Community) -> list[User]:
    current = Membership.objects.current().filter(community=community, user__is_active=True)
    return [m.user for m in current.select_related("user").order_by("-role", "user__email")]


def _convenor(community: Community) -> User:
    membership = Membership.objects.current().leaders().filter(community=community).first()
    assert membership is not None, f"{community} has a convenor in the demo"
    return membership.user


def _at(today: datetime.date, days_ago: int, hour: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=datetime.UTC)

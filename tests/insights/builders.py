"""Activity in a community, written straight to the database so it may lie at any date."""

from __future__ import annotations

import datetime

from django.utils import timezone

from convene.agenda.models import Contribution, Issue, Response, Uptake
from convene.communities.models import Community
from convene.discussions.models import Comment, Post
from convene.elections.models import Term
from convene.gatherings.models import Attendance, Gathering, Intention
from convene.goals.models import StretchGoal
from convene.people.models import User
from convene.projects.models import Innovation, Project, ProjectRole

DAY = datetime.timedelta(days=1)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - days * DAY


def make_gathering(
    community: Community, by: User, *, facilitator: User | None = None, days: int = 10
) -> Gathering:
    starts_at = days_ago(days)
    return Gathering.objects.create(
        community=community,
        title="Troika on winter pressures",
        format="troika",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        created_by=by,
        created_at=starts_at - 7 * DAY,
        facilitator=facilitator,
    )


def attend(gathering: Gathering, person: User, *, intention: str = "") -> None:
    Attendance.objects.create(gathering=gathering, user=person, recorded_by=gathering.created_by)
    if intention:
        Intention.objects.create(
            gathering=gathering,
            user=person,
            text=intention,
            follow_up_on=timezone.localdate() + 30 * DAY,
        )


def make_project(
    community: Community, by: User, *, team: tuple[User, ...] = (), days: int = 20
) -> Project:
    project = Project.objects.create(
        community=community,
        title="Repair café",
        problem="Field kit is thrown away when it could be mended.",
        intended_outcomes="A monthly café where people mend kit together.",
        status=Project.Status.ACTIVE,
        created_by=by,
        created_at=days_ago(days),
    )
    ProjectRole.objects.create(project=project, name="Lead", person=by, is_lead=True)
    for person in team:
        ProjectRole.objects.create(project=project, name="Maker", person=person)
    return project


def make_innovation(project: Project, status: str = Innovation.Status.PILOTED) -> Innovation:
    return Innovation.objects.create(
        project=project,
        title="Kit library",
        summary="Lend mended kit between depots.",
        status=status,
        added_by=project.created_by,
    )


def make_contribution(
    community: Community,
    lead: User,
    *,
    nature: str = Issue.Nature.ADAPTIVE,
    accepted_by: User | None = None,
) -> Contribution:
    issue = Issue.objects.create(
        title="Hand-offs between shifts",
        description="Work falls between the night and day shifts.",
        raised_by=lead,
        nature=nature,
    )
    Uptake.objects.create(issue=issue, community=community, taken_up_by=lead)
    contribution = Contribution.objects.create(
        issue=issue, community=community, title="Overlap the shifts", lead=lead
    )
    if accepted_by is not None:
        now = timezone.now()
        Response.objects.create(
            contribution=contribution,
            submission=1,
            responder=accepted_by,
            outcome=Response.Outcome.ACCEPTED,
            submitted_at=now - 3 * DAY,
            target_on=timezone.localdate(),
            working_days=2,
        )
    return contribution


def post_and_comment(community: Community, author: User, commenter: User) -> Post:
    post = Post.objects.create(
        community=community, author=author, title="Hybrid meetings", body="What works?"
    )
    Comment.objects.create(post=post, author=commenter, body="A rota helped us.")
    return post


def make_term(community: Community, person: User) -> Term:
    today = timezone.localdate()
    return Term.objects.create(
        community=community, person=person, starts_on=today - 100 * DAY, ends_on=today + 265 * DAY
    )


def make_goal(owner: User) -> StretchGoal:
    return StretchGoal.objects.create(
        owner=owner,
        title="Chair a cross-site meeting",
        success="It runs to time.",
        stretch="New to me.",
    )

"""The projects API. Every endpoint calls the same services as the pages.

A project of a private community is a 404 to anyone who may not read that
community (its sponsor excepted), exactly as on the pages.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Annotated

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from convene.agenda.models import Issue
from convene.api.types import Text
from convene.communities.models import Community, Membership
from convene.discussions.models import Post
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef
from convene.people.models import OrgUnit, User
from convene.projects import services
from convene.projects.access import (
    get_community_projects_for_user,
    get_innovation_for_user,
    get_milestone_for_user,
    get_project_for_user,
    get_role_for_user,
)
from convene.projects.models import (
    TEXT_LIMIT,
    TITLE_LIMIT,
    CloseOut,
    Innovation,
    InnovationStatusChange,
    Milestone,
    Project,
    ProjectRole,
    ProjectUpdate,
)
from convene.projects.services import ProjectError

router = Router(tags=["Projects"])
UPDATES_PAGE = 50

Title = Annotated[str, StringConstraints(max_length=TITLE_LIMIT), *Text.__metadata__]
Long = Annotated[str, StringConstraints(max_length=TEXT_LIMIT), *Text.__metadata__]
Short = Annotated[str, StringConstraints(max_length=services.REASON_LIMIT), *Text.__metadata__]
Handle = Annotated[str, StringConstraints(max_length=60), *Text.__metadata__]
RoleName = Annotated[
    str, StringConstraints(max_length=services.ROLE_NAME_LIMIT), *Text.__metadata__
]


# -- Schemas ------------------------------------------------------------------------------


class ProjectIn(Schema):
    title: Title
    problem: Long
    intended_outcomes: Long
    challenge: Project.Challenge = Project.Challenge.ADAPTIVE
    discussion: int | None = Field(None, description="The id of a post in the same community.")
    issue: uuid.UUID | None = Field(
        None, description="The id of the organisational issue the project works on."
    )


class ProjectCreateIn(ProjectIn):
    community: Handle = Field(description="The slug of a community you belong to.")


class ProjectOut(Schema):
    id: uuid.UUID
    url: str
    community: str
    title: str
    problem: str
    intended_outcomes: str
    challenge: str
    status: str
    discussion: int | None
    issue: uuid.UUID | None = Field(description="The organisational issue it works on.")
    leads: list[PersonRef]
    team_size: int
    open_roles: int
    created_at: datetime.datetime
    proposed_at: datetime.datetime | None
    started_at: datetime.datetime | None
    ended_at: datetime.datetime | None

    @staticmethod
    def resolve_url(project: Project) -> str:
        return project.get_absolute_url()

    @staticmethod
    def resolve_community(project: Project) -> str:
        return project.community.slug

    @staticmethod
    def resolve_discussion(project: Project, context: dict) -> int | None:
        post = project.discussion_id
        user = context["request"].user
        if post is None or not Post.objects.visible_to(user).filter(pk=post).exists():
            return None
        return post

    @staticmethod
    def resolve_issue(project: Project, context: dict) -> uuid.UUID | None:
        # Issues are visible to everyone signed in and active (IssueQuerySet.visible_to).
        user = context["request"].user
        return project.issue_id if user.is_authenticated and user.is_active else None

    @staticmethod
    def resolve_leads(project: Project) -> list[User]:
        return [role.person for role in project.leads if role.person]  # type: ignore[attr-defined]


class ReasonIn(Schema):
    reason: Short = ""


class RoleIn(Schema):
    name: RoleName
    person: Handle | None = Field(
        None, description="A member's handle; leave out for an open role."
    )
    is_lead: bool = False


class PersonIn(Schema):
    person: Handle


class RoleOut(Schema):
    id: int
    name: str
    person: PersonRef | None
    is_lead: bool
    is_open: bool


class UpdateIn(Schema):
    body: Long


class UpdateOut(Schema):
    id: int
    author: PersonRef
    body: str
    body_html: str
    created_at: datetime.datetime


class MilestoneIn(Schema):
    title: Title
    due_on: datetime.date


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: datetime.date
    done_at: datetime.datetime | None


class DoneIn(Schema):
    done: bool = True


class CloseOutIn(Schema):
    expected_outcomes: Long
    actual_outcomes: Long
    lessons: Long
    review_on: datetime.date


class CloseOutOut(Schema):
    expected_outcomes: str
    actual_outcomes: str
    lessons: str
    review_on: datetime.date
    written_by: PersonRef
    created_at: datetime.datetime


class InnovationIn(Schema):
    title: Title
    summary: Annotated[
        str, StringConstraints(max_length=services.SUMMARY_LIMIT), *Text.__metadata__
    ]
    status: Innovation.Status = Innovation.Status.IDEA
    unit: int | None = Field(None, description="The id of the unit piloting or adopting it.")


class AdoptionIn(Schema):
    status: Innovation.Status
    unit: int | None = None
    note: Annotated[str, StringConstraints(max_length=services.NOTE_LIMIT), *Text.__metadata__] = ""


class InnovationOut(Schema):
    id: uuid.UUID
    url: str
    title: str
    summary: str
    status: str
    unit: str | None
    project: uuid.UUID | None = Field(description="Only for those who may read the project.")
    community: str | None = Field(description="Only for those who may read the community.")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_url(innovation: Innovation) -> str:
        return innovation.get_absolute_url()

    @staticmethod
    def resolve_unit(innovation: Innovation) -> str | None:
        return innovation.unit.name if innovation.unit else None

    @staticmethod
    def resolve_project(innovation: Innovation) -> uuid.UUID | None:
        return innovation.project_id if innovation.project_readable else None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_community(innovation: Innovation) -> str | None:
        readable = innovation.project_readable  # type: ignore[attr-defined]
        return innovation.project.community.slug if readable else None


class ChangeOut(Schema):
    status: str
    unit: str | None
    note: str
    changed_by: PersonRef
    changed_at: datetime.datetime

    @staticmethod
    def resolve_unit(change: InnovationStatusChange) -> str | None:
        return change.unit.name if change.unit else None


# -- Helpers ------------------------------------------------------------------------------


def _projects(request: AuthenticatedRequest) -> QuerySet[Project]:
    return Project.objects.visible_to(request.user).for_list()


def _out(request: AuthenticatedRequest, project: Project) -> Project:
    return _projects(request).get(pk=project.pk)


def _member(community: Community, handle: str) -> User:
    current = Membership.objects.current().filter(community=community).values("user")
    person = User.objects.active().filter(handle=handle.lstrip("@"), pk__in=current).first()
    if person is None:
        raise ProjectError(f"No current member of {community} has the handle “{handle}”.")
    return person


def _post(community: Community, post_id: int | None) -> Post | None:
    if post_id is None:
        return None
    post = Post.objects.filter(pk=post_id if 0 < post_id < 2**31 else 0).first()
    if post is None or post.community_id != community.pk:
        raise ProjectError(f"Link a conversation from {community}, not another community.")
    return post


def _issue_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ProjectError(services.NO_SUCH_ISSUE) from None


def _issue(request: AuthenticatedRequest, issue_id: uuid.UUID | None) -> Issue | None:
    return None if issue_id is None else services.issue_for(request.user, issue_id)


def _unit(unit_id: int | None) -> OrgUnit | None:
    if unit_id is None:
        return None
    unit = OrgUnit.objects.filter(pk=unit_id if 0 < unit_id < 2**31 else 0).first()
    if unit is None:
        raise ProjectError("No unit has that id.")
    return unit


# -- Projects -----------------------------------------------------------------------------


@router.get("/projects", response=list[ProjectOut], summary="Projects you can see")
@paginate
def project_list(
    request: AuthenticatedRequest,
    status: str = "",
    community: str = "",
    mine: bool = False,
    issue: str = "",
) -> object:
    projects = Project.objects.visible_to(request.user)
    if issue:
        projects = projects.filter(issue=services.issue_for(request.user, _issue_id(issue)))
    if community:
        projects = projects.filter(
            community=get_community_projects_for_user(request.user, community)
        )
    if status:
        if status not in Project.Status.values:
            raise ProjectError(f"“{status}” is not a status of a project.")
        projects = projects.filter(status=status)
    if mine:
        projects = projects.in_team_of(request.user)
    return projects.for_list()


@router.post("/projects", response={201: ProjectOut}, summary="Draft a project")
def project_create(request: AuthenticatedRequest, body: ProjectCreateIn) -> Project:
    data = body.dict()
    community = get_community_projects_for_user(request.user, data.pop("community"))
    data["discussion"] = _post(community, data.pop("discussion"))
    data["issue"] = _issue(request, data.pop("issue"))
    project = services.draft_project(actor=request.user, community=community, **data)
    return _out(request, project)


@router.get("/projects/{project_id}", response=ProjectOut, summary="One project")
def project_detail(request: AuthenticatedRequest, project_id: uuid.UUID) -> Project:
    return _out(request, get_project_for_user(request.user, project_id))


@router.put("/projects/{project_id}", response=ProjectOut, summary="Edit the proposal")
def project_update(
    request: AuthenticatedRequest, project_id: uuid.UUID, body: ProjectIn
) -> Project:
    project = get_project_for_user(request.user, project_id)
    data = body.dict()
    data["discussion"] = _post(project.community, data.pop("discussion"))
    data["issue"] = _issue(request, data.pop("issue"))
    services.edit_proposal(actor=request.user, project=project, **data)
    return _out(request, project)


STEPS: dict[str, tuple[Callable[..., Project], str]] = {
    "propose": (services.propose_project, "Propose a draft for a decision"),
    "approve": (services.approve_project, "Approve a proposal, with an optional reason"),
    "decline": (services.decline_project, "Decline a proposal with a reason"),
    "withdraw": (services.withdraw_project, "Withdraw a project before it starts"),
    "start": (services.start_project, "Start an approved project"),
    "close": (services.close_project, "Close a project early with a reason"),
}
WITH_REASON = {"approve", "decline", "withdraw", "close"}


def _step_endpoint(step: str) -> None:
    service, summary = STEPS[step]
    path = f"/projects/{{project_id}}/{step}"
    if step in WITH_REASON:

        def with_reason(
            request: AuthenticatedRequest, project_id: uuid.UUID, body: ReasonIn
        ) -> Project:
            project = get_project_for_user(request.user, project_id)
            service(actor=request.user, project=project, reason=body.reason)
            return _out(request, project)

        with_reason.__name__ = f"project_{step}"
        router.post(path, response=ProjectOut, summary=summary)(with_reason)
        return

    def without_reason(request: AuthenticatedRequest, project_id: uuid.UUID) -> Project:
        project = get_project_for_user(request.user, project_id)
        service(actor=request.user, project=project)
        return _out(request, project)

    without_reason.__name__ = f"project_{step}"
    router.post(path, response=ProjectOut, summary=summary)(without_reason)


for _step in STEPS:
    _step_endpoint(_step)


# -- The team -----------------------------------------------------------------------------


@router.get("/projects/{project_id}/roles", response=list[RoleOut], summary="The team")
def role_list(request: AuthenticatedRequest, project_id: uuid.UUID) -> object:
    project = get_project_for_user(request.user, project_id)
    return list(project.roles.select_related("person"))


@router.post("/projects/{project_id}/roles", response={201: RoleOut}, summary="Add a role")
def role_add(request: AuthenticatedRequest, project_id: uuid.UUID, body: RoleIn) -> ProjectRole:
    project = get_project_for_user(request.user, project_id)
    person = _member(project.community, body.person) if body.person else None
    return services.add_role(
        actor=request.user, project=project, name=body.name, person=person, is_lead=body.is_lead
    )


@router.post(
    "/projects/{project_id}/roles/{role_id}/volunteer", response=RoleOut, summary="Volunteer"
)
def role_volunteer(request: AuthenticatedRequest, project_id: uuid.UUID, role_id: int) -> object:
    project = get_project_for_user(request.user, project_id)
    return services.volunteer(
        actor=request.user, role=get_role_for_user(request.user, project, role_id)
    )


@router.post("/projects/{project_id}/roles/{role_id}/fill", response=RoleOut, summary="Fill a role")
def role_fill(
    request: AuthenticatedRequest, project_id: uuid.UUID, role_id: int, body: PersonIn
) -> object:
    project = get_project_for_user(request.user, project_id)
    role = get_role_for_user(request.user, project, role_id)
    person = _member(project.community, body.person)
    return services.fill_role(actor=request.user, role=role, person=person)


@router.post(
    "/projects/{project_id}/roles/{role_id}/release", response=RoleOut, summary="Release a role"
)
def role_release(request: AuthenticatedRequest, project_id: uuid.UUID, role_id: int) -> object:
    project = get_project_for_user(request.user, project_id)
    role = get_role_for_user(request.user, project, role_id)
    return services.release_role(actor=request.user, role=role)


@router.delete("/projects/{project_id}/roles/{role_id}", response={204: None}, summary="Remove")
def role_remove(request: AuthenticatedRequest, project_id: uuid.UUID, role_id: int) -> object:
    project = get_project_for_user(request.user, project_id)
    services.remove_role(actor=request.user, role=get_role_for_user(request.user, project, role_id))
    return Status(204, None)


# -- Progress -----------------------------------------------------------------------------


@router.get(
    "/projects/{project_id}/updates",
    response=list[UpdateOut],
    summary=f"Updates, newest first, {UPDATES_PAGE} to a page",
)
def update_list(request: AuthenticatedRequest, project_id: uuid.UUID, page: int = 1) -> object:
    project = get_project_for_user(request.user, project_id)
    if not 0 < page < 100_000:
        raise ProjectError("Ask for a page from 1 upwards.")
    start = (page - 1) * UPDATES_PAGE
    return list(project.updates.select_related("author")[start : start + UPDATES_PAGE])


@router.post("/projects/{project_id}/updates", response={201: UpdateOut}, summary="Post an update")
def update_post(
    request: AuthenticatedRequest, project_id: uuid.UUID, body: UpdateIn
) -> ProjectUpdate:
    project = get_project_for_user(request.user, project_id)
    return services.post_update(actor=request.user, project=project, body=body.body)


@router.get("/projects/{project_id}/milestones", response=list[MilestoneOut], summary="Milestones")
def milestone_list(request: AuthenticatedRequest, project_id: uuid.UUID) -> object:
    return list(get_project_for_user(request.user, project_id).milestones.all())


@router.post(
    "/projects/{project_id}/milestones", response={201: MilestoneOut}, summary="Set a milestone"
)
def milestone_add(
    request: AuthenticatedRequest, project_id: uuid.UUID, body: MilestoneIn
) -> Milestone:
    project = get_project_for_user(request.user, project_id)
    return services.add_milestone(actor=request.user, project=project, **body.dict())


@router.put(
    "/projects/{project_id}/milestones/{milestone_id}",
    response=MilestoneOut,
    summary="Mark a milestone done or not done",
)
def milestone_mark(
    request: AuthenticatedRequest, project_id: uuid.UUID, milestone_id: int, body: DoneIn
) -> Milestone:
    project = get_project_for_user(request.user, project_id)
    milestone = get_milestone_for_user(request.user, project, milestone_id)
    return services.mark_milestone(actor=request.user, milestone=milestone, done=body.done)


@router.get("/projects/{project_id}/close-out", response=CloseOutOut, summary="The close-out")
def close_out_detail(request: AuthenticatedRequest, project_id: uuid.UUID) -> CloseOut:
    project = get_project_for_user(request.user, project_id)
    return get_object_or_404(CloseOut.objects.select_related("written_by"), project=project)


@router.post(
    "/projects/{project_id}/close-out",
    response={201: CloseOutOut},
    summary="Complete the project with its close-out",
)
def close_out_create(
    request: AuthenticatedRequest, project_id: uuid.UUID, body: CloseOutIn
) -> CloseOut:
    project = get_project_for_user(request.user, project_id)
    return services.complete_project(actor=request.user, project=project, **body.dict())


# -- The innovation register -----------------------------------------------------------------


@router.get("/innovations", response=list[InnovationOut], summary="The innovation register")
@paginate
def innovation_list(request: AuthenticatedRequest, status: str = "") -> object:
    innovations = Innovation.objects.visible_to(request.user).for_list(request.user)
    if status and status not in Innovation.Status.values:
        raise ProjectError(f"“{status}” is not an adoption status.")
    return innovations.filter(status=status) if status else innovations


@router.post(
    "/projects/{project_id}/innovations",
    response={201: InnovationOut},
    summary="Add an innovation from a project",
)
def innovation_create(
    request: AuthenticatedRequest, project_id: uuid.UUID, body: InnovationIn
) -> Innovation:
    project = get_project_for_user(request.user, project_id)
    data = body.dict()
    data["unit"] = _unit(data.pop("unit"))
    innovation = services.record_innovation(actor=request.user, project=project, **data)
    return get_innovation_for_user(request.user, innovation.pk)


@router.get("/innovations/{innovation_id}", response=InnovationOut, summary="One innovation")
def innovation_detail(request: AuthenticatedRequest, innovation_id: uuid.UUID) -> Innovation:
    return get_innovation_for_user(request.user, innovation_id)


@router.get(
    "/innovations/{innovation_id}/history", response=list[ChangeOut], summary="Adoption history"
)
def innovation_history(request: AuthenticatedRequest, innovation_id: uuid.UUID) -> object:
    innovation = get_innovation_for_user(request.user, innovation_id)
    return list(innovation.history.select_related("unit", "changed_by"))


@router.put(
    "/innovations/{innovation_id}/status", response=InnovationOut, summary="Record adoption"
)
def innovation_status(
    request: AuthenticatedRequest, innovation_id: uuid.UUID, body: AdoptionIn
) -> Innovation:
    innovation = get_innovation_for_user(request.user, innovation_id)
    services.set_adoption(
        actor=request.user,
        innovation=innovation,
        status=body.status,
        unit=_unit(body.unit),
        note=body.note,
    )
    return get_innovation_for_user(request.user, innovation_id)

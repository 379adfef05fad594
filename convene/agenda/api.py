"""The organisational agenda over the API: issues, support, contributions, responses, actions.

Every endpoint calls the same services and access helpers as the pages; a
private community's contribution is a 404 to anyone but its members and the
executive it is addressed to.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import StringConstraints

from convene.agenda import measures, services
from convene.agenda.access import (
    get_action_for_user,
    get_contribution_for_user,
    get_issue_for_user,
)
from convene.agenda.models import (
    RESPONSE_LIMIT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    Action,
    Contribution,
    ContributionVersion,
    Issue,
    Response,
)
from convene.agenda.services import ActionPlan, AgendaError
from convene.api.types import Text
from convene.communities.models import Community
from convene.discussions.models import Post
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef
from convene.people.models import User

router = Router(tags=["agenda"])

Title = Annotated[str, StringConstraints(max_length=TITLE_LIMIT), *Text.__metadata__]
Long = Annotated[str, StringConstraints(max_length=TEXT_LIMIT), *Text.__metadata__]
Handle = Annotated[str, StringConstraints(max_length=60), *Text.__metadata__]


class IssueIn(Schema):
    title: Title
    description: Long
    timing: Issue.Timing = Issue.Timing.ACTUAL
    nature: Issue.Nature = Issue.Nature.ADAPTIVE
    tags: list[Annotated[str, StringConstraints(max_length=40), *Text.__metadata__]] = Field(
        default_factory=list, max_length=5
    )
    source_post: int | None = Field(None, description="The id of a post you can read.")


class IssueOut(Schema):
    id: uuid.UUID
    url: str
    title: str
    description: str
    description_html: str
    raised_by: PersonRef
    timing: str
    nature: str
    status: str
    tags: list[str]
    support_count: int
    supported: bool
    uptake_count: int
    project_count: int = Field(description="Projects you may see that work on the issue.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_url(issue: Issue) -> str:
        return issue.get_absolute_url()

    @staticmethod
    def resolve_tags(issue: Issue) -> list[str]:
        return [tag.name for tag in issue.tags.all()]

    @staticmethod
    def resolve_supported(issue: Issue) -> bool:
        return bool(issue.supported)


class StatusIn(Schema):
    status: Issue.Status


class TakeUpIn(Schema):
    community: Handle = Field(description="The slug of a community you convene.")


class UptakeOut(Schema):
    community: str
    taken_up_by: PersonRef
    created_at: datetime.datetime

    @staticmethod
    def resolve_community(uptake: object) -> str:
        return uptake.community.slug  # type: ignore[attr-defined]


class ContributionIn(Schema):
    title: Title
    community: Handle | None = Field(
        None, description="Your community's slug; leave out for a group across communities."
    )
    contributors: list[Handle] = Field(default_factory=list, max_length=50)
    analysis: Long = ""
    options: Long = ""
    recommendation: Long = ""
    project: uuid.UUID | None = Field(
        None, description="A project of the same community that it draws on or proposes."
    )


class ProjectLinkIn(Schema):
    project: uuid.UUID | None = Field(
        description="A project of the contribution's community, or null for none."
    )


class ContributionOut(Schema):
    id: uuid.UUID
    url: str
    issue: uuid.UUID
    title: str
    community: str | None
    lead: PersonRef
    status: str
    addressed_to: PersonRef | None
    submitted_at: datetime.datetime | None
    target_on: datetime.date | None
    project: uuid.UUID | None = Field(description="Only for those who may see the project.")
    thread_url: str | None = Field(description="Only for those who can read the community.")

    @staticmethod
    def resolve_url(contribution: Contribution) -> str:
        return contribution.get_absolute_url()

    @staticmethod
    def resolve_issue(contribution: Contribution) -> uuid.UUID:
        return contribution.issue_id

    @staticmethod
    def resolve_community(contribution: Contribution) -> str | None:
        return contribution.community.slug if contribution.community else None

    @staticmethod
    def resolve_project(contribution: Contribution) -> uuid.UUID | None:
        project = contribution.visible_project
        return project.pk if project else None

    @staticmethod
    def resolve_thread_url(contribution: Contribution, context: dict) -> str | None:
        post = contribution.thread_post
        if post is None:
            return None
        readable = getattr(contribution, "thread_readable", None)
        if readable is None:  # fetched without ContributionQuerySet.with_links_for
            readable = Post.objects.visible_to(context["request"].user).filter(pk=post.pk).exists()
        return post.get_absolute_url() if readable else None


class VersionIn(Schema):
    analysis: Long = ""
    options: Long = ""
    recommendation: Long = ""
    note: Annotated[str, StringConstraints(max_length=300), *Text.__metadata__] = ""


class VersionOut(Schema):
    number: int
    author: PersonRef
    created_at: datetime.datetime
    analysis: str
    options: str
    recommendation: str
    note: str


class SubmitIn(Schema):
    addressed_to: Handle = Field(description="The handle of an executive or sponsor.")


class ActionIn(Schema):
    text: Annotated[str, StringConstraints(max_length=300), *Text.__metadata__]
    owner: Handle
    due_on: datetime.date


class ActionOut(Schema):
    id: int
    text: str
    owner: PersonRef
    due_on: datetime.date
    done_at: datetime.datetime | None


class ResponseIn(Schema):
    outcome: Response.Outcome
    body: Annotated[str, StringConstraints(max_length=RESPONSE_LIMIT), *Text.__metadata__] = ""
    actions: list[ActionIn] = Field(default_factory=list, max_length=services.MAX_ACTIONS)


class ResponseOut(Schema):
    id: int
    submission: int
    responder: PersonRef
    outcome: str
    body: str
    submitted_at: datetime.datetime
    responded_at: datetime.datetime
    target_on: datetime.date
    working_days: int
    within_target: bool
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(response: Response) -> list[Action]:
        return list(response.actions.all())


class ProjectFigureOut(Schema):
    community: str = Field(description="The community's slug.")
    name: str
    issues: int


class MeasuresOut(Schema):
    scope: str
    responses: int
    median_days: float | None
    within_target: int
    within_target_percent: int | None
    accepted: int
    accepted_in_part: int
    declined: int
    awaiting: int
    overdue: int
    issues_with_projects: int = Field(
        description="Issues that projects in scope have taken on (proposed or beyond)."
    )
    issues_with_projects_by_community: list[ProjectFigureOut]
    issues_with_projects_in_private_communities: int = Field(
        description="Issues taken on by projects of private communities you do not belong to."
    )

    @staticmethod
    def resolve_issues_with_projects_by_community(figures: object) -> list[dict]:
        return [
            {"community": row["community__slug"], "name": row["community__name"], **row}
            for row in figures.project_issues  # type: ignore[attr-defined]
        ]

    @staticmethod
    def resolve_issues_with_projects_in_private_communities(figures: object) -> int:
        return figures.hidden_project_issues  # type: ignore[attr-defined]


def _issues(request: AuthenticatedRequest) -> QuerySet[Issue]:
    return Issue.objects.visible_to(request.user).for_list(request.user)


def _issue_out(request: AuthenticatedRequest, issue: Issue) -> Issue:
    return _issues(request).get(pk=issue.pk)


def _contributions(request: AuthenticatedRequest) -> QuerySet[Contribution]:
    return (
        Contribution.objects.visible_to(request.user)
        .with_links_for(request.user)
        .select_related("community", "lead", "addressed_to", "thread_post__community")
    )


def _person(handle: str) -> User:
    person = User.objects.active().filter(handle=handle.lstrip("@")).first()
    if person is None:
        raise AgendaError(f"No one has the handle “{handle}”.")
    return person


@router.get("/agenda/issues", response=list[IssueOut], summary="Issues, most supported first")
@paginate
def issue_list(request: AuthenticatedRequest, sort: str = "support") -> object:
    order = ("-created_at",) if sort == "recent" else ("-support_count", "-created_at")
    return _issues(request).order_by(*order)


@router.post("/agenda/issues", response={201: IssueOut}, summary="Raise an issue")
def issue_create(request: AuthenticatedRequest, body: IssueIn) -> Issue:
    data = body.dict()
    post_id = data.pop("source_post")
    post = None
    if post_id is not None:
        if not 0 < post_id < 2**31:
            raise Http404
        post = get_object_or_404(Post.objects.visible_to(request.user), pk=post_id)
    issue = services.raise_issue(actor=request.user, source_post=post, **data)
    return _issue_out(request, issue)


@router.get("/agenda/issues/{issue_id}", response=IssueOut, summary="One issue")
def issue_detail(request: AuthenticatedRequest, issue_id: uuid.UUID) -> Issue:
    return _issue_out(request, get_issue_for_user(request.user, issue_id))


@router.post("/agenda/issues/{issue_id}/support", response={201: IssueOut}, summary="Support")
def support(request: AuthenticatedRequest, issue_id: uuid.UUID) -> Issue:
    issue = get_issue_for_user(request.user, issue_id)
    services.support_issue(actor=request.user, issue=issue)
    return _issue_out(request, issue)


@router.delete("/agenda/issues/{issue_id}/support", response=IssueOut, summary="Withdraw support")
def withdraw(request: AuthenticatedRequest, issue_id: uuid.UUID) -> Issue:
    issue = get_issue_for_user(request.user, issue_id)
    services.withdraw_support(actor=request.user, issue=issue)
    return _issue_out(request, issue)


@router.put("/agenda/issues/{issue_id}/status", response=IssueOut, summary="Set the status")
def status(request: AuthenticatedRequest, issue_id: uuid.UUID, body: StatusIn) -> Issue:
    issue = get_issue_for_user(request.user, issue_id)
    services.set_issue_status(actor=request.user, issue=issue, status=body.status)
    return _issue_out(request, issue)


@router.get(
    "/agenda/issues/{issue_id}/uptakes",
    response=list[UptakeOut],
    summary="Communities that took the issue up",
)
def uptake_list(request: AuthenticatedRequest, issue_id: uuid.UUID) -> object:
    issue = get_issue_for_user(request.user, issue_id)
    visible = Community.objects.visible_to(request.user)
    return issue.uptakes.filter(community__in=visible).select_related("community", "taken_up_by")


@router.post(
    "/agenda/issues/{issue_id}/uptakes",
    response={201: UptakeOut},
    summary="Take the issue up for a community you convene",
)
def take_up(request: AuthenticatedRequest, issue_id: uuid.UUID, body: TakeUpIn) -> object:
    issue = get_issue_for_user(request.user, issue_id)
    community = Community.objects.led_by(request.user).filter(slug=body.community).first()
    if community is None:
        raise AgendaError("You can take issues up only for a community you convene.")
    return services.take_up_issue(actor=request.user, issue=issue, community=community)


@router.get(
    "/agenda/issues/{issue_id}/contributions",
    response=list[ContributionOut],
    summary="Contributions on an issue that you may see",
)
def contribution_list(request: AuthenticatedRequest, issue_id: uuid.UUID) -> object:
    issue = get_issue_for_user(request.user, issue_id)
    return _contributions(request).filter(issue=issue)


@router.post(
    "/agenda/issues/{issue_id}/contributions",
    response={201: ContributionOut},
    summary="Start a contribution",
)
def contribution_create(
    request: AuthenticatedRequest, issue_id: uuid.UUID, body: ContributionIn
) -> object:
    issue = get_issue_for_user(request.user, issue_id)
    data = body.dict()
    slug = data.pop("community")
    community = None
    if slug is not None:
        community = Community.objects.joined_by(request.user).filter(slug=slug).first()
        if community is None:
            raise AgendaError("You can draft only for a community you belong to.")
    data["contributors"] = [_person(handle) for handle in data["contributors"]]
    project_id = data.pop("project")
    data["project"] = (
        None if project_id is None else services.project_of(request.user, community, project_id)
    )
    contribution = services.start_contribution(
        actor=request.user, issue=issue, community=community, **data
    )
    return _contributions(request).get(pk=contribution.pk)


@router.get("/agenda/contributions/{contribution_id}", response=ContributionOut)
def contribution_detail(request: AuthenticatedRequest, contribution_id: uuid.UUID) -> object:
    return get_contribution_for_user(request.user, contribution_id)


@router.put(
    "/agenda/contributions/{contribution_id}/project",
    response=ContributionOut,
    summary="Name the project of its community that it draws on or proposes",
)
def contribution_project(
    request: AuthenticatedRequest, contribution_id: uuid.UUID, body: ProjectLinkIn
) -> object:
    contribution = get_contribution_for_user(request.user, contribution_id)
    project = None
    if body.project is not None:
        project = services.project_of(request.user, contribution.community, body.project)
    services.link_project(actor=request.user, contribution=contribution, project=project)
    return get_contribution_for_user(request.user, contribution_id)


@router.get(
    "/agenda/contributions/{contribution_id}/versions",
    response=list[VersionOut],
    summary="Every version, latest first",
)
def version_list(request: AuthenticatedRequest, contribution_id: uuid.UUID) -> object:
    contribution = get_contribution_for_user(request.user, contribution_id)
    return ContributionVersion.objects.filter(contribution=contribution).select_related("author")


@router.post(
    "/agenda/contributions/{contribution_id}/versions",
    response={201: VersionOut},
    summary="Save a new version of a draft",
)
def version_create(
    request: AuthenticatedRequest, contribution_id: uuid.UUID, body: VersionIn
) -> object:
    contribution = get_contribution_for_user(request.user, contribution_id)
    return services.add_version(actor=request.user, contribution=contribution, **body.dict())


@router.post(
    "/agenda/contributions/{contribution_id}/submit",
    response=ContributionOut,
    summary="Submit the latest version to an executive or sponsor",
)
def submit(request: AuthenticatedRequest, contribution_id: uuid.UUID, body: SubmitIn) -> object:
    contribution = get_contribution_for_user(request.user, contribution_id)
    services.submit_contribution(
        actor=request.user, contribution=contribution, addressed_to=_person(body.addressed_to)
    )
    return get_contribution_for_user(request.user, contribution_id)


@router.get(
    "/agenda/contributions/{contribution_id}/responses",
    response=list[ResponseOut],
    summary="Responses, latest first",
)
def response_list(request: AuthenticatedRequest, contribution_id: uuid.UUID) -> object:
    contribution = get_contribution_for_user(request.user, contribution_id)
    return contribution.responses.select_related("responder").prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("owner"))
    )


@router.post(
    "/agenda/contributions/{contribution_id}/responses",
    response={201: ResponseOut},
    summary="Respond to a contribution addressed to you",
)
def respond(request: AuthenticatedRequest, contribution_id: uuid.UUID, body: ResponseIn) -> object:
    contribution = get_contribution_for_user(request.user, contribution_id)
    plans = [ActionPlan(a.text, _person(a.owner), a.due_on) for a in body.actions]
    return services.respond(
        actor=request.user,
        contribution=contribution,
        outcome=body.outcome,
        body=body.body,
        actions=plans,
    )


@router.get("/agenda/queue", response=list[ContributionOut], summary="What awaits your response")
def queue(request: AuthenticatedRequest) -> object:
    return (
        Contribution.objects.awaiting(request.user)
        .with_links_for(request.user)
        .select_related("addressed_to", "thread_post__community")
    )


@router.post("/agenda/actions/{action_id}/done", response=ActionOut, summary="Mark done")
def action_done(request: AuthenticatedRequest, action_id: int) -> Action:
    action = get_action_for_user(request.user, action_id)
    return services.complete_action(actor=request.user, action=action)


@router.get("/agenda/measures", response=MeasuresOut, summary="Response times and outcomes")
def measures_view(request: AuthenticatedRequest) -> object:
    return measures.measures_for(request.user)

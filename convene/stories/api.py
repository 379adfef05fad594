"""Value-creation stories through the API: stories you may read, their steps, and the matrix."""

import datetime
import uuid
from typing import Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from convene.api.types import Text
from convene.communities.models import Community
from convene.lib.http import AuthenticatedRequest
from convene.stories import services
from convene.stories.access import get_own_step, get_own_story, get_story_for_user
from convene.stories.models import (
    CYCLE_HELP,
    ENDING_LIMIT,
    STEP_LIMIT,
    TITLE_LIMIT,
    Cycle,
    Step,
    Story,
)
from convene.stories.services import Sharing, StepDraft
from convene.stories.summaries import ValueMatrix, value_matrix

router = Router(tags=["stories"])

CYCLES = "; ".join(f"`{cycle.value}`: {CYCLE_HELP[cycle]}" for cycle in Cycle)
VISIBILITIES = (
    "`private` (only you, the default), `community` (members of its community) or "
    "`organisation` (everyone signed in). Sharing needs `consent_to_quote: true`."
)
LinkKindName = Literal["gathering", "post", "project", "contribution"]


class CommunityRef(Schema):
    slug: str
    name: str


class LinkOut(Schema):
    kind: str
    title: str
    url: str


class StepOut(Schema):
    id: int
    position: int = Field(description="1 for the first step.")
    cycle: str = Field(description=CYCLES)
    text: str = Field(description="Markdown.")
    text_html: str
    link: LinkOut | None = Field(
        description="What the step came from; null when none, or when you may not see it."
    )

    @staticmethod
    def resolve_link(step: Step) -> dict[str, str] | None:
        link = step.visible_link()
        if link is None:
            return None
        return {"kind": step.link_kind, "title": link[1], "url": link[2]}


class StoryOut(Schema):
    id: uuid.UUID
    title: str
    byline: str = Field(description="The author's name, or “A member of …” if told anonymously.")
    community: CommunityRef | None
    visibility: str = Field(description=VISIBILITIES)
    consent_to_quote: bool
    quote_by_name: bool
    is_finished: bool = Field(description="A step has reached realised or reframing value.")
    aspirational_ending: str
    remind_on: datetime.date | None = Field(description="Shown to the author only.")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_byline(story: Story, context: dict[str, Any]) -> str:
        return story.byline_for(context["request"].user)

    @staticmethod
    def resolve_community(story: Story) -> Community | None:
        return story.known_community

    @staticmethod
    def resolve_remind_on(story: Story, context: dict[str, Any]) -> datetime.date | None:
        return story.remind_on if story.author_id == context["request"].user.pk else None

    @staticmethod
    def resolve_url(story: Story) -> str:
        return story.get_absolute_url()


class StoryListOut(StoryOut):
    step_count: int


class StoryDetailOut(StoryOut):
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(story: Story, context: dict[str, Any]) -> list[Step]:
        return list(Step.objects.filter(story=story).with_links_for(context["request"].user))


class StepIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    cycle: Text = Field(description=CYCLES)
    text: Text = Field(min_length=1, max_length=STEP_LIMIT, description="Markdown.")
    link_kind: LinkKindName | None = Field(None, description="What the step came from, if any.")
    link_id: Text | None = Field(None, max_length=40, description="Its id; one you can see.")

    def draft(self) -> StepDraft:
        link = f"{self.link_kind}:{self.link_id}" if self.link_kind else ""
        return StepDraft(cycle=self.cycle, text=self.text, link=link)


class StepChangeIn(Schema):
    """Only the fields given change; send `link_kind: null` to drop the link."""

    model_config = ConfigDict(str_strip_whitespace=True)

    cycle: Text | None = Field(None, description=CYCLES)
    text: Text | None = Field(None, min_length=1, max_length=STEP_LIMIT)
    link_kind: LinkKindName | None = None
    link_id: Text | None = Field(None, max_length=40)
    position: int | None = Field(None, ge=1, le=1000, description="Move the step: 1 is first.")


class StoryIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: Text = Field(min_length=1, max_length=TITLE_LIMIT)
    community: Text | None = Field(None, description="The slug of a community you belong to.")
    visibility: Story.Visibility = Field(Story.Visibility.PRIVATE, description=VISIBILITIES)
    consent_to_quote: bool = False
    quote_by_name: bool = False
    aspirational_ending: Text = Field("", max_length=ENDING_LIMIT)
    remind_on: datetime.date | None = Field(
        None, description="Three months ahead by default when an aspirational ending is given."
    )
    steps: list[StepIn] = Field(min_length=1, description="The first steps, in order.")


class StoryChangeIn(Schema):
    """Only the fields given change."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: Text | None = Field(None, min_length=1, max_length=TITLE_LIMIT)
    community: Text | None = Field(None, description="A slug; send null to clear it.")
    visibility: Story.Visibility | None = Field(None, description=VISIBILITIES)
    consent_to_quote: bool | None = None
    quote_by_name: bool | None = None
    aspirational_ending: Text | None = Field(None, max_length=ENDING_LIMIT)
    remind_on: datetime.date | None = None


class StoryFilters(Schema):
    mine: bool = Field(False, description="Only your own stories.")
    community: Text | None = Field(None, description="Only stories of this community (a slug).")


class MatrixFilters(Schema):
    community: list[Text] = Field(
        default_factory=list, description="Community slugs; every community you know of if none."
    )
    since: datetime.date | None = None
    until: datetime.date | None = None


class ExemplarOut(Schema):
    id: uuid.UUID
    title: str
    byline: str
    url: str


class CellOut(Schema):
    cycle: str
    steps: int
    exemplar: ExemplarOut | None


class MatrixRowOut(Schema):
    community: CommunityRef
    cells: list[CellOut]


class MatrixOut(Schema):
    rows: list[MatrixRowOut]


def _story(request: AuthenticatedRequest, story_id: uuid.UUID) -> Story:
    return get_story_for_user(request.user, story_id)


def _own_story(request: AuthenticatedRequest, story_id: uuid.UUID) -> Story:
    return get_own_story(request.user, story_id)


def _own_community(request: AuthenticatedRequest, slug: str | None) -> Community | None:
    if slug is None:
        return None
    return get_object_or_404(Community.objects.visible_to(request.user), slug=slug)


@router.get("/stories", response=list[StoryListOut], summary="Stories you may read, newest first")
@paginate
def story_list(request: AuthenticatedRequest, filters: Query[StoryFilters]) -> QuerySet[Story]:
    stories = Story.objects.visible_to(request.user)
    if filters.mine:
        stories = stories.filter(author=request.user)
    if filters.community:
        stories = stories.filter(community=_own_community(request, filters.community))
    return stories.for_list(request.user)


@router.post(
    "/stories", response={201: StoryDetailOut}, summary="Tell a story (private unless shared)"
)
def story_create(request: AuthenticatedRequest, body: StoryIn) -> Story:
    story = services.tell_story(
        actor=request.user,
        title=body.title,
        steps=[step.draft() for step in body.steps],
        community=_own_community(request, body.community),
        sharing=Sharing(body.visibility, body.consent_to_quote, body.quote_by_name),
        aspirational_ending=body.aspirational_ending,
        remind_on=body.remind_on,
    )
    return _story(request, story.pk)


@router.get("/stories/{uuid:story_id}", response=StoryDetailOut, summary="One story and its steps")
def story_detail(request: AuthenticatedRequest, story_id: uuid.UUID) -> Story:
    return _story(request, story_id)


@router.patch(
    "/stories/{uuid:story_id}", response=StoryDetailOut, summary="Change your story or its sharing"
)
def story_edit(request: AuthenticatedRequest, story_id: uuid.UUID, body: StoryChangeIn) -> Story:
    story = _own_story(request, story_id)
    given = body.model_fields_set
    services.edit_story(
        actor=request.user,
        story=story,
        title=body.title if body.title is not None else story.title,
        community=(
            _own_community(request, body.community) if "community" in given else story.community
        ),
        sharing=Sharing(
            body.visibility if body.visibility is not None else story.visibility,
            _given(body.consent_to_quote, story.consent_to_quote),
            _given(body.quote_by_name, story.quote_by_name),
        ),
        aspirational_ending=_given(body.aspirational_ending, story.aspirational_ending),
        remind_on=body.remind_on if "remind_on" in given else story.remind_on,
    )
    return _story(request, story_id)


@router.delete(
    "/stories/{uuid:story_id}", response={204: None}, summary="Delete your story and its steps"
)
def story_delete(request: AuthenticatedRequest, story_id: uuid.UUID) -> None:
    services.delete_story(actor=request.user, story=_own_story(request, story_id))


@router.post(
    "/stories/{uuid:story_id}/steps",
    response={201: StepOut},
    summary="Add the next step to your story; realised or reframing value finishes it",
)
def step_create(request: AuthenticatedRequest, story_id: uuid.UUID, body: StepIn) -> Step:
    story = _own_story(request, story_id)
    step = services.add_step(actor=request.user, story=story, draft=body.draft())
    return Step.objects.with_links_for(request.user).get(pk=step.pk)


@router.patch(
    "/stories/{uuid:story_id}/steps/{step_id}",
    response=StepOut,
    summary="Change a step of your story, or move it",
)
def step_edit(
    request: AuthenticatedRequest, story_id: uuid.UUID, step_id: int, body: StepChangeIn
) -> Step:
    step = _own_step(request, story_id, step_id)
    given = body.model_fields_set
    with transaction.atomic():  # all the changes or none
        if given & {"cycle", "text", "link_kind", "link_id"}:
            kind, key = _current_link(step, body)
            draft = StepDraft(
                cycle=_given(body.cycle, step.cycle),
                text=_given(body.text, step.text),
                link=f"{kind}:{key}" if kind else "",
            )
            services.edit_step(actor=request.user, step=step, draft=draft)
        if body.position is not None:
            services.move_step(actor=request.user, step=step, position=body.position)
    return Step.objects.with_links_for(request.user).get(pk=step.pk)


@router.delete(
    "/stories/{uuid:story_id}/steps/{step_id}",
    response={204: None},
    summary="Remove a step from your story (its last step stays)",
)
def step_delete(request: AuthenticatedRequest, story_id: uuid.UUID, step_id: int) -> None:
    services.remove_step(actor=request.user, step=_own_step(request, story_id, step_id))


@router.get(
    "/value-matrix",
    response=MatrixOut,
    summary="Steps of shared stories by community and cycle of value, each with an example",
)
def matrix(request: AuthenticatedRequest, filters: Query[MatrixFilters]) -> ValueMatrix:
    known = Community.objects.visible_to(request.user).order_by("name")
    if filters.community:
        known = known.filter(slug__in=filters.community)
    communities = list(known)
    if filters.community and len(communities) != len(set(filters.community)):
        raise Http404
    return value_matrix(request.user, communities, since=filters.since, until=filters.until)


def _own_step(request: AuthenticatedRequest, story_id: uuid.UUID, step_id: int) -> Step:
    return get_own_step(request.user, _own_story(request, story_id), step_id)


def _current_link(step: Step, body: StepChangeIn) -> tuple[str, str]:
    """The link as the change leaves it: the one given, none, or the step's own."""
    if "link_kind" in body.model_fields_set:
        return body.link_kind or "", body.link_id or ""
    kind = step.link_kind
    return kind, str(getattr(step, f"{kind}_id")) if kind else ""


def _given[T](value: T | None, current: T) -> T:
    return current if value is None else value

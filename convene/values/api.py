"""Values in action through the API: the organisation's values, their stories and summaries."""

import datetime
import uuid
from typing import Annotated

from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import ConfigDict

from convene.api.types import Text
from convene.communities.models import Community
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef
from convene.people.models import User
from convene.values import services
from convene.values.access import get_own_story, get_story_for_user, get_value_for_user
from convene.values.models import (
    DESCRIPTION_LIMIT,
    NAME_LIMIT,
    STORY_LIMIT,
    TEAM_LIMIT,
    TITLE_LIMIT,
    Value,
    ValueStory,
)
from convene.values.services import ValuesError
from convene.values.summaries import RECENT_DAYS, CommunityCount, ValueSummary, summarise_value

router = Router(tags=["values"])

# An id the database can hold: a larger one would fail in the query, not be refused.
ValueId = Annotated[int, Field(ge=1, le=2**63 - 1)]

AUDIENCES = (
    "`organisation` (everyone, the default) or `community` (the community's members only; "
    "always so for a private community)"
)


class ValueOut(Schema):
    id: int
    name: str
    description: str
    order: int
    is_active: bool = Field(description="Offered for new stories; retired values are not.")
    url: str

    @staticmethod
    def resolve_url(value: Value) -> str:
        return value.get_absolute_url()


class ValueRef(Schema):
    id: int
    name: str


class CommunityRef(Schema):
    slug: str
    name: str


class ValueIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: Text = Field(min_length=1, max_length=NAME_LIMIT)
    description: Text = Field("", max_length=DESCRIPTION_LIMIT)


class ValueChangeIn(Schema):
    """Only the fields given change."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: Text | None = Field(None, min_length=1, max_length=NAME_LIMIT)
    description: Text | None = Field(None, max_length=DESCRIPTION_LIMIT)
    order: int | None = Field(None, ge=1, description="The value's place in the list, from 1.")
    is_active: bool | None = Field(None, description="false retires the value; true restores it.")


class CommunityCountOut(Schema):
    name: str = Field(description="The community, or “Other communities” for the rest.")
    slug: str | None = Field(description="null for the folded row of other communities.")
    count: int

    @staticmethod
    def resolve_slug(row: CommunityCount) -> str | None:
        return row.community.slug if row.community else None


class ValueSummaryOut(Schema):
    value: ValueOut
    total: int
    recent: int = Field(description=f"Stories that happened in the last {RECENT_DAYS} days.")
    inside: int = Field(description="Stories from within a community's own work.")
    beyond: int = Field(description="Stories beyond communities: ripple effects.")
    communities: list[CommunityCountOut] = Field(
        description="The communities most named that you can read; the rest fold into one row."
    )


class StoryOut(Schema):
    id: uuid.UUID
    title: str
    body: str = Field(description="What happened, in Markdown.")
    body_html: str
    happened_on: datetime.date
    values: list[ValueRef]
    author: PersonRef
    about_person: PersonRef | None
    about_team: str
    community: CommunityRef | None
    beyond_community: bool
    audience: str = Field(description=AUDIENCES)
    hidden: bool = Field(description="Hidden by the person it is about.")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_values(story: ValueStory) -> list[Value]:
        return list(story.values.all())  # prefetched by ValueStoryQuerySet.for_list()

    @staticmethod
    def resolve_hidden(story: ValueStory) -> bool:
        return story.is_hidden

    @staticmethod
    def resolve_url(story: ValueStory) -> str:
        return story.get_absolute_url()


class StoryFilters(Schema):
    value: ValueId | None = Field(None, description="Only stories naming this value.")
    community: Text | None = Field(None, description="Only stories from this community (slug).")
    about_me: bool = Field(False, description="Only stories about you.")


class StoryIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: Text = Field(min_length=1, max_length=TITLE_LIMIT)
    body: Text = Field(min_length=1, max_length=STORY_LIMIT, description="Markdown.")
    happened_on: datetime.date
    values: list[ValueId] = Field(min_length=1, description="Ids of offered values.")
    community: Text | None = Field(None, description="The slug of a community you can read.")
    beyond_community: bool = Field(
        True, description="It happened beyond the community; always so without a community."
    )
    audience: ValueStory.Audience = Field(ValueStory.Audience.ORGANISATION, description=AUDIENCES)
    about_person: Text | None = Field(None, description="The handle of the person it is about.")
    about_team: Text = Field("", max_length=TEAM_LIMIT)


class StoryChangeIn(Schema):
    """Only the fields given change. The author changes the story; the person it is about
    alone may set `hidden`."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: Text | None = Field(None, min_length=1, max_length=TITLE_LIMIT)
    body: Text | None = Field(None, min_length=1, max_length=STORY_LIMIT)
    happened_on: datetime.date | None = None
    values: list[ValueId] | None = Field(None, min_length=1)
    community: Text | None = Field(None, description="A slug; send null for no community.")
    beyond_community: bool | None = None
    audience: ValueStory.Audience | None = Field(None, description=AUDIENCES)
    about_person: Text | None = Field(None, description="A handle; send null for no one.")
    about_team: Text | None = Field(None, max_length=TEAM_LIMIT)
    hidden: bool | None = None


def _require_administrator(request: AuthenticatedRequest) -> None:
    if not request.user.is_administrator:
        raise HttpError(403, "Only administrators set the organisation's values.")


def _story(story: ValueStory) -> ValueStory:
    """Fetch a story again the way lists do, with its people, community and values."""
    return ValueStory.objects.filter(pk=story.pk).for_list().get()


def _values(ids: list[int]) -> list[Value]:
    values = list(Value.objects.filter(pk__in=ids))
    missing = set(ids) - {value.pk for value in values}
    if missing:
        raise ValuesError(f"There is no value with id {min(missing)}.")
    return values


def _community(user: User, slug: str | None, story: ValueStory | None = None) -> Community | None:
    if slug is None:
        return None
    if story is not None and story.community and story.community.slug == slug:
        return story.community  # kept, even if its author can no longer read it
    community = Community.objects.readable_by(user).filter(slug=slug).first()
    if community is None:
        raise ValuesError("Name a community whose conversations you can read.")
    return community


def _person(handle: str | None) -> User | None:
    if handle is None:
        return None
    person = User.objects.active().filter(handle=handle.lstrip("@")).first()
    if person is None:
        raise ValuesError(f"No one using Convene has the handle “{handle[:60]}”.")
    return person


# Values


@router.get("/values", response=list[ValueOut], summary="The organisation's values, in order")
@paginate
def value_list(request: AuthenticatedRequest) -> object:
    return Value.objects.order_by("order", "name")


@router.post("/values", response={201: ValueOut}, summary="Add a value (administrators)")
def value_create(request: AuthenticatedRequest, body: ValueIn) -> Value:
    _require_administrator(request)
    return services.add_value(actor=request.user, name=body.name, description=body.description)


@router.patch(
    "/values/{int:value_id}",
    response=ValueOut,
    summary="Reword, reorder, retire or restore a value (administrators)",
)
def value_edit(request: AuthenticatedRequest, value_id: int, body: ValueChangeIn) -> Value:
    _require_administrator(request)
    value = get_object_or_404(Value, pk=value_id)
    actor = request.user
    with transaction.atomic():  # all the changes or none
        if body.name is not None or body.description is not None:
            name = body.name if body.name is not None else value.name
            description = body.description if body.description is not None else value.description
            services.edit_value(actor=actor, value=value, name=name, description=description)
        if body.order is not None:
            services.place_value(actor=actor, value=value, position=body.order)
        if body.is_active is not None:
            services.set_offered(actor=actor, value=value, offered=body.is_active)
    value.refresh_from_db()
    return value


@router.get(
    "/values/{int:value_id}/summary",
    response=ValueSummaryOut,
    summary="A value's stories counted: in all, lately, within and beyond communities",
)
def value_summary(request: AuthenticatedRequest, value_id: int) -> ValueSummary:
    return summarise_value(request.user, get_value_for_user(request.user, value_id))


# Stories


@router.get(
    "/value-stories", response=list[StoryOut], summary="Stories of values in action you can read"
)
@paginate
def story_list(request: AuthenticatedRequest, filters: Query[StoryFilters]) -> object:
    stories = ValueStory.objects.visible_to(request.user).for_list()
    if filters.value is not None:
        stories = stories.filter(values=filters.value)
    if filters.community is not None:
        stories = stories.filter(community__slug=filters.community)
    if filters.about_me:
        stories = stories.filter(about_person=request.user)
    return stories


@router.post(
    "/value-stories",
    response={201: StoryOut},
    summary="Tell a story of someone living the values; the person it is about is told",
)
def story_create(request: AuthenticatedRequest, body: StoryIn) -> ValueStory:
    actor = request.user
    story = services.tell_story(
        actor=actor,
        title=body.title,
        body=body.body,
        happened_on=body.happened_on,
        values=_values(body.values),
        community=_community(actor, body.community),
        beyond_community=body.beyond_community,
        audience=body.audience,
        about_person=_person(body.about_person),
        about_team=body.about_team,
    )
    return _story(story)


@router.get("/value-stories/{uuid:story_id}", response=StoryOut, summary="One story")
def story_detail(request: AuthenticatedRequest, story_id: uuid.UUID) -> ValueStory:
    return get_story_for_user(request.user, story_id)


@router.patch(
    "/value-stories/{uuid:story_id}",
    response=StoryOut,
    summary="Change your story, or hide or show one about you",
)
def story_edit(
    request: AuthenticatedRequest, story_id: uuid.UUID, body: StoryChangeIn
) -> ValueStory:
    story = get_story_for_user(request.user, story_id)
    given = body.model_fields_set - {"hidden"}
    with transaction.atomic():  # all the changes or none
        if given:
            _edit(request.user, story, body, given)
        if body.hidden is not None:
            services.set_hidden(actor=request.user, story=story, hidden=body.hidden)
    return _story(story)


@router.delete("/value-stories/{uuid:story_id}", response={204: None}, summary="Delete your story")
def story_delete(request: AuthenticatedRequest, story_id: uuid.UUID) -> None:
    services.delete_story(actor=request.user, story=get_own_story(request.user, story_id))


def _edit(actor: User, story: ValueStory, body: StoryChangeIn, given: set[str]) -> None:
    def new(name: str) -> object:
        given_value = getattr(body, name)
        return given_value if given_value is not None else getattr(story, name)

    values = _values(body.values) if body.values is not None else list(story.values.all())
    community_given = "community" in given
    about_given = "about_person" in given
    services.edit_story(
        actor=actor,
        story=story,
        title=str(new("title")),
        body=str(new("body")),
        happened_on=new("happened_on"),  # type: ignore[arg-type]
        values=values,
        community=_community(actor, body.community, story) if community_given else story.community,
        beyond_community=bool(new("beyond_community")),
        audience=str(new("audience")),
        about_person=_person(body.about_person) if about_given else story.about_person,
        about_team=str(new("about_team")),
    )

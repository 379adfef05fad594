"""Your reflection journal through the API, and the answers shared with a community.

Reflections are reachable only by their author: every path is under `/me`,
and no endpoint returns anyone else's. Shared reflections carry no author.
"""

import datetime
import uuid

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from convene.api.types import Text
from convene.lib.http import AuthenticatedRequest
from convene.reflections import services
from convene.reflections.access import (
    get_community_to_read,
    get_community_to_share_with,
    get_own_reflection,
)
from convene.reflections.models import (
    BODY_LIMIT,
    SHARING_MINIMUM_MEMBERS,
    Reflection,
    SharedReflection,
)
from convene.reflections.prompts import PROMPTS, Prompt, find_prompt
from convene.reflections.services import ReflectionError

router = Router(tags=["reflections"])

PROMPT_KEYS = ", ".join(f"`{prompt.key}`" for prompt in PROMPTS)


class CommunityRef(Schema):
    slug: str
    name: str


class ReflectionOut(Schema):
    id: uuid.UUID
    prompt: str = Field(description=f"The prompt's key: one of {PROMPT_KEYS}.")
    prompt_text: str
    community: CommunityRef | None = Field(description="The community it is about, if any.")
    body: str = Field(description="Markdown.")
    body_html: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    shared_with: CommunityRef | None = Field(
        description="Where you shared a copy, if you did. Only you see this."
    )
    shared_on: datetime.date | None


class ReflectionIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    prompt: Text = Field(
        min_length=1, max_length=300, description=f"A prompt's key ({PROMPT_KEYS}) or its words."
    )
    community: Text | None = Field(
        None, max_length=120, description="The slug of a community you belong to, if any."
    )
    body: Text = Field(min_length=1, max_length=BODY_LIMIT, description="Markdown.")


class ReflectionChangeIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    body: Text = Field(min_length=1, max_length=BODY_LIMIT, description="Markdown.")


class ShareIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    community: Text = Field(min_length=1, max_length=120, description="A community's slug.")
    body: Text | None = Field(
        None,
        max_length=BODY_LIMIT,
        description="The words to share, if not the reflection's own: omit identifying details.",
    )
    confirm: bool = Field(
        description=(
            "Must be true: a shared copy carries no author and no link to your reflection, "
            "so it cannot be withdrawn."
        )
    )


class DueOut(Schema):
    community: CommunityRef
    set_point: str = Field(description="`joining`, `three-months` or `one-year`.")
    set_point_label: str
    due_at: datetime.datetime


class PromptOut(Schema):
    key: str
    text: str
    hint: str
    due: list[DueOut] = Field(description="Communities where this prompt waits for your answer.")


class SharedReflectionOut(Schema):
    prompt: str = Field(description="The prompt's words.")
    body: str = Field(description="Markdown.")
    body_html: str
    shared_in: str = Field(
        description="The month it was shared in, as YYYY-MM: the day is not kept.",
        examples=["2026-11"],
    )

    @staticmethod
    def resolve_shared_in(shared: SharedReflection) -> str:
        return f"{shared.shared_on:%Y-%m}"


class ReflectionFilters(Schema):
    prompt: str | None = Field(None, description="Only answers to this prompt (key or words).")


def _mine(request: AuthenticatedRequest) -> QuerySet[Reflection]:
    return Reflection.objects.visible_to(request.user).for_journal()


@router.get(
    "/me/reflections",
    response=list[ReflectionOut],
    summary="Your reflections, oldest first (only you can see them)",
)
@paginate
def reflection_list(request: AuthenticatedRequest, filters: Query[ReflectionFilters]) -> object:
    reflections = _mine(request)
    if filters.prompt is not None:
        prompt = find_prompt(filters.prompt)
        return reflections.filter(prompt=prompt.key) if prompt else reflections.none()
    return reflections


@router.post("/me/reflections", response={201: ReflectionOut}, summary="Write a reflection")
def reflection_create(request: AuthenticatedRequest, body: ReflectionIn) -> Reflection:
    community = None
    if body.community:
        community = get_community_to_share_with(request.user, body.community)
    reflection = services.write_reflection(
        actor=request.user, prompt=body.prompt, body=body.body, community=community
    )
    return _mine(request).get(pk=reflection.pk)


@router.get(
    "/me/reflections/{uuid:reflection_id}",
    response=ReflectionOut,
    summary="One of your reflections",
)
def reflection_detail(request: AuthenticatedRequest, reflection_id: uuid.UUID) -> Reflection:
    return get_own_reflection(request.user, reflection_id)


@router.patch(
    "/me/reflections/{uuid:reflection_id}",
    response=ReflectionOut,
    summary="Change the words of your reflection (a shared copy keeps its words)",
)
def reflection_edit(
    request: AuthenticatedRequest, reflection_id: uuid.UUID, body: ReflectionChangeIn
) -> Reflection:
    reflection = get_own_reflection(request.user, reflection_id)
    services.edit_reflection(actor=request.user, reflection=reflection, body=body.body)
    return reflection


@router.post(
    "/me/reflections/{uuid:reflection_id}/share",
    response={201: SharedReflectionOut},
    summary=(
        "Share a copy of your answer anonymously with a community of at least "
        f"{SHARING_MINIMUM_MEMBERS} members; it cannot be withdrawn"
    ),
)
def reflection_share(
    request: AuthenticatedRequest, reflection_id: uuid.UUID, body: ShareIn
) -> SharedReflection:
    reflection = get_own_reflection(request.user, reflection_id)
    community = get_community_to_share_with(request.user, body.community)
    if not body.confirm:
        raise ReflectionError(
            "Send confirm: true to share. A shared copy carries no author, so it cannot be "
            "withdrawn."
        )
    return services.share_reflection(
        actor=request.user, reflection=reflection, community=community, body=body.body
    )


@router.get(
    "/me/reflection-prompts",
    response=list[PromptOut],
    summary="The journal's prompts, each with the communities where it waits for your answer",
)
def prompt_list(request: AuthenticatedRequest) -> list[dict[str, object]]:
    due = services.due_reflections(request.user)
    return [_prompt(prompt, [item for item in due if item.prompt == prompt]) for prompt in PROMPTS]


@router.get(
    "/communities/{slug}/shared-reflections",
    response=list[SharedReflectionOut],
    summary=(
        "Answers members shared anonymously with a community, newest month first; none while "
        f"it has fewer than {SHARING_MINIMUM_MEMBERS} members"
    ),
)
@paginate
def shared_list(request: AuthenticatedRequest, slug: str) -> object:
    community = get_community_to_read(request.user, slug)
    return SharedReflection.objects.visible_in(community)


def _prompt(prompt: Prompt, due: list[services.Due]) -> dict[str, object]:
    return {
        "key": prompt.key,
        "text": prompt.text,
        "hint": prompt.hint,
        "due": [
            {
                "community": item.community,
                "set_point": item.set_point.key,
                "set_point_label": item.set_point.label,
                "due_at": item.due_at,
            }
            for item in due
        ],
    }

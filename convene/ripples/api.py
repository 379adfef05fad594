"""Ripple-effects maps through the API: maps, their tree of effects, confirmation, exports.

Every text, level, capital and person is checked by the same services the
pages use, so bad input gets the same sentence as a 400 `detail` here.
"""

from __future__ import annotations

import datetime
import uuid

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from convene.api.types import Text
from convene.communities.models import Community
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef
from convene.people.models import User
from convene.ripples import exports, services
from convene.ripples.access import get_effect_on_map, get_map_for_user
from convene.ripples.models import (
    CENTRE_LIMIT,
    EFFECT_LIMIT,
    EVIDENCE_LIMIT,
    NOTE_LIMIT,
    TITLE_LIMIT,
    Capital,
    Effect,
    RippleMap,
)
from convene.ripples.pages import MapPage
from convene.ripples.services import EffectDetails, RippleError
from convene.ripples.summaries import ripple_counts
from convene.ripples.trees import grow

router = Router(tags=["ripples"])

CAPITALS = ", ".join(f"`{code}`" for code in Capital.values)
LEVELS = "1 the participants, 2 their teams and units, 3 the wider organisation, 4 beyond it"
VISIBILITIES = "`community` (its members; programme maps: members of any community) or "
VISIBILITIES += "`organisation` (everyone, except for a private community's maps)"


class EffectOut(Schema):
    id: int
    parent: int | None = Field(description="The effect it grew from; null for the centre.")
    text: str
    level: int = Field(description=LEVELS)
    capitals: list[str] = Field(description=f"Any of {CAPITALS}.")
    valence: str
    intended: bool
    storyteller: str = Field(description="The pseudonym when one was chosen, else the name.")
    happened_on: datetime.date | None
    evidence: str
    evidence_url: str
    witness: PersonRef | None
    confirmation: str = Field(description="``, `pending`, `confirmed` or `not_confirmed`.")
    confirmation_note: str
    placed: bool
    created_at: datetime.datetime

    @staticmethod
    def resolve_parent(effect: Effect) -> int | None:
        return effect.parent_id

    @staticmethod
    def resolve_capitals(effect: Effect) -> list[str]:
        return effect.capital_codes

    @staticmethod
    def resolve_storyteller(effect: Effect) -> str:
        return effect.told_by


class BranchOut(Schema):
    effect: EffectOut
    children: list[BranchOut]


class MapOut(Schema):
    id: uuid.UUID
    title: str
    centre: str
    community: str | None = Field(description="The community's slug; null for the programme.")
    session_date: datetime.date
    visibility: str = Field(description=VISIBILITIES)
    facilitator: PersonRef
    map_maker: PersonRef
    live: bool
    url: str

    @staticmethod
    def resolve_community(ripple_map: RippleMap) -> str | None:
        return ripple_map.community.slug if ripple_map.community else None

    @staticmethod
    def resolve_live(ripple_map: RippleMap) -> bool:
        return ripple_map.is_live

    @staticmethod
    def resolve_url(ripple_map: RippleMap) -> str:
        return ripple_map.get_absolute_url()


class MapDetailOut(MapOut):
    tree: list[BranchOut]
    waiting: list[EffectOut] = Field(description="Effects added live, not yet placed.")
    exports: dict[str, str] = Field(description="Where to download the map as svg, png, csv.")


class MapIn(Schema):
    community: Text | None = Field(None, description="A slug; leave out for a programme map.")
    title: str = Field(description=f"At most {TITLE_LIMIT} characters.")
    centre: str = Field(description=f"At most {CENTRE_LIMIT} characters.")
    session_date: datetime.date
    visibility: str = Field(RippleMap.Visibility.COMMUNITY, description=VISIBILITIES)
    facilitator: Text | None = Field(None, description="A handle; you by default.")
    map_maker: Text | None = Field(None, description="A handle; you by default.")


class MapChangeIn(Schema):
    """Only the fields given change; `live` opens or closes the live session."""

    title: str | None = None
    centre: str | None = None
    session_date: datetime.date | None = None
    visibility: str | None = None
    facilitator: Text | None = None
    map_maker: Text | None = None
    live: bool | None = None


class EffectIn(Schema):
    text: str = Field(description=f"At most {EFFECT_LIMIT} characters.")
    parent: int | None = Field(None, description="An effect on this map; null for the centre.")
    level: int = Field(1, description=LEVELS)
    capitals: list[str] = Field([], description=f"Any of {CAPITALS}.")
    valence: str = Field(Effect.Valence.POSITIVE, description="`positive` or `negative`.")
    intended: bool = True
    storyteller: Text | None = Field(None, description="A handle.")
    pseudonym: str = Field("", description="Shown instead of the storyteller's name.")
    happened_on: datetime.date | None = None
    evidence: str = Field("", description=f"At most {EVIDENCE_LIMIT} characters.")
    evidence_url: str = ""
    witness: Text | None = Field(None, description="A handle; they are asked to confirm.")


class EffectChangeIn(Schema):
    """Only the fields given change; `placed: true` places an effect added live."""

    text: str | None = None
    parent: int | None = None
    level: int | None = None
    capitals: list[str] | None = None
    valence: str | None = None
    intended: bool | None = None
    storyteller: Text | None = None
    pseudonym: str | None = None
    happened_on: datetime.date | None = None
    evidence: str | None = None
    evidence_url: str | None = None
    witness: Text | None = None
    placed: bool | None = None


class MergeIn(Schema):
    target: int = Field(description="The effect on this map to fold this one into.")


class ConfirmIn(Schema):
    confirmed: bool = Field(description="True to confirm, false to say you cannot.")
    note: str = Field("", description=f"At most {NOTE_LIMIT} characters.")


class CountFilters(Schema):
    community: Text | None = Field(None, description="A community's slug; all maps if left out.")
    since: datetime.date | None = None
    until: datetime.date | None = None


class CountsOut(Schema):
    total: int
    by_level: dict[int, int]
    by_capital: dict[str, int]
    positive: int
    negative: int


# Maps


@router.get("/ripple-maps", response=list[MapOut], summary="Ripple maps you can see")
@paginate
def map_list(request: AuthenticatedRequest) -> object:
    return RippleMap.objects.visible_to(request.user).for_list()


@router.post("/ripple-maps", response={201: MapDetailOut}, summary="Start a ripple map")
def map_create(request: AuthenticatedRequest, body: MapIn) -> RippleMap:
    ripple_map = services.create_map(
        actor=request.user,
        community=_community(request.user, body.community),
        title=body.title,
        centre=body.centre,
        session_date=body.session_date,
        visibility=body.visibility,
        facilitator=_person(body.facilitator),
        map_maker=_person(body.map_maker),
    )
    return _detail(request.user, ripple_map.pk)


@router.get(
    "/ripple-maps/counts",
    response=CountsOut,
    summary="Effects on the maps you can see, by ripple level, capital and valence",
)
def map_counts(request: AuthenticatedRequest, filters: Query[CountFilters]) -> object:
    communities = None
    if filters.community is not None:
        communities = Community.objects.readable_by(request.user).filter(slug=filters.community)
    return ripple_counts(request.user, communities, filters.since, filters.until)


@router.get("/ripple-maps/{map_id}", response=MapDetailOut, summary="A map with its tree")
def map_detail(request: AuthenticatedRequest, map_id: uuid.UUID) -> RippleMap:
    return _detail(request.user, map_id)


@router.patch("/ripple-maps/{map_id}", response=MapDetailOut, summary="Change a map")
def map_change(request: AuthenticatedRequest, map_id: uuid.UUID, body: MapChangeIn) -> RippleMap:
    ripple_map = get_map_for_user(request.user, map_id)
    given = body.model_dump(exclude_unset=True)
    live = given.pop("live", None)
    if given:
        services.edit_map(
            actor=request.user,
            ripple_map=ripple_map,
            title=given.get("title", ripple_map.title),
            centre=given.get("centre", ripple_map.centre),
            session_date=given.get("session_date") or ripple_map.session_date,
            visibility=given.get("visibility", ripple_map.visibility),
            facilitator=_person(given.get("facilitator")) or ripple_map.facilitator,
            map_maker=_person(given.get("map_maker")) or ripple_map.map_maker,
        )
    if live is not None and live != ripple_map.is_live:
        verb = services.open_session if live else services.close_session
        verb(actor=request.user, ripple_map=ripple_map)
    return _detail(request.user, map_id)


@router.get(
    "/ripple-maps/{map_id}/export.{fmt}",
    summary="Download the map as `svg`, `png` or `csv` (one row per effect)",
    response={200: None},
)
def map_export(request: AuthenticatedRequest, map_id: uuid.UUID, fmt: str) -> HttpResponse:
    ripple_map = get_map_for_user(request.user, map_id)
    if fmt not in exports.FORMATS:
        raise RippleError("Choose an export format of svg, png or csv.")
    return exports.export_response(ripple_map, fmt)


# Effects


@router.post(
    "/ripple-maps/{map_id}/effects",
    response={201: EffectOut},
    summary="Add an effect (during a live session, if you do not run the map)",
)
def effect_create(request: AuthenticatedRequest, map_id: uuid.UUID, body: EffectIn) -> Effect:
    ripple_map = get_map_for_user(request.user, map_id)
    details = _details(ripple_map, body.model_dump(), EffectDetails(text=body.text))
    return services.add_effect(actor=request.user, ripple_map=ripple_map, details=details)


@router.patch(
    "/ripple-maps/{map_id}/effects/{effect_id}", response=EffectOut, summary="Change an effect"
)
def effect_change(
    request: AuthenticatedRequest, map_id: uuid.UUID, effect_id: int, body: EffectChangeIn
) -> Effect:
    ripple_map = get_map_for_user(request.user, map_id)
    effect = get_effect_on_map(ripple_map, effect_id)
    given = body.model_dump(exclude_unset=True)
    place = given.pop("placed", None)
    if given:
        details = _details(ripple_map, given, _current(effect))
        services.edit_effect(actor=request.user, effect=effect, details=details, only=given)
    if place and not effect.placed:
        services.place_effect(
            actor=request.user, effect=effect, parent=effect.parent, level=effect.level
        )
    return effect


@router.delete(
    "/ripple-maps/{map_id}/effects/{effect_id}",
    response={204: None},
    summary="Remove an effect; what grew from it moves up",
)
def effect_delete(request: AuthenticatedRequest, map_id: uuid.UUID, effect_id: int) -> Status[None]:
    ripple_map = get_map_for_user(request.user, map_id)
    services.delete_effect(actor=request.user, effect=get_effect_on_map(ripple_map, effect_id))
    return Status(204, None)


@router.post(
    "/ripple-maps/{map_id}/effects/{effect_id}/merge",
    response=EffectOut,
    summary="Fold an effect into another, keeping both tellings",
)
def effect_merge(
    request: AuthenticatedRequest, map_id: uuid.UUID, effect_id: int, body: MergeIn
) -> Effect:
    ripple_map = get_map_for_user(request.user, map_id)
    source = get_effect_on_map(ripple_map, effect_id)
    target = _effect_on(ripple_map, body.target, "The effect to merge into")
    return services.merge_effects(actor=request.user, source=source, target=target)


@router.post(
    "/ripple-maps/{map_id}/effects/{effect_id}/confirm",
    response=EffectOut,
    summary="As the named witness, confirm an effect or say you cannot",
)
def effect_confirm(
    request: AuthenticatedRequest, map_id: uuid.UUID, effect_id: int, body: ConfirmIn
) -> Effect:
    ripple_map = get_map_for_user(request.user, map_id)
    effect = get_effect_on_map(ripple_map, effect_id)
    return services.confirm_effect(
        actor=request.user, effect=effect, confirmed=body.confirmed, note=body.note
    )


# Helpers


def _detail(viewer: User, map_id: uuid.UUID) -> RippleMap:
    """The map with its tree, waiting effects and export links, for MapDetailOut."""
    page = MapPage.load(viewer, map_id)
    ripple_map = page.ripple_map
    ripple_map.tree = grow(page.placed)  # type: ignore[attr-defined]
    ripple_map.waiting = [effect for effect in page.effects if not effect.placed]  # type: ignore[attr-defined]
    ripple_map.exports = {  # type: ignore[attr-defined]
        fmt: f"/api/v1/ripple-maps/{ripple_map.pk}/export.{fmt}" for fmt in exports.FORMATS
    }
    return ripple_map


def _community(viewer: User, slug: str | None) -> Community | None:
    if slug is None:
        return None
    community = Community.objects.readable_by(viewer).filter(slug=slug).first()
    if community is None:
        raise RippleError(f"There is no community “{slug[:60]}” that you can read.")
    return community


def _person(handle: str | None) -> User | None:
    if not handle:
        return None
    person = User.objects.filter(handle=handle, is_active=True).first()
    if person is None:
        raise RippleError(f"No one active has the handle “{handle[:60]}”.")
    return person


def _effect_on(ripple_map: RippleMap, effect_id: int, what: str) -> Effect:
    effect = Effect.objects.filter(map=ripple_map, pk=effect_id).first()
    if effect is None:
        raise RippleError(f"{what} must be on the same map.")
    return effect


def _current(effect: Effect) -> EffectDetails:
    return EffectDetails(
        text=effect.text,
        parent=effect.parent,
        level=effect.level,
        capitals=effect.capital_codes,
        valence=effect.valence,
        intended=effect.intended,
        storyteller=effect.storyteller,
        pseudonym=effect.pseudonym,
        happened_on=effect.happened_on,
        evidence=effect.evidence,
        evidence_url=effect.evidence_url,
        witness=effect.witness,
    )


def _details(ripple_map: RippleMap, given: dict[str, object], base: EffectDetails) -> EffectDetails:
    """`base` with the fields given replaced, handles and ids turned into people and effects."""
    for name, value in given.items():
        if name == "parent" and value is not None:
            value = _effect_on(ripple_map, int(str(value)), "The effect it grew from")
        elif name in {"storyteller", "witness"}:
            value = _person(str(value) if value else None)
        setattr(base, name, value)
    return base

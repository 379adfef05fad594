"""Making ripple-effects maps, mapping effects live, and confirming them by witness.

The people who run a map (its facilitator and map-maker, the community's
convenors, administrators for programme maps) shape it at any time. While a
live session is open, anyone who can see the map adds effects from their
phone; those wait unplaced until the map-maker places them in the tree.
Closing the session stops participants adding. A named witness confirms an
effect, or says they cannot, and hears of the request when it is placed.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from convene.audit.models import record
from convene.communities.models import Community
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User
from convene.ripples.models import (
    CENTRE_LIMIT,
    EFFECT_LIMIT,
    EVIDENCE_LIMIT,
    NAME_LIMIT,
    NOTE_LIMIT,
    TITLE_LIMIT,
    URL_LIMIT,
    Capital,
    Effect,
    Level,
    RippleMap,
)

# Characters no one types on purpose, and NUL, which PostgreSQL cannot store.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
WEB_ADDRESS = URLValidator(schemes=["http", "https"])


class RippleError(Exception):
    """A change to a ripple-effects map that its rules do not allow."""


@dataclass
class EffectDetails:
    """What a person says about an effect; every field is checked before it is stored."""

    text: str
    parent: Effect | None = None
    level: int = Level.PARTICIPANTS
    capitals: Iterable[str] = ()
    valence: str = Effect.Valence.POSITIVE
    intended: bool = True
    storyteller: User | None = None
    pseudonym: str = ""
    happened_on: datetime.date | None = None
    evidence: str = ""
    evidence_url: str = ""
    witness: User | None = None


# -- Maps ----------------------------------------------------------------------


@transaction.atomic
def create_map(
    *,
    actor: User,
    community: Community | None,
    title: str,
    centre: str,
    session_date: datetime.date,
    visibility: str = RippleMap.Visibility.COMMUNITY,
    facilitator: User | None = None,
    map_maker: User | None = None,
) -> RippleMap:
    """Start a map for a community you convene, or for the programme if you administer it."""
    _require_creator(actor, community)
    ripple_map = RippleMap(community=community, created_by=actor)
    _fill_map(ripple_map, title, centre, session_date, visibility)
    ripple_map.facilitator = facilitator or actor
    ripple_map.map_maker = map_maker or actor
    ripple_map.save()
    _require_sees_map(ripple_map.facilitator, ripple_map, "facilitator")
    _require_sees_map(ripple_map.map_maker, ripple_map, "map-maker")
    record(actor, "ripples.map_created", ripple_map, community=community and community.pk)
    return ripple_map


@transaction.atomic
def edit_map(
    *,
    actor: User,
    ripple_map: RippleMap,
    title: str,
    centre: str,
    session_date: datetime.date,
    visibility: str,
    facilitator: User,
    map_maker: User,
) -> RippleMap:
    """Change what a map is about, who sees it, and who facilitates and draws it."""
    _require_runner(actor, ripple_map)
    _fill_map(ripple_map, title, centre, session_date, visibility)
    ripple_map.facilitator, ripple_map.map_maker = facilitator, map_maker
    _require_sees_map(facilitator, ripple_map, "facilitator")
    _require_sees_map(map_maker, ripple_map, "map-maker")
    ripple_map.updated_at = timezone.now()
    ripple_map.save()
    record(actor, "ripples.map_edited", ripple_map)
    return ripple_map


@transaction.atomic
def open_session(*, actor: User, ripple_map: RippleMap) -> RippleMap:
    """Open a live mapping session, so participants can add effects from their phones."""
    _require_runner(actor, ripple_map)
    if ripple_map.is_live:
        raise RippleError("The live session is already open.")
    ripple_map.session_opened_at = timezone.now()
    ripple_map.save(update_fields=["session_opened_at"])
    record(actor, "ripples.session_opened", ripple_map)
    return ripple_map


@transaction.atomic
def close_session(*, actor: User, ripple_map: RippleMap) -> RippleMap:
    """Close the live session: participants can no longer add or change effects."""
    _require_runner(actor, ripple_map)
    if not ripple_map.is_live:
        raise RippleError("There is no live session open on this map.")
    ripple_map.session_opened_at = None
    ripple_map.save(update_fields=["session_opened_at"])
    record(actor, "ripples.session_closed", ripple_map)
    return ripple_map


# -- Effects -------------------------------------------------------------------


@transaction.atomic
def add_effect(*, actor: User, ripple_map: RippleMap, details: EffectDetails) -> Effect:
    """Add an effect: placed at once by those who run the map, or waiting for the map-maker."""
    runs_it = ripple_map.is_run_by(actor)
    if not runs_it:
        _require_participant(actor, ripple_map)
    effect = Effect(map=ripple_map, added_by=actor, placed=runs_it)
    _apply(effect, details, _all_fields())
    effect.save()
    record(actor, "ripples.effect_added", effect, map=str(ripple_map.pk), placed=runs_it)
    _ask_witness_on_commit(actor, effect)
    return effect


@transaction.atomic
def edit_effect(
    *, actor: User, effect: Effect, details: EffectDetails, only: Iterable[str] | None = None
) -> Effect:
    """Change an effect: every field, or `only` the fields named."""
    _require_editor(actor, effect)
    witness_before = effect.witness_id
    changed = _all_fields() if only is None else tuple(only)
    _apply(effect, details, changed)
    effect.updated_at = timezone.now()
    effect.save()
    record(actor, "ripples.effect_edited", effect, fields=sorted(changed))
    if effect.witness_id != witness_before:
        _ask_witness_on_commit(actor, effect)
    return effect


@transaction.atomic
def place_effect(*, actor: User, effect: Effect, parent: Effect | None, level: int) -> Effect:
    """Place a participant's effect in the tree, under `parent` (None: the centre)."""
    _require_runner(actor, effect.map)
    effect.placed = True
    _apply(effect, EffectDetails(text=effect.text, parent=parent, level=level), ("parent", "level"))
    effect.updated_at = timezone.now()
    effect.save(update_fields=["placed", "parent", "level", "updated_at"])
    record(actor, "ripples.effect_placed", effect, parent=parent and parent.pk, level=level)
    _ask_witness_on_commit(actor, effect)
    return effect


@transaction.atomic
def merge_effects(*, actor: User, source: Effect, target: Effect) -> Effect:
    """Fold `source` into `target`: one effect told twice becomes one, keeping both tellings."""
    _require_runner(actor, target.map)
    if source.map_id != target.map_id or source.pk == target.pk:
        raise RippleError("Choose a different effect on the same map to merge into.")
    if source.pk in _ancestors(target):
        raise RippleError("An effect cannot be merged into one that grew from it.")
    telling = f"Also told by {source.told_by}: {source.text}"
    evidence = "\n\n".join(part for part in (target.evidence, telling, source.evidence) if part)
    target.evidence = _text(evidence, "merged evidence", EVIDENCE_LIMIT, required=False)
    target.capitals = _capitals([*target.capital_codes, *source.capital_codes])
    target.updated_at = timezone.now()
    target.save(update_fields=["evidence", "capitals", "updated_at"])
    Effect.objects.filter(parent=source).update(parent=target)
    record(actor, "ripples.effects_merged", target, merged=source.pk, text=source.text)
    source.delete()
    return target


@transaction.atomic
def delete_effect(*, actor: User, effect: Effect) -> None:
    """Remove an effect; what grew from it moves up to its parent."""
    _require_editor(actor, effect)
    Effect.objects.filter(parent=effect).update(parent=effect.parent)
    record(actor, "ripples.effect_deleted", effect, text=effect.text)
    effect.delete()


@transaction.atomic
def confirm_effect(*, actor: User, effect: Effect, confirmed: bool, note: str = "") -> Effect:
    """As the named witness, confirm an effect or say that you cannot, with a note."""
    if effect.witness_id != actor.pk:
        raise RippleError("Only the witness named on this effect can confirm it.")
    if not effect.placed:
        raise RippleError("This effect is waiting for the map-maker to place it.")
    status = Effect.Confirmation.CONFIRMED if confirmed else Effect.Confirmation.NOT_CONFIRMED
    effect.confirmation = status
    effect.confirmation_note = _text(note, "note", NOTE_LIMIT, required=False)
    effect.confirmed_at = timezone.now()
    effect.save(update_fields=["confirmation", "confirmation_note", "confirmed_at"])
    record(actor, "ripples.effect_confirmed", effect, confirmation=status)
    return effect


# -- Permissions ---------------------------------------------------------------


def may_create_in(user: User, community: Community | None) -> bool:
    if community is None:
        return bool(user.is_administrator)
    return community.is_led_by(user)


def may_add(user: User, ripple_map: RippleMap, *, runs_it: bool) -> bool:
    return runs_it or (ripple_map.is_live and ripple_map.takes_part(user))


def may_edit(user: User, effect: Effect, *, runs_it: bool) -> bool:
    """Those who run the map; a participant, their own unplaced effect while the session is live."""
    if runs_it:
        return True
    return effect.added_by_id == user.pk and not effect.placed and effect.map.is_live


def sees_map(user: User, ripple_map: RippleMap) -> bool:
    return RippleMap.objects.visible_to(user).filter(pk=ripple_map.pk).exists()


def _require_creator(actor: User, community: Community | None) -> None:
    if not may_create_in(actor, community):
        if community is None:
            raise RippleError("Only administrators start maps of the whole programme.")
        raise RippleError("Only the community's convenors start its ripple maps.")


def _require_runner(actor: User, ripple_map: RippleMap) -> None:
    if not ripple_map.is_run_by(actor):
        raise RippleError("Only the map's facilitator, map-maker and convenors can do that.")


def _require_participant(actor: User, ripple_map: RippleMap) -> None:
    if not ripple_map.is_live:
        raise RippleError("The live session is closed, so effects can no longer be added.")
    if not ripple_map.takes_part(actor):
        raise RippleError("Only the community's members add effects to its map.")


def _require_editor(actor: User, effect: Effect) -> None:
    if not may_edit(actor, effect, runs_it=effect.map.is_run_by(actor)):
        raise RippleError(
            "Only the map-maker can change this effect now; you can change your own "
            "while the live session is open and before it is placed."
        )


def _require_sees_map(person: User, ripple_map: RippleMap, role: str) -> None:
    if not person.is_active or not sees_map(person, ripple_map):
        raise RippleError(f"The {role} must be someone who can see this map.")


# -- Checking what people typed ------------------------------------------------


def _fill_map(
    ripple_map: RippleMap, title: str, centre: str, session_date: datetime.date, visibility: str
) -> None:
    if visibility not in RippleMap.Visibility.values:
        raise RippleError(
            f"“{str(visibility)[:40]}” is not a choice of who sees a map: "
            "choose community or organisation."
        )
    ripple_map.title = _text(title, "title", TITLE_LIMIT)
    ripple_map.centre = _text(centre, "centre", CENTRE_LIMIT)
    ripple_map.session_date = session_date
    ripple_map.visibility = visibility


def _all_fields() -> tuple[str, ...]:
    return tuple(each.name for each in dataclasses.fields(EffectDetails))


def _apply(effect: Effect, details: EffectDetails, names: Iterable[str]) -> None:
    """Check and set the named fields of `effect` from `details`."""
    fields = set(names)
    if "text" in fields:
        effect.text = _text(details.text, "effect", EFFECT_LIMIT)
    if "level" in fields:
        effect.level = _level(details.level)
    if "parent" in fields:
        effect.parent = _parent(effect, details.parent)
    if fields & {"level", "parent"}:
        _require_outward(effect)
    if "capitals" in fields:
        effect.capitals = _capitals(details.capitals)
    if "valence" in fields:
        effect.valence = _choice(details.valence, Effect.Valence, "positive or negative")
    if "intended" in fields:
        effect.intended = bool(details.intended)
    _apply_people(effect, details, fields)
    if "happened_on" in fields:
        effect.happened_on = _happened_on(details.happened_on)
    if "evidence" in fields:
        effect.evidence = _text(details.evidence, "evidence", EVIDENCE_LIMIT, required=False)
    if "evidence_url" in fields:
        effect.evidence_url = _web_address(details.evidence_url)


def _apply_people(effect: Effect, details: EffectDetails, fields: set[str]) -> None:
    if "storyteller" in fields:
        if details.storyteller is not None:
            _require_sees_map(details.storyteller, effect.map, "storyteller")
        effect.storyteller = details.storyteller
    if "pseudonym" in fields:
        effect.pseudonym = _text(details.pseudonym, "pseudonym", NAME_LIMIT, required=False)
    if "witness" in fields and details.witness != effect.witness:
        if details.witness is not None:
            _require_sees_map(details.witness, effect.map, "witness")
        effect.witness = details.witness
        effect.confirmation = Effect.Confirmation.PENDING if details.witness else ""
        effect.confirmation_note, effect.confirmed_at = "", None


def _parent(effect: Effect, parent: Effect | None) -> Effect | None:
    if parent is None:
        return None
    if parent.map_id != effect.map_id:
        raise RippleError("The effect it grew from must be on the same map.")
    if not parent.placed:
        raise RippleError("The effect it grew from has not been placed on the map yet.")
    if effect.pk is not None and effect.pk in {parent.pk, *_ancestors(parent)}:
        raise RippleError("An effect cannot grow from itself or from one that grew from it.")
    return parent


def _ancestors(effect: Effect) -> set[int]:
    """The ids of the effects `effect` grew from, walking the map's tree in one query."""
    parents = dict(Effect.objects.filter(map_id=effect.map_id).values_list("id", "parent_id"))
    seen: set[int] = set()
    current = parents.get(effect.pk)
    while current is not None and current not in seen:
        seen.add(current)
        current = parents.get(current)
    return seen


def _require_outward(effect: Effect) -> None:
    # Ripples spread outwards: an effect sits on its parent's ring or further out.
    if effect.parent is not None and effect.level < effect.parent.level:
        raise RippleError(
            f"This effect grew from one at ripple level {effect.parent.level}, "
            "so it sits at that level or further out."
        )
    if effect.pk is not None and effect.children.filter(level__lt=effect.level).exists():
        raise RippleError(
            "Effects that grew from this one sit closer in; move them out first or "
            "choose a level no further out than theirs."
        )


def _level(level: object) -> int:
    if isinstance(level, bool) or level not in Level.values:
        raise RippleError("Choose a ripple level of 1, 2, 3 or 4.")
    return int(level)


def _capitals(codes: Iterable[str]) -> str:
    codes = set(codes)
    unknown = codes - set(Capital.values)
    if unknown:
        named = ", ".join(sorted(f"“{str(code)[:20]}”" for code in unknown))
        known = ", ".join(Capital.values)
        raise RippleError(f"{named} is not a community capital: choose from {known}.")
    return ",".join(code for code in Capital.values if code in codes)


def _choice(value: str, choices: type[Effect.Valence], words: str) -> str:
    if value not in choices.values:
        raise RippleError(f"“{str(value)[:40]}” is not a choice here: choose {words}.")
    return value


def _happened_on(day: datetime.date | None) -> datetime.date | None:
    if day is not None and day > timezone.localdate():
        raise RippleError("An effect is something that has happened: choose today or earlier.")
    return day


def _web_address(url: str) -> str:
    url = _text(url, "evidence link", URL_LIMIT, required=False)
    if url:
        try:
            WEB_ADDRESS(url)
        except ValidationError:
            message = "The evidence link must be a web address starting https://."
            raise RippleError(message) from None
    return url


def _text(value: str, what: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if CONTROL_CHARACTERS.search(value):
        raise RippleError(f"The {what} contains control characters; remove them.")
    if required and not value:
        raise RippleError(f"The {what} cannot be empty.")
    if len(value) > limit:
        raise RippleError(f"The {what} can be at most {limit:,} characters long.")
    return value


# -- Telling the witness -------------------------------------------------------


def _ask_witness_on_commit(actor: User, effect: Effect) -> None:
    pending = effect.confirmation == Effect.Confirmation.PENDING
    if effect.placed and effect.witness is not None and pending:
        transaction.on_commit(lambda: _ask_witness(actor, effect))


def _ask_witness(actor: User, effect: Effect) -> None:
    assert effect.witness is not None
    notify(
        recipient=effect.witness,
        actor=actor,
        kind=Notification.Kind.RIPPLE,
        message=f"Can you confirm an effect on the ripple map “{effect.map.title}”?",
        url=effect.get_absolute_url(),
        key=f"ripple-witness:{effect.pk}:{effect.witness.pk}",
        community=effect.map.community,
    )

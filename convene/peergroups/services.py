"""Workflows of peer-group rounds: start, form in the background, adjust, publish; group spaces.

A round moves FORMING -> READY (or FAILED) -> PUBLISHED. Forming runs as a
background task that reports its phase for the progress bar; adjusting and
publishing lock the round's row, so a move can never land in a round that is
being formed again or has just been published.
"""

from __future__ import annotations

import datetime
import itertools
import logging
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from convene.audit.models import record
from convene.communities.models import Community, Membership
from convene.grouping import GroupingError, solve
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.peergroups import tasks
from convene.peergroups.diversity import Profile, distance_matrix, group_diversity, listed
from convene.peergroups.models import (
    MESSAGE_LIMIT,
    WEIGHT_MAX,
    Availability,
    DiversityWeights,
    GroupMember,
    GroupMessage,
    MeetingProposal,
    PeerGroup,
    Round,
)
from convene.peergroups.profiles import profiles_of, with_profiles
from convene.people.models import User, UserQuerySet

DEFAULT_SIZES = {
    Round.Kind.TRIAD: (3, 4),
    Round.Kind.LEARNING_SET: (4, 6),
    Round.Kind.PROJECT_TEAM: (4, 7),
}
MAX_RECENT_ROUNDS = 10

logger = logging.getLogger(__name__)


class PeerGroupError(Exception):
    """A change to peer groups that the rules do not allow; the message says why."""


def participants(communities: Iterable[Community]) -> UserQuerySet:
    """The active people who are current members of any of the communities, each once."""
    members = Membership.objects.current().filter(community__in=list(communities))
    return User.objects.active().filter(pk__in=members.values("user"))


def group_count(people: int, min_size: int, max_size: int) -> int:
    """As many groups as the fewest size allows; explain when no split fits the bounds."""
    if min_size < 2 or max_size < min_size:
        raise PeerGroupError("Groups need at least 2 people, and the most at least the fewest.")
    if people < min_size:
        raise PeerGroupError(
            f"There are {people} people to group, fewer than the {min_size} one group needs."
        )
    groups = people // min_size
    if groups * max_size < people:
        raise PeerGroupError(
            f"{people} people cannot be split into groups of {_sizes(min_size, max_size)}: "
            f"{groups} groups hold at most {groups * max_size}. "
            f"Allow groups of up to {-(-people // groups)} people."
        )
    return groups


def search_seconds(people: int) -> float:
    """How long the search may run: longer for larger rounds, within the configured cap."""
    return min(float(settings.PEERGROUPS_SEARCH_SECONDS), max(1.0, people / 400))


@transaction.atomic
def start_round(
    *,
    actor: User,
    title: str,
    kind: str,
    communities: Sequence[Community],
    min_size: int | None = None,
    max_size: int | None = None,
    avoid_line_managers: bool = True,
    avoid_recent_rounds: int = 2,
) -> Round:
    """Create a round over the members of communities the actor leads, and start forming it.

    Sizes left out take the usual ones for the kind of group (DEFAULT_SIZES).
    """
    title = title.strip()
    if not title:
        raise PeerGroupError("Give the round a title.")
    if kind not in Round.Kind.values:
        raise PeerGroupError("Choose triads, action learning sets or project teams.")
    if not communities:
        raise PeerGroupError("Choose at least one community.")
    usual_min, usual_max = DEFAULT_SIZES[Round.Kind(kind)]
    min_size = min_size or usual_min
    max_size = max_size or max(usual_max, min_size)
    _check_leads(actor, communities)
    if not 0 <= avoid_recent_rounds <= MAX_RECENT_ROUNDS:
        raise PeerGroupError(f"Look back over 0 to {MAX_RECENT_ROUNDS} earlier rounds.")
    group_count(participants(communities).count(), min_size, max_size)
    round = Round.objects.create(
        title=title,
        kind=kind,
        min_size=min_size,
        max_size=max_size,
        avoid_line_managers=avoid_line_managers,
        avoid_recent_rounds=avoid_recent_rounds,
        weights=DiversityWeights.current().as_dict(),
        seed=random.SystemRandom().randrange(2**31),
        created_by=actor,
    )
    round.communities.set(communities)
    record(actor, "peergroups.round_started", round, communities=[c.slug for c in communities])
    _enqueue_forming(round)
    return round


@transaction.atomic
def reform_round(*, actor: User, round: Round) -> Round:
    """Form the round again with a new seed, keeping everyone placed by hand where they are."""
    round = _locked(round)
    if round.status not in (Round.Status.READY, Round.Status.FAILED):
        raise PeerGroupError(
            f"A round that is {round.get_status_display().lower()} cannot be formed again."
        )
    round.status, round.phase, round.failure = Round.Status.FORMING, Round.Phase.WAITING, ""
    round.seed = (round.seed + 1) % 2**31
    round.save(update_fields=["status", "phase", "failure", "seed"])
    record(actor, "peergroups.round_reformed", round)
    _enqueue_forming(round)
    return round


@transaction.atomic
def discard_round(*, actor: User, round: Round) -> None:
    """Delete a round that has not been published, with its draft groups."""
    round = _locked(round)
    if round.is_published:
        raise PeerGroupError("A published round cannot be discarded: its groups are meeting.")
    record(actor, "peergroups.round_discarded", round, title=round.title)
    round.delete()


@transaction.atomic
def publish_round(*, actor: User, round: Round) -> Round:
    """Publish the groups: each member sees theirs and hears about it."""
    round = _locked(round)
    if round.status != Round.Status.READY:
        raise PeerGroupError(
            f"Only a round ready to review can be published; this one is "
            f"{round.get_status_display().lower()}."
        )
    _check_everyone_still_belongs(round)
    round.status, round.published_at, round.published_by = (
        Round.Status.PUBLISHED,
        timezone.now(),
        actor,
    )
    round.save(update_fields=["status", "published_at", "published_by"])
    record(actor, "peergroups.round_published", round, groups=round.groups.count())
    round_id = str(round.pk)
    transaction.on_commit(lambda: tasks.announce_round.enqueue(round_id))
    return round


@transaction.atomic
def move_person(*, actor: User, round: Round, person: User, to_number: int) -> Round:
    """Move one person to another group, within the size bounds, and pin them there."""
    round = _locked(round)
    _check_adjustable(round)
    place = _place_of(round, person)
    target = round.groups.filter(number=to_number).first()
    if target is None:
        raise PeerGroupError(
            f"There is no group {to_number}; groups run from 1 to {round.groups.count()}."
        )
    if target.pk == place.group_id:
        raise PeerGroupError(f"{person} is already in group {to_number}.")
    source = place.group
    if target.memberships.count() >= round.max_size:
        raise PeerGroupError(
            f"Group {to_number} already has {round.max_size} people, the most this round "
            f"allows. Swap two people instead."
        )
    if source.memberships.count() <= round.min_size:
        raise PeerGroupError(
            f"Moving {person} would leave group {source.number} with fewer than "
            f"{round.min_size} people. Swap two people instead."
        )
    place.group, place.pinned = target, True
    place.save(update_fields=["group", "pinned"])
    _rescore(round, [source, target])
    record(actor, "peergroups.person_moved", round, person=person.pk, to_group=to_number)
    return round


@transaction.atomic
def swap_people(*, actor: User, round: Round, first: User, second: User) -> Round:
    """Swap two people between their groups and pin both."""
    round = _locked(round)
    _check_adjustable(round)
    one, other = _place_of(round, first), _place_of(round, second)
    if one.group_id == other.group_id:
        raise PeerGroupError(f"{first} and {second} are already in the same group.")
    groups = [one.group, other.group]
    one.group, other.group = other.group, one.group
    one.pinned = other.pinned = True
    GroupMember.objects.bulk_update([one, other], ["group", "pinned"])
    _rescore(round, groups)
    record(actor, "peergroups.people_swapped", round, people=[first.pk, second.pk])
    return round


def form_round(round_id: str, *, max_trials: int | None = None) -> None:
    """Form a waiting round's groups: read profiles, search, save. Safe to run twice.

    `max_trials` stops the search after that many trials instead of at the time
    limit, which makes the result reproducible (the demo uses it). Whatever goes
    wrong, the round ends up failed with a reason, never stuck forming.
    """
    round = Round.objects.filter(pk=round_id, status=Round.Status.FORMING).first()
    if round is None:
        return
    try:
        _form(round, max_trials)
    except (PeerGroupError, GroupingError) as error:
        _fail(round, str(error))
    except Exception:
        logger.exception("Forming round %s failed", round.pk)
        _fail(round, _BROKEN)


def _form(round: Round, max_trials: int | None) -> None:
    started = time.perf_counter()
    _set_phase(round, Round.Phase.LOADING)
    people = list(with_profiles(participants(round.communities.all())).order_by("pk"))
    groups = group_count(len(people), round.min_size, round.max_size)
    index = {person.pk: i for i, person in enumerate(people)}
    pinned = {pk: n for pk, n in _pinned_numbers(round, groups).items() if pk in index}
    profiles = profiles_of(people, timezone.localdate())
    apart = _pairs_kept_apart(round, people)
    _check_pins(people, pinned, apart)
    matrix = distance_matrix([profiles[p.pk] for p in people], round.weights)
    round.solve_seconds = search_seconds(len(people))
    loaded = time.perf_counter()
    _set_phase(round, Round.Phase.SOLVING)
    solution = solve(
        matrix,
        [round.min_size] * groups,
        [round.max_size] * groups,
        time_limit=round.solve_seconds,
        seed=round.seed,
        forbidden=[(index[a], index[b]) for a, b in apart],
        fixed={index[pk]: number - 1 for pk, number in pinned.items()},
        max_trials=max_trials,
    )
    if not solution.feasible:
        raise PeerGroupError(_UNSATISFIABLE)
    searched = time.perf_counter()
    _set_phase(round, Round.Phase.SAVING)
    members = [[people[i] for i in group] for group in solution.groups]
    _save_groups(round, members, profiles, set(pinned))
    logger.info(
        "Formed round %s: %d people in %d groups; %.1f s reading, %.1f s searching, %.1f s saving",
        round.pk,
        len(people),
        groups,
        loaded - started,
        searched - loaded,
        time.perf_counter() - searched,
    )


def announcement(round: Round, number: int, others: list[str]) -> str:
    """What publishing tells each member: "Winter triads: you are in group 3, with A and B."."""
    return f"{round.title}: you are in group {number}, with {listed(others)}."


def announce_round(round_id: str) -> None:
    """Tell each member of a published round which group they are in, and with whom."""
    round = Round.objects.filter(pk=round_id, status=Round.Status.PUBLISHED).first()
    if round is None:
        return
    places = round.placements.select_related("user", "group").order_by("group__number")
    for group, group_places in itertools.groupby(places, key=lambda place: place.group):
        members = [place.user for place in group_places]
        for person in members:
            others = [other.full_name for other in members if other.pk != person.pk]
            notify(
                recipient=person,
                actor=round.published_by,
                kind=Notification.Kind.PEER_GROUP,
                message=announcement(round, group.number, others),
                url=group.get_absolute_url(),
                key=f"peergroup:{group.pk}",
            )


_BROKEN = (
    "Something went wrong while forming the groups. Form the round again; if it fails "
    "again, tell an administrator."
)
_UNSATISFIABLE = (
    "Convene could not keep apart everyone who must be kept apart (line managers and their "
    "reports, and people who shared a group in recent rounds). Allow larger groups, look "
    "back over fewer rounds, or unpin people placed by hand."
)


@transaction.atomic
def set_weights(*, actor: User, weights: dict[str, int]) -> DiversityWeights:
    """Set how much each difference between people counts in rounds formed from now on."""
    if not actor.is_administrator:
        raise PeerGroupError("Only administrators set the organisation's diversity weights.")
    if set(weights) != set(DiversityWeights.FEATURES):
        raise PeerGroupError("Give a weight for each of: " + ", ".join(DiversityWeights.FEATURES))
    if any(not 0 <= value <= WEIGHT_MAX for value in weights.values()):
        raise PeerGroupError(f"Each weight is a whole number from 0 to {WEIGHT_MAX}.")
    if not any(weights.values()):
        raise PeerGroupError("At least one difference must count.")
    current = DiversityWeights.objects.select_for_update().get(pk=DiversityWeights.current().pk)
    for name, value in weights.items():
        setattr(current, name, value)
    current.updated_by = actor
    current.save()
    record(actor, "peergroups.weights_set", current, **weights)
    return current


@transaction.atomic
def post_message(*, actor: User, group: PeerGroup, body: str) -> GroupMessage:
    """Write in a group's private space."""
    _check_member(actor, group)
    body = body.strip()
    if not body:
        raise PeerGroupError("Write something before sending.")
    if len(body) > MESSAGE_LIMIT:
        raise PeerGroupError(f"Keep a message to {MESSAGE_LIMIT:,} characters.")
    return GroupMessage.objects.create(group=group, author=actor, body=body)


@transaction.atomic
def propose_meeting(
    *, actor: User, group: PeerGroup, starts_at: datetime.datetime, minutes: int, place: str
) -> MeetingProposal:
    """Suggest a time for the group to meet; the proposer is taken to be free then."""
    _check_member(actor, group)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if starts_at <= timezone.now():
        raise PeerGroupError("Suggest a time in the future.")
    if not 15 <= minutes <= 480:
        raise PeerGroupError("A meeting lasts from 15 minutes to 8 hours.")
    proposal = MeetingProposal.objects.create(
        group=group, proposed_by=actor, starts_at=starts_at, minutes=minutes, place=place.strip()
    )
    Availability.objects.create(proposal=proposal, user=actor, answer=Availability.Answer.YES)
    return proposal


@transaction.atomic
def answer_proposal(*, actor: User, proposal: MeetingProposal, answer: str) -> Availability:
    """Say whether a proposed time suits you; answering again changes your answer."""
    _check_member(actor, proposal.group)
    if answer not in Availability.Answer.values:
        raise PeerGroupError("Answer yes, maybe or no.")
    availability, _ = Availability.objects.update_or_create(
        proposal=proposal, user=actor, defaults={"answer": answer}
    )
    return availability


@transaction.atomic
def confirm_meeting(*, actor: User, proposal: MeetingProposal) -> MeetingProposal:
    """Settle on a proposed time; the group's page shows it as the next meeting."""
    _check_member(actor, proposal.group)
    if proposal.starts_at <= timezone.now():
        raise PeerGroupError("This time has passed; suggest a new one.")
    updated = MeetingProposal.objects.filter(pk=proposal.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    if not updated:
        raise PeerGroupError("This time is already confirmed.")
    proposal.refresh_from_db(fields=["confirmed_at"])
    return proposal


def participant(round: Round, handle: str) -> User:
    """The person in the round with this handle, for moves and swaps named by handle."""
    place = round.placements.select_related("user").filter(user__handle=handle).first()
    if place is None:
        raise PeerGroupError(f"No one with the handle “{handle}” is in this round.")
    return place.user


def _check_everyone_still_belongs(round: Round) -> None:
    gone = round.placements.exclude(user__in=participants(round.communities.all()))
    names = list(gone.values_list("user__full_name", flat=True)[:5])
    if names:
        raise PeerGroupError(
            f"{listed(names)} no longer {'belongs' if len(names) == 1 else 'belong'} to the "
            "round's communities. Form the round again so that the groups leave them out."
        )


def _check_leads(actor: User, communities: Sequence[Community]) -> None:
    if actor.is_administrator:
        return
    led = set(Community.objects.led_by(actor).values_list("pk", flat=True))
    not_led = [c.name for c in communities if c.pk not in led]
    if not_led:
        raise PeerGroupError(
            "You can form groups only in communities you convene; you do not convene "
            + ", ".join(not_led)
            + "."
        )


def _check_member(actor: User, group: PeerGroup) -> None:
    if not PeerGroup.objects.of_member(actor).filter(pk=group.pk).exists():
        raise PeerGroupError("Only the group's members take part in its space.")


def _check_adjustable(round: Round) -> None:
    if not round.can_adjust:
        raise PeerGroupError(
            f"Groups can be adjusted only while the round is ready to review; this one is "
            f"{round.get_status_display().lower()}."
        )


def _locked(round: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round.pk)


def _place_of(round: Round, person: User) -> GroupMember:
    place = round.placements.select_related("group").filter(user=person).first()
    if place is None:
        raise PeerGroupError(f"{person} is not in this round.")
    return place


def _rescore(round: Round, groups: Sequence[PeerGroup]) -> None:
    members = GroupMember.objects.filter(group__in=groups).select_related("user")
    people = with_profiles(User.objects.filter(pk__in=members.values("user")))
    profiles = profiles_of(people, timezone.localdate())
    by_group: dict[object, list[int]] = defaultdict(list)
    for place in members:
        by_group[place.group_id].append(place.user_id)
    for group in groups:
        old = group.score
        group.score = group_diversity([profiles[pk] for pk in by_group[group.pk]], round.weights)
        group.save(update_fields=["score"])
        round.score = (round.score or 0.0) + group.score - old
    round.save(update_fields=["score"])


def _enqueue_forming(round: Round) -> None:
    round_id = str(round.pk)
    transaction.on_commit(lambda: tasks.form_round.enqueue(round_id))


def _set_phase(round: Round, phase: str) -> None:
    round.phase, round.phase_started_at = phase, timezone.now()
    Round.objects.filter(pk=round.pk).update(
        phase=phase, phase_started_at=round.phase_started_at, solve_seconds=round.solve_seconds
    )


def _fail(round: Round, message: str) -> None:
    Round.objects.filter(pk=round.pk, status=Round.Status.FORMING).update(
        status=Round.Status.FAILED, phase=Round.Phase.DONE, failure=message[:500]
    )


def _pinned_numbers(round: Round, groups: int) -> dict[int, int]:
    """People placed by hand in an earlier formation, by group number, if that group remains."""
    pinned = round.placements.filter(pinned=True, group__number__lte=groups)
    return dict(pinned.values_list("user_id", "group__number"))


def _pairs_kept_apart(round: Round, people: Sequence[User]) -> set[tuple[int, int]]:
    ids = {person.pk for person in people}
    pairs: set[tuple[int, int]] = set()
    if round.avoid_line_managers:
        pairs |= {
            _pair(person.pk, person.line_manager_id)
            for person in people
            if person.line_manager_id in ids
        }
    recent = (
        Round.objects.filter(status=Round.Status.PUBLISHED, communities__in=round.communities.all())
        .exclude(pk=round.pk)
        .order_by("-published_at")
        .values_list("pk", flat=True)
        .distinct()[: round.avoid_recent_rounds]
    )
    if round.avoid_recent_rounds:
        together: dict[object, list[int]] = defaultdict(list)
        places = GroupMember.objects.filter(round__in=list(recent), user__in=ids)
        for group_id, user_id in places.values_list("group_id", "user_id"):
            together[group_id].append(user_id)
        for members in together.values():
            pairs |= {_pair(a, b) for a, b in itertools.combinations(members, 2)}
    return pairs


def _pair(a: int, b: int | None) -> tuple[int, int]:
    assert b is not None
    return (min(a, b), max(a, b))


def _check_pins(
    people: Sequence[User], pinned: dict[int, int], apart: set[tuple[int, int]]
) -> None:
    names = {person.pk: person.full_name for person in people}
    for a, b in apart:
        if a in pinned and pinned.get(b) == pinned[a]:
            raise PeerGroupError(
                f"{names[a]} and {names[b]} are both placed by hand in group {pinned[a]}, but "
                f"must be kept apart. Move one of them, then form the round again."
            )


def _save_groups(
    round: Round,
    members: list[list[User]],
    profiles: dict[int, Profile],
    pinned: set[int],
) -> None:
    """Replace the round's groups with these, scored exactly, unless it stopped forming."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().filter(pk=round.pk).first()
        if locked is None or locked.status != Round.Status.FORMING:
            return
        locked.groups.all().delete()
        groups, places = [], []
        for number, people in enumerate(members, start=1):
            score = group_diversity([profiles[p.pk] for p in people], locked.weights)
            group = PeerGroup(round=locked, number=number, score=score)
            groups.append(group)
            places += [
                GroupMember(round=locked, group=group, user=p, pinned=p.pk in pinned)
                for p in people
            ]
        PeerGroup.objects.bulk_create(groups, batch_size=1000)
        GroupMember.objects.bulk_create(places, batch_size=2000)
        locked.status, locked.phase = Round.Status.READY, Round.Phase.DONE
        locked.score, locked.formed_at = sum(g.score for g in groups), timezone.now()
        locked.save(update_fields=["status", "phase", "score", "formed_at"])


def _sizes(min_size: int, max_size: int) -> str:
    return f"exactly {min_size}" if min_size == max_size else f"{min_size} to {max_size}"

"""Decide which survey aggregates may be shown without exposing a small group.

Pure Python and numpy with no Django import, so the rules can be read,
tested and audited on their own. The Django layer passes in anonymous
response rows (an answer, the respondent's groups at the time, and the
snapshot in which the response arrived) and shows only what comes back.

Attacker model. Someone who sees every page, export and API response, across
every breakdown and every snapshot, and who knows the organisation's
directory (who belongs to which community, function, level, site and tenure
band, and when people answered), but who cannot read the database. They may
add and subtract any released figures in any combination. The guarantee:
no linear combination of released figures yields the count, sum, mean or
distribution of a group of between 1 and ``minimum - 1`` respondents.

Rules.

1. Threshold (:class:`Policy`). No figure describes fewer than ``minimum``
   respondents (default 5, set per organisation, never below 3). Free text
   needs ``free_text_minimum`` (default 10, never below ``minimum``).
2. Primary suppression. A cell with fewer than ``minimum`` respondents is
   hidden ("below threshold"); so is the whole question when its total is.
3. Complementary suppression. The total of a breakdown is released, so
   "total minus the visible cells" is an attacker's first move. Within a
   breakdown, the hidden part must hold 0 or at least ``minimum``
   respondents; further cells are hidden, smallest first, until it does.
4. Snapshots. Responses accumulate and figures are shown per snapshot. A
   figure (a cell or the total) is re-released only when at least
   ``minimum`` respondents have arrived since it was last released
   (:func:`may_rerelease`); otherwise the previous figure stands, marked
   "held" with the snapshot it dates from. A held cell's new arrivals count
   as hidden for rule 3.
5. Audit across breakdowns and snapshots. Rules 2-4 work one breakdown at a
   time. Because the attacker also sees the other dimensions and earlier
   snapshots (a site may sit wholly inside one community; a group hidden
   together last month may be shown cell by cell this month), every
   snapshot is then checked against everything released before it
   (:func:`find_disclosure`): respondents are grouped into atoms that no
   released figure tells apart, and any union of atoms smaller than
   ``minimum`` that lies in the linear span of the released groups is a
   disclosure. Newly released cells are held or hidden, smallest first,
   until none is left. The check is exact for the linear attacker above; its
   cost grows with the number of small atoms (as their count to the power
   ``minimum // 2``), so the caller computes a snapshot once, when it falls
   due, and stores it.
6. Distributions. The distribution of answers (how many chose each point of
   a 1-5 or 1-7 scale) is released for a shown cell only, and only whole: it
   is an aggregate over the same group of at least ``minimum`` people as the
   count and mean, and rules 3-5 protect every figure computed over a group,
   so a per-point count below ``minimum`` inside a shown cell is allowed, as
   in the distribution views of common survey products. A unanimous cell
   reveals that everyone in it gave the same answer, as its mean would.
7. Free text. Comments are released only for a group of at least
   ``free_text_minimum``, in shuffled order, without the respondents'
   scores or groups (:func:`release_free_text`). Per cell, the same
   complementary rule applies at that threshold (:func:`free_text_cells`),
   and so does the snapshot rule: new comments appear only once at least
   ``free_text_minimum`` have arrived since the last release, since a list
   that grows by one comment shows which comment is new.

Out of scope. Intersections of two dimensions (community by level, say)
are never released, so they are not modelled here. Answers are assumed only
to accumulate: a withdrawn response would need the figures it contributed
to be held, which the caller must arrange.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import numpy as np

ABSOLUTE_MINIMUM = 3
TOTAL = ""


@dataclass(frozen=True)
class Policy:
    """An organisation's anonymity thresholds."""

    minimum: int = 5
    free_text_minimum: int = 10

    def __post_init__(self) -> None:
        if self.minimum < ABSOLUTE_MINIMUM:
            raise ValueError(
                f"The smallest group a result may describe is {ABSOLUTE_MINIMUM} people; "
                f"{self.minimum} is too small."
            )
        if self.free_text_minimum < self.minimum:
            raise ValueError(
                f"Free text needs at least as many respondents as scores ({self.minimum}); "
                f"{self.free_text_minimum} is too small."
            )


@dataclass(frozen=True)
class Tally:
    """The aggregate of one group's answers on a 1..scale rating question."""

    count: int
    total: int
    distribution: tuple[int, ...]

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


def tally(answers: Iterable[int], scale: int = 5) -> Tally:
    """Count, sum and distribute answers on a 1..scale question."""
    distribution = [0] * scale
    for answer in answers:
        if not 1 <= answer <= scale:
            raise ValueError(f"An answer must be between 1 and {scale}, not {answer}.")
        distribution[answer - 1] += 1
    total = sum((point + 1) * n for point, n in enumerate(distribution))
    return Tally(sum(distribution), total, tuple(distribution))


@dataclass(frozen=True)
class Response:
    """One anonymous answer, the respondent's groups, and the snapshot it arrived in.

    ``groups`` names a value for every dimension broken down; a respondent
    who gave none belongs to a "not stated" cell, so that the cells of each
    breakdown add up to the total.
    """

    answer: int
    groups: Mapping[str, str]
    period: int


Status = Literal["shown", "held", "hidden"]


@dataclass(frozen=True)
class Figure:
    """What a viewer may see for the total (dimension "") or one cell of a breakdown."""

    dimension: str
    cell: str
    status: Status
    tally: Tally | None = None
    as_of: int | None = None


@dataclass(frozen=True)
class Snapshot:
    """Every figure released for one question at one snapshot."""

    period: int
    figures: tuple[Figure, ...]

    @property
    def total(self) -> Figure:
        return next(f for f in self.figures if f.dimension == TOTAL)

    def breakdown(self, dimension: str) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if f.dimension == dimension)


def may_rerelease(released_counts: Sequence[int], count: int, minimum: int) -> bool:
    """Say whether a figure with ``count`` respondents may replace its released history.

    ``released_counts`` lists the counts at which the figure was released
    before, oldest first. A first release needs ``minimum`` respondents; a
    later one needs ``minimum`` new respondents since the last release.
    """
    last = released_counts[-1] if released_counts else 0
    return count - last >= minimum


def keep_shown(deltas: Mapping[str, int], candidates: Iterable[str], minimum: int) -> set[str]:
    """Return the candidate cells that may be shown once complementary suppression is done.

    ``deltas`` holds, for every cell of a breakdown, the respondents a viewer
    cannot yet see in it (its whole count if never shown, its arrivals since
    the figure that stands otherwise). Cells not shown pool their deltas into
    the hidden part, which must end at 0 or at least ``minimum``; further
    candidates join it, smallest first, until it does.
    """
    shown = set(candidates)
    hidden = sum(n for cell, n in deltas.items() if cell not in shown)
    for cell in sorted(shown, key=lambda c: (deltas[c], c)):
        if hidden == 0 or hidden >= minimum:
            break
        shown.discard(cell)
        hidden += deltas[cell]
    return shown


def suppress_breakdown(counts: Mapping[str, int], policy: Policy) -> set[str]:
    """Return the cells of a one-off breakdown that may be shown (primary and complementary)."""
    if sum(counts.values()) < policy.minimum:
        return set()
    primary = {cell for cell, n in counts.items() if n >= policy.minimum}
    return keep_shown(counts, primary, policy.minimum)


def find_disclosure(groups: Sequence[frozenset[int]], minimum: int) -> frozenset[int] | None:
    """Return a group of 1..minimum-1 respondents derivable from the released groups, if any.

    Respondents are numbered; each released figure covers a set of them.
    Respondents no figure tells apart form an atom. A union of atoms is
    derivable exactly when its indicator is orthogonal to the null space of
    the groups-by-atoms matrix, that is when the atoms' null-space rows sum
    to zero. Unions of small atoms are found by meeting in the middle on a
    random projection of those rows, and every match is checked in full.
    """
    atoms: dict[tuple[int, ...], list[int]] = {}
    for member in sorted(frozenset().union(*groups)):
        signature = tuple(i for i, group in enumerate(groups) if member in group)
        atoms.setdefault(signature, []).append(member)
    if not atoms:
        return None
    members = list(atoms.values())
    matrix = np.array([[1.0 if i in sig else 0.0 for sig in atoms] for i in range(len(groups))])
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * singular[0]).sum())
    null = vt[rank:].T
    probe = null @ np.random.default_rng(0).standard_normal(null.shape[1])
    small = [a for a, m in enumerate(members) if len(m) < minimum]
    halves = sorted(_halves(small, members, minimum), key=lambda h: probe[list(h)].sum())
    sums = [float(probe[list(h)].sum()) for h in halves]
    for half in halves:
        target = -float(probe[list(half)].sum())
        lo, hi = bisect_left(sums, target - 1e-7), bisect_right(sums, target + 1e-7)
        for other in halves[lo:hi]:
            union = set(half) | set(other)
            size = sum(len(members[a]) for a in union)
            if not union or set(half) & set(other) or size >= minimum:
                continue
            if np.abs(null[sorted(union)].sum(axis=0)).max(initial=0.0) < 1e-7:
                return frozenset(m for a in union for m in members[a])
    return None


def _halves(small: list[int], members: list[list[int]], minimum: int) -> Iterable[tuple[int, ...]]:
    """Yield the sets of up to half of minimum-1 small atoms that hold fewer than minimum."""
    for size in range(minimum // 2 + 1):
        for pick in combinations(small, size):
            if sum(len(members[a]) for a in pick) < minimum:
                yield pick


@dataclass
class _Candidate:
    dimension: str
    cell: str
    members: frozenset[int]
    delta: int


def release_history(
    responses: Sequence[Response],
    dimensions: Sequence[str],
    periods: int,
    policy: Policy,
    scale: int = 5,
) -> list[Snapshot]:
    """Release a rating question's total and one-dimension breakdowns at each snapshot.

    Snapshot ``t`` covers the responses with ``period <= t``. The result for
    a snapshot depends only on those responses, so recomputing the history
    later reproduces every figure already shown.
    """
    released: dict[tuple[str, str], tuple[int, frozenset[int]]] = {}
    public: list[frozenset[int]] = []
    snapshots = []
    for period in range(periods):
        present = [i for i, r in enumerate(responses) if r.period <= period]
        cells = _cells(responses, present, dimensions)
        fresh = _propose(cells, released, dimensions, policy.minimum)
        fresh = _audit(fresh, public, policy.minimum)
        for c in fresh:
            released[(c.dimension, c.cell)] = (period, c.members)
            public.append(c.members)
        snapshots.append(Snapshot(period, _figures(cells, released, responses, scale)))
    return snapshots


def _cells(
    responses: Sequence[Response], present: list[int], dimensions: Sequence[str]
) -> dict[tuple[str, str], frozenset[int]]:
    cells: dict[tuple[str, str], set[int]] = {(TOTAL, TOTAL): set(present)}
    for i in present:
        for dimension in dimensions:
            cells.setdefault((dimension, responses[i].groups[dimension]), set()).add(i)
    return {key: frozenset(members) for key, members in cells.items()}


def _propose(
    cells: Mapping[tuple[str, str], frozenset[int]],
    released: Mapping[tuple[str, str], tuple[int, frozenset[int]]],
    dimensions: Sequence[str],
    minimum: int,
) -> list[_Candidate]:
    """Apply the threshold, the snapshot rule and complementary suppression per breakdown."""

    def history(key: tuple[str, str]) -> list[int]:
        return [len(released[key][1])] if key in released else []

    def delta(key: tuple[str, str]) -> int:
        return len(cells[key]) - sum(history(key))

    def due(key: tuple[str, str]) -> bool:
        return may_rerelease(history(key), len(cells[key]), minimum)

    total = (TOTAL, TOTAL)
    if not due(total):
        return []
    proposed = [_Candidate(TOTAL, TOTAL, cells[total], delta(total))]
    for dimension in dimensions:
        deltas = {cell: delta((d, cell)) for d, cell in cells if d == dimension}
        candidates = [cell for cell in deltas if due((dimension, cell))]
        for cell in sorted(keep_shown(deltas, candidates, minimum)):
            key = (dimension, cell)
            proposed.append(_Candidate(dimension, cell, cells[key], deltas[cell]))
    return proposed


def _audit(fresh: list[_Candidate], public: list[frozenset[int]], minimum: int) -> list[_Candidate]:
    """Hold or hide new figures, smallest first, until nothing small can be derived."""
    while fresh:
        leak = find_disclosure(public + [c.members for c in fresh], minimum)
        if leak is None:
            break
        cells = [c for c in fresh if c.dimension != TOTAL]
        if not cells:
            return []
        # Prefer a figure that covers part of the leak; a leak left by subtraction
        # from the total may touch none, and then any cell may close it.
        cells = [c for c in cells if c.members & leak] or cells
        drop = min(cells, key=lambda c: (c.delta, c.dimension, c.cell))
        fresh = [c for c in fresh if c is not drop]
    return fresh


def _figures(
    cells: Mapping[tuple[str, str], frozenset[int]],
    released: Mapping[tuple[str, str], tuple[int, frozenset[int]]],
    responses: Sequence[Response],
    scale: int,
) -> tuple[Figure, ...]:
    figures = []
    for key, members in sorted(cells.items()):
        if key not in released:
            figures.append(Figure(key[0], key[1], "hidden"))
            continue
        as_of, shown = released[key]
        status: Status = "shown" if shown == members else "held"
        answers = (responses[i].answer for i in shown)
        figures.append(Figure(key[0], key[1], status, tally(answers, scale), as_of))
    return tuple(figures)


def free_text_cells(counts: Mapping[str, int], policy: Policy) -> set[str]:
    """Return the cells of a breakdown whose comments may be shown, by the free-text threshold."""
    if sum(counts.values()) < policy.free_text_minimum:
        return set()
    primary = {cell for cell, n in counts.items() if n >= policy.free_text_minimum}
    return keep_shown(counts, primary, policy.free_text_minimum)


def release_free_text(
    texts: Sequence[str], policy: Policy, rng: random.Random | None = None
) -> list[str]:
    """Return a group's comments, shuffled, or none when the group is too small.

    The caller passes only the comments' text, so nothing links a comment to
    a score, a group or the order of arrival; the shuffle uses the system's
    random source unless a generator is given.
    """
    if len(texts) < policy.free_text_minimum:
        return []
    shuffled = list(texts)
    (rng or random.SystemRandom()).shuffle(shuffled)
    return shuffled

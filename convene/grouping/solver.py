"""Solve the Maximally Diverse Grouping Problem by iterated maxima search.

After Lai and Hao (2016): descend with insert and swap moves whose gains come from
an m x n gain matrix, perturb the local optimum weakly and descend again while
that finds better optima, then perturb it strongly and go on from there.
Forbidden pairs carry a penalty larger than any objective, so the search leaves
them whenever it can; fixed elements never move.

At n = 10,000 the m x n gain matrix (float64) and, with forbidden pairs, a
penalised copy of the distances are the memory; float32 distances are used as
given, halving the copy. The kernels read the clock during long descents, so the
time limit holds even when the first descent alone would take longer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from convene.grouping import kernels
from convene.grouping.errors import GroupingError

_log = logging.getLogger(__name__)

# The driver adapts the trials per kernel call so that a call takes about
# CALL_SECONDS; the kernels also read the clock themselves during long descents.
CALL_SECONDS = 0.01
# Weak-perturbation trials without improvement before a strong perturbation.
PATIENCE = 10
# Most random moves in a strong perturbation (15% of n up to n = 1,000).
STRENGTH_CAP = 150


@dataclass(frozen=True)
class Solution:
    """The best grouping found: objective, groups of 0-based indices, time, feasibility."""

    objective: float
    groups: list[list[int]]
    seconds: float
    feasible: bool


@dataclass
class _Problem:
    distances: np.ndarray
    search_distances: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    forbidden: list[tuple[int, int]]
    fixed: dict[int, int]
    largest: float


def solve(
    distances: np.ndarray,
    lower: Sequence[int],
    upper: Sequence[int],
    *,
    time_limit: float,
    seed: int,
    forbidden: Iterable[tuple[int, int]] = (),
    fixed: Mapping[int, int] | None = None,
    max_trials: int | None = None,
) -> Solution:
    """Split elements into len(lower) groups maximising the within-group distance sum.

    Group g holds between lower[g] and upper[g] elements. The search stops after
    time_limit seconds, or after max_trials perturbation trials if given; for a
    given seed the trajectory is the same, so a run stopped by max_trials is
    reproducible exactly. Raise GroupingError when the bounds or constraints
    cannot be met.
    """
    started = time.perf_counter()
    problem = _validated(distances, lower, upper, forbidden, dict(fixed or {}))
    _log.debug("input checked at %.2f s", time.perf_counter() - started)
    best = _run(problem, started, time_limit, seed, max_trials)
    return _solution(problem, best, time.perf_counter() - started)


def objective(distances: np.ndarray, groups: Sequence[Sequence[int]]) -> float:
    """Sum the distance of every unordered pair of elements that share a group."""
    total = 0.0
    for group in groups:
        members = np.asarray(group, dtype=np.int64)
        total += float(distances[np.ix_(members, members)].sum(dtype=np.float64)) / 2.0
    return total


def _validated(
    distances: np.ndarray,
    lower: Sequence[int],
    upper: Sequence[int],
    forbidden: Iterable[tuple[int, int]],
    fixed: dict[int, int],
) -> _Problem:
    d, largest, total = _checked_distances(distances)
    low, up = _checked_bounds(d.shape[0], lower, upper)
    pairs = _checked_forbidden(d.shape[0], forbidden)
    _check_fixed(d.shape[0], low, up, pairs, fixed)
    # Larger than any objective, so fewer violations always wins.
    search = _penalised(d, pairs, penalty=total + 1.0)
    return _Problem(d, search, low, up, pairs, fixed, largest)


def _checked_distances(distances: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Return the distances (float32 kept as given), their largest magnitude and sum.

    Copy only what must change: at n = 10,000 a copy is 400-800 MB.
    """
    d = np.asarray(distances)
    if d.dtype not in (np.float32, np.float64):
        d = d.astype(np.float64)
    if d.ndim != 2 or d.shape[0] != d.shape[1] or d.shape[0] == 0:
        raise GroupingError(f"distances must be a non-empty square matrix, got shape {d.shape}")
    d = np.ascontiguousarray(d)
    finite, symmetric, zero_diagonal, largest, total = kernels.matrix_facts(d)
    if not finite:
        raise GroupingError("distances must be finite numbers")
    if not symmetric:
        raise GroupingError("distances must be symmetric: d[i, j] == d[j, i]")
    if not zero_diagonal:
        d = d.copy()
        np.fill_diagonal(d, 0.0)
    return d, float(largest), float(total)


def _checked_bounds(
    n: int, lower: Sequence[int], upper: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    if len(lower) != len(upper) or not lower:
        raise GroupingError("give one lower and one upper size bound for each group")
    low, up = np.array(lower, dtype=np.int64), np.array(upper, dtype=np.int64)
    for g, (a, b) in enumerate(zip(low, up, strict=True)):
        if a < 0 or a > b:
            raise GroupingError(f"group {g} has size bounds {a}..{b}; need 0 <= lower <= upper")
    if low.sum() > n:
        raise GroupingError(
            f"the groups need at least {low.sum()} people in total but there are only {n}"
        )
    if up.sum() < n:
        raise GroupingError(f"the groups hold at most {up.sum()} people in total but there are {n}")
    return low, up


def _checked_forbidden(n: int, forbidden: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    pairs = []
    for i, j in forbidden:
        if not (0 <= i < n and 0 <= j < n) or i == j:
            raise GroupingError(f"forbidden pair ({i}, {j}) must name two different elements")
        pairs.append((min(i, j), max(i, j)))
    return sorted(set(pairs))


def _check_fixed(
    n: int,
    lower: np.ndarray,
    upper: np.ndarray,
    forbidden: list[tuple[int, int]],
    fixed: dict[int, int],
) -> None:
    m = len(lower)
    for i, g in fixed.items():
        if not (0 <= i < n and 0 <= g < m):
            raise GroupingError(f"element {i} is fixed to group {g}, which does not exist")
    counts = np.bincount(np.array(list(fixed.values()), dtype=np.int64), minlength=m)
    for g in range(m):
        if counts[g] > upper[g]:
            raise GroupingError(
                f"{counts[g]} elements are fixed to group {g}, which holds at most {upper[g]}"
            )
    if np.maximum(lower, counts).sum() > n:
        raise GroupingError("the fixed elements leave too few people to fill every group")
    for i, j in forbidden:
        if i in fixed and fixed.get(j) == fixed[i]:
            raise GroupingError(
                f"elements {i} and {j} may not share a group but are both fixed to group {fixed[i]}"
            )


def _penalised(d: np.ndarray, forbidden: list[tuple[int, int]], penalty: float) -> np.ndarray:
    if not forbidden:
        return d
    search = d.copy()
    rows, columns = np.array(forbidden, dtype=np.int64).T
    search[rows, columns] = search[columns, rows] = -penalty
    return search


def _initial(problem: _Problem, rng: np.random.Generator) -> np.ndarray:
    """Assign fixed elements, fill every group to its lower bound, then place the rest."""
    n, m = problem.distances.shape[0], len(problem.lower)
    assign = np.full(n, -1, dtype=np.int64)
    for i, g in problem.fixed.items():
        assign[i] = g
    free = [i for i in rng.permutation(n) if assign[i] < 0]
    sizes = np.bincount(assign[assign >= 0], minlength=m)
    for g in range(m):
        while sizes[g] < problem.lower[g]:
            assign[free.pop()] = g
            sizes[g] += 1
    for i in free:
        open_groups = np.flatnonzero(sizes < problem.upper)
        g = int(rng.choice(open_groups))
        assign[i] = g
        sizes[g] += 1
    return assign


def _run(
    problem: _Problem, started: float, time_limit: float, seed: int, max_trials: int | None
) -> np.ndarray:
    d, n, m = problem.search_distances, problem.distances.shape[0], len(problem.lower)
    movable = np.ones(n, dtype=np.bool_)
    movable[list(problem.fixed)] = False
    tol = 1e-9 * max(1.0, n * problem.largest)
    seed %= 2**32
    kernels.seed_random(seed)
    cur = _initial(problem, np.random.default_rng(seed))
    sizes = np.bincount(cur, minlength=m).astype(np.int64)
    gains = kernels.gain_matrix(d, cur, m)
    log = kernels.new_log(n)
    state = kernels.new_state()
    deadline = started + time_limit
    kernels.descent(
        d, gains, cur, sizes, problem.lower, problem.upper, movable, tol,
        np.ones(m, dtype=np.bool_), log, state, deadline,
    )  # fmt: skip
    _log.debug("first descent done at %.2f s", time.perf_counter() - started)
    value = kernels.objective_of(gains, cur)
    best = cur.copy()
    values = np.array([value, value])
    params = _parameters(n)
    state[kernels.STRENGTH] = params[1]
    steps = 1
    while not state[kernels.EXPIRED] and time.perf_counter() < deadline:
        if max_trials is not None:
            steps = min(steps, max_trials - int(state[kernels.TRIALS]))
            if steps <= 0:
                break
        call_started = time.perf_counter()
        kernels.search(
            d, problem.lower, problem.upper, movable, tol, cur, gains, sizes,
            best, values, state, params, steps, log, deadline,
        )  # fmt: skip
        steps = _next_steps(steps, time.perf_counter() - call_started)
    _log.debug(
        "%d trials in %.2f s, best %.3f",
        state[kernels.TRIALS], time.perf_counter() - started, values[1],
    )  # fmt: skip
    return best


def _parameters(n: int) -> np.ndarray:
    """Patience of the maxima search and the range of the strong perturbation's strength.

    Short maxima searches and frequent strong perturbations of the current local
    optimum (a walk, not a restart from the best), of 3% to 15% of n moves, did
    best in short trials on a sample of MDGPLIB n=120 instances of all families
    and both size types; they are the same for every instance. Past n = 1,000 the
    strength stops growing: repairing a perturbation of hundreds of moves takes
    seconds at n = 10,000, and the run would do little else.
    """
    min_strength = max(2, min(3 * n // 100, STRENGTH_CAP // 5))
    max_strength = max(min_strength, min(3 * n // 20, STRENGTH_CAP))
    return np.array([PATIENCE, min_strength, max_strength], dtype=np.int64)


def _next_steps(steps: int, took: float) -> int:
    if took < CALL_SECONDS / 2:
        return steps * 2
    if took > CALL_SECONDS * 2 and steps > 1:
        return steps // 2
    return steps


def _solution(problem: _Problem, assign: np.ndarray, seconds: float) -> Solution:
    m = len(problem.lower)
    order = np.argsort(assign, kind="stable")
    sizes = np.bincount(assign, minlength=m)
    groups = [part.tolist() for part in np.split(order, np.cumsum(sizes)[:-1])]
    together = any(assign[i] == assign[j] for i, j in problem.forbidden)
    feasible = bool(
        np.all(sizes >= problem.lower) and np.all(sizes <= problem.upper) and not together
    )
    return Solution(objective(problem.distances, groups), groups, seconds, feasible)

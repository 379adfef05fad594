"""Solve the Maximally Diverse Grouping Problem by iterated maxima search.

After Lai and Hao (2016): descend with insert and swap moves whose gains come from
an n x m gain matrix, perturb the local optimum weakly and descend again while
that finds better optima, then perturb it strongly and go on from there.
Forbidden pairs carry a penalty larger than any objective, so the search leaves
them whenever it can; fixed elements never move.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from convene.grouping import kernels
from convene.grouping.errors import GroupingError

# Trials per kernel call to start with; the driver adapts it so that a call takes
# about CALL_SECONDS, which bounds how far a run can overshoot its time limit.
FIRST_STEPS = 8
CALL_SECONDS = 0.01
# Weak-perturbation trials without improvement before a strong perturbation.
PATIENCE = 10


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
    best = _run(problem, started, time_limit, seed, max_trials)
    return _solution(problem, best, time.perf_counter() - started)


def objective(distances: np.ndarray, groups: Sequence[Sequence[int]]) -> float:
    """Sum the distance of every unordered pair of elements that share a group."""
    total = 0.0
    for group in groups:
        members = np.asarray(group, dtype=np.int64)
        total += float(distances[np.ix_(members, members)].sum()) / 2.0
    return total


def _validated(
    distances: np.ndarray,
    lower: Sequence[int],
    upper: Sequence[int],
    forbidden: Iterable[tuple[int, int]],
    fixed: dict[int, int],
) -> _Problem:
    d = _checked_distances(distances)
    low, up = _checked_bounds(d.shape[0], lower, upper)
    pairs = _checked_forbidden(d.shape[0], forbidden)
    _check_fixed(d.shape[0], low, up, pairs, fixed)
    return _Problem(d, _penalised(d, pairs), low, up, pairs, fixed)


def _checked_distances(distances: np.ndarray) -> np.ndarray:
    d = np.array(distances, dtype=np.float64)
    if d.ndim != 2 or d.shape[0] != d.shape[1] or d.shape[0] == 0:
        raise GroupingError(f"distances must be a non-empty square matrix, got shape {d.shape}")
    if not np.all(np.isfinite(d)):
        raise GroupingError("distances must be finite numbers")
    if not np.allclose(d, d.T):
        raise GroupingError("distances must be symmetric: d[i, j] == d[j, i]")
    np.fill_diagonal(d, 0.0)
    return d


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


def _penalised(d: np.ndarray, forbidden: list[tuple[int, int]]) -> np.ndarray:
    if not forbidden:
        return d
    # Larger than any objective, so fewer violations always wins.
    penalty = np.abs(d).sum() + 1.0
    search = d.copy()
    for i, j in forbidden:
        search[i, j] = search[j, i] = -penalty
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
    tol = 1e-9 * max(1.0, n * float(np.abs(problem.distances).max()))
    seed %= 2**32
    kernels.seed_random(seed)
    cur = _initial(problem, np.random.default_rng(seed))
    sizes = np.bincount(cur, minlength=m).astype(np.int64)
    gains = kernels.gain_matrix(d, cur, m)
    dirty = np.ones(m, dtype=np.bool_)
    kernels.descent(d, gains, cur, sizes, problem.lower, problem.upper, movable, tol, dirty)
    gains = kernels.gain_matrix(d, cur, m)
    value = kernels.objective_of(gains, cur)
    best = cur.copy()
    values = np.array([value, value])
    params = _parameters(n)
    state = np.array([0, params[1], 0], dtype=np.int64)
    steps = FIRST_STEPS
    while time.perf_counter() - started < time_limit:
        if max_trials is not None:
            steps = min(steps, max_trials - int(state[kernels.TRIALS]))
            if steps <= 0:
                break
        call_started = time.perf_counter()
        kernels.search(
            d, problem.lower, problem.upper, movable, tol, cur, gains, sizes,
            best, values, state, params, steps,
        )  # fmt: skip
        steps = _next_steps(steps, time.perf_counter() - call_started)
    return best


def _parameters(n: int) -> np.ndarray:
    """Patience of the maxima search and the range of the strong perturbation's strength.

    Short maxima searches and frequent strong perturbations of the current local
    optimum (a walk, not a restart from the best), of 3% to 15% of n moves, did
    best in short trials on a sample of MDGPLIB n=120 instances of all families
    and both size types; they are the same for every instance.
    """
    min_strength = max(2, 3 * n // 100)
    return np.array([PATIENCE, min_strength, max(min_strength, 3 * n // 20)], dtype=np.int64)


def _next_steps(steps: int, took: float) -> int:
    if took < CALL_SECONDS / 2:
        return steps * 2
    if took > CALL_SECONDS * 2 and steps > 1:
        return steps // 2
    return steps


def _solution(problem: _Problem, assign: np.ndarray, seconds: float) -> Solution:
    m = len(problem.lower)
    groups = [np.flatnonzero(assign == g).tolist() for g in range(m)]
    sizes = np.array([len(group) for group in groups])
    together = any(assign[i] == assign[j] for i, j in problem.forbidden)
    feasible = bool(
        np.all(sizes >= problem.lower) and np.all(sizes <= problem.upper) and not together
    )
    return Solution(objective(problem.distances, groups), groups, seconds, feasible)

"""Hot loops of the iterated maxima search, compiled by numba when it is installed.

The state of a solution is its assignment (element -> group), the group sizes and
the n x m matrix ``gains[i, g]``: the summed distance from element i to the members
of group g. With it, the gain of moving or swapping elements is O(1) and applying a
move costs O(n).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numba import njit


def jit(function: Callable[..., Any]) -> Callable[..., Any]:
    """Compile a hot loop with numba, cached on disk beside this module."""
    return njit(cache=True)(function)


# Indices into the integer search-state array kept across kernel calls.
FAILS, STRENGTH, TRIALS = 0, 1, 2


@jit
def seed_random(seed: int) -> None:
    """Seed numba's own generator (numpy's global one is separate)."""
    np.random.seed(seed)


@jit
def gain_matrix(d: np.ndarray, assign: np.ndarray, m: int) -> np.ndarray:
    """Compute gains[i, g] = sum of d[i, j] over the members j of group g."""
    n = d.shape[0]
    gains = np.zeros((n, m))
    for i in range(n):
        for j in range(n):
            gains[i, assign[j]] += d[i, j]
    return gains


@jit
def objective_of(gains: np.ndarray, assign: np.ndarray) -> float:
    """Sum each within-group pair once: half the sum of gains[i, group of i]."""
    total = 0.0
    for i in range(assign.shape[0]):
        total += gains[i, assign[i]]
    return total / 2.0


@jit
def move(d: np.ndarray, gains: np.ndarray, assign: np.ndarray, sizes: np.ndarray, i: int, b: int):
    """Move element i to group b, updating the gain matrix in O(n)."""
    a = assign[i]
    for k in range(d.shape[0]):
        gains[k, a] -= d[k, i]
        gains[k, b] += d[k, i]
    assign[i] = b
    sizes[a] -= 1
    sizes[b] += 1


@jit
def descent(d, gains, assign, sizes, lower, upper, movable, tol, dirty):
    """Apply improving insert and swap moves (first improvement) until none is left.

    Only moves touching a dirty group (one changed since its moves were last
    checked) can have become improving, so the others are skipped. Pass all
    groups dirty unless the solution was a local optimum before the groups in
    `dirty` changed.
    """
    m = gains.shape[1]
    total = 0.0
    touched = np.zeros(m, dtype=np.bool_)
    while dirty.any():
        touched[:] = False
        total += insert_pass(d, gains, assign, sizes, lower, upper, movable, tol, dirty, touched)
        total += swap_pass(d, gains, assign, sizes, movable, tol, dirty, touched)
        dirty[:] = touched
    return total


@jit
def insert_pass(d, gains, assign, sizes, lower, upper, movable, tol, dirty, touched):
    """Move single elements to another group wherever that gains and the bounds allow."""
    n, m = gains.shape
    total = 0.0
    for i in range(n):
        a = assign[i]
        if not movable[i] or sizes[a] <= lower[a]:
            continue
        for b in range(m):
            if (dirty[a] or dirty[b]) and b != a and sizes[b] < upper[b]:
                gain = gains[i, b] - gains[i, a]
                if gain > tol:
                    total += gain
                    move(d, gains, assign, sizes, i, b)
                    dirty[a] = dirty[b] = touched[a] = touched[b] = True
                    break
    return total


@jit
def members_of(assign, movable, m):
    """List the movable members of every group: members[g, :counts[g]]."""
    n = assign.shape[0]
    members = np.empty((m, n), dtype=np.int64)
    counts = np.zeros(m, dtype=np.int64)
    for i in range(n):
        if movable[i]:
            g = assign[i]
            members[g, counts[g]] = i
            counts[g] += 1
    return members, counts


@jit
def swap_pass(d, gains, assign, sizes, movable, tol, dirty, touched):
    """Exchange pairs of elements between groups wherever that gains."""
    m = gains.shape[1]
    members, counts = members_of(assign, movable, m)
    total = 0.0
    for a in range(m):
        for b in range(a + 1, m):
            if not (dirty[a] or dirty[b]):
                continue
            for p in range(counts[a]):
                i = members[a, p]
                own = gains[i, b] - gains[i, a]
                for q in range(counts[b]):
                    j = members[b, q]
                    gain = own + gains[j, a] - gains[j, b] - 2.0 * d[i, j]
                    if gain > tol:
                        total += gain
                        move(d, gains, assign, sizes, i, b)
                        move(d, gains, assign, sizes, j, a)
                        members[a, p] = j
                        members[b, q] = i
                        dirty[a] = dirty[b] = touched[a] = touched[b] = True
                        i = j
                        own = gains[i, b] - gains[i, a]
    return total


@jit
def random_moves(d, gains, assign, sizes, lower, upper, movable, count, dirty):
    """Apply `count` random swaps or inserts that keep the size bounds; return their gain."""
    n = gains.shape[0]
    total = 0.0
    for _ in range(count):
        for _attempt in range(50):
            i = np.random.randint(n)
            j = np.random.randint(n)
            a = assign[i]
            b = assign[j]
            if not movable[i] or a == b:
                continue
            if np.random.random() < 0.5 and sizes[a] > lower[a] and sizes[b] < upper[b]:
                total += gains[i, b] - gains[i, a]
                move(d, gains, assign, sizes, i, b)
                dirty[a] = dirty[b] = True
                break
            if movable[j]:
                total += gains[i, b] - gains[i, a] + gains[j, a] - gains[j, b] - 2.0 * d[i, j]
                move(d, gains, assign, sizes, i, b)
                move(d, gains, assign, sizes, j, a)
                dirty[a] = dirty[b] = True
                break
    return total


@jit
def search(
    d,
    lower,
    upper,
    movable,
    tol,
    cur,
    cur_gains,
    cur_sizes,
    best,
    values,
    state,
    params,
    steps,
):
    """Run `steps` trials of iterated maxima search from the current local optimum.

    A trial perturbs the current local optimum weakly (one to three random moves)
    and descends; the result replaces the current one unless it is worse. After
    `params[0]` trials in a row without improvement, the current solution is
    perturbed strongly (random moves, from params[1] of them, one more after each
    strong perturbation until params[2], back to params[1] on a new best) and
    descended. Every assignment that beats the best is copied to `best`.
    values holds [current objective, best objective]; state holds the failures in
    a row, the strength and the trial count.
    """
    patience, min_strength, max_strength = params[0], params[1], params[2]
    trial, trial_gains, trial_sizes = cur.copy(), cur_gains.copy(), cur_sizes.copy()
    for _ in range(steps):
        state[TRIALS] += 1
        if state[FAILS] >= patience:
            state[FAILS] = 0
            values[0] = kick(
                d, cur_gains, cur, cur_sizes, lower, upper, movable, tol, state[STRENGTH]
            )
            state[STRENGTH] = (
                state[STRENGTH] + 1 if state[STRENGTH] < max_strength else min_strength
            )
        else:
            trial[:], trial_sizes[:], trial_gains[:] = cur, cur_sizes, cur_gains
            value = values[0] + weak_trial(
                d, trial_gains, trial, trial_sizes, lower, upper, movable, tol
            )
            state[FAILS] = 0 if value > values[0] + tol else state[FAILS] + 1
            if value >= values[0] - tol:
                cur[:], cur_sizes[:], cur_gains[:] = trial, trial_sizes, trial_gains
                values[0] = value
        if values[0] > values[1] + tol:
            best[:] = cur
            values[1] = values[0]
            state[STRENGTH] = min_strength


@jit
def weak_trial(d, gains, assign, sizes, lower, upper, movable, tol):
    """Apply one to three random moves to a local optimum and descend; return the gain."""
    dirty = np.zeros(gains.shape[1], dtype=np.bool_)
    count = 1 + np.random.randint(3)
    gain = random_moves(d, gains, assign, sizes, lower, upper, movable, count, dirty)
    return gain + descent(d, gains, assign, sizes, lower, upper, movable, tol, dirty)


@jit
def kick(d, gains, assign, sizes, lower, upper, movable, tol, strength):
    """Apply `strength` random moves and descend; return the objective, recomputed."""
    m = gains.shape[1]
    dirty = np.ones(m, dtype=np.bool_)
    random_moves(d, gains, assign, sizes, lower, upper, movable, strength, dirty)
    descent(d, gains, assign, sizes, lower, upper, movable, tol, dirty)
    # Recomputing keeps rounding from drifting the tracked objective.
    gains[:] = gain_matrix(d, assign, m)
    return objective_of(gains, assign)

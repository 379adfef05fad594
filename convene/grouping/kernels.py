"""Hot loops of the iterated maxima search, compiled by numba.

The state of a solution is its assignment (element -> group), the group sizes and
the m x n matrix ``gains[g, i]``: the summed distance from element i to the members
of group g. With it, the gain of moving or swapping elements is O(1) and applying a
move costs O(n), reading one row of the distances and writing two rows of gains,
all contiguous (the layout matters once n reaches thousands).

A trial that may be rejected records its moves in a log, ``log[0]`` moves as
(element, group it left) pairs after it, and is undone by replaying them backwards:
copying the solution and its gains for every trial would cost O(nm) each time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from numba import njit, objmode


def jit(function: Callable[..., Any]) -> Callable[..., Any]:
    """Compile a hot loop with numba, cached on disk beside this module."""
    return njit(cache=True)(function)


# Indices into the integer search-state array kept across kernel calls: failed
# trials in a row, strength of the next strong perturbation, trials, strong
# perturbations, work since the clock was last read, and 1 once out of time.
FAILS, STRENGTH, TRIALS, KICKS, WORK, EXPIRED = 0, 1, 2, 3, 4, 5
STATE_SIZE = 6
# Move evaluations between two readings of the clock (one reading costs about 2 us,
# a million evaluations a few ms): a large descent stops close to its deadline.
CHECK_EVERY = 1 << 20
# Strong perturbations between full recomputations of the gains, which stop the
# rounding of incremental updates from drifting.
REFRESH_KICKS = 32
# Draws of two groups a strong perturbation makes looking for a block transfer.
TRANSFER_DRAWS = 20
# Symmetry is checked as numpy.allclose(d, d.T) checks it.
RTOL, ATOL = 1e-5, 1e-8
TILE = 64


def new_log(n: int) -> np.ndarray:
    """Make an empty move log with room for the moves of any ordinary trial."""
    return np.zeros(1 + 2 * max(1024, 4 * n), dtype=np.int64)


def new_state() -> np.ndarray:
    """Make a fresh search-state array."""
    return np.zeros(STATE_SIZE, dtype=np.int64)


@jit
def now():
    """Read time.perf_counter from compiled code."""
    with objmode(t="float64"):
        t = time.perf_counter()
    return t  # noqa: RET504 (objmode hands values out through named variables)


@jit
def out_of_time(state, work, deadline):
    """Count `work` evaluations; past the deadline, mark the state expired and say so."""
    if state[EXPIRED]:
        return True
    state[WORK] += work
    if state[WORK] >= CHECK_EVERY:
        state[WORK] = 0
        if now() > deadline:
            state[EXPIRED] = 1
    return state[EXPIRED] == 1


@jit
def seed_random(seed: int) -> None:
    """Seed numba's own generator (numpy's global one is separate)."""
    np.random.seed(seed)


@jit
def matrix_facts(d):
    """Return (all finite, symmetric, zero diagonal, largest |d|, sum of |d|) in one pass.

    Walks the matrix in tiles so that d[i, j] and d[j, i] are both read from cache,
    with no temporary arrays: at n = 10,000 each temporary would be 100M entries.
    """
    n = d.shape[0]
    finite, symmetric, zero_diagonal = True, True, True
    largest, total = 0.0, 0.0
    for top in range(0, n, TILE):
        for left in range(top, n, TILE):
            for i in range(top, min(top + TILE, n)):
                for j in range(max(left, i), min(left + TILE, n)):
                    x, y = float(d[i, j]), float(d[j, i])
                    if not (math.isfinite(x) and math.isfinite(y)):
                        finite = False
                        continue
                    if abs(x - y) > ATOL + RTOL * abs(x):
                        symmetric = False
                    if i == j:
                        zero_diagonal = zero_diagonal and x == 0.0
                        total += abs(x)
                    else:
                        total += abs(x) + abs(y)
                    largest = max(largest, abs(x), abs(y))
    return finite, symmetric, zero_diagonal, largest, total


@jit
def gain_matrix(d, assign, m):
    """Compute gains[g, i] = sum of d[i, j] over the members j of group g."""
    n = d.shape[0]
    gains = np.zeros((m, n))
    fill_gains(d, assign, gains)
    return gains


@jit
def fill_gains(d, assign, gains):
    """Recompute the gain matrix in place, row of d by row of d."""
    n = d.shape[0]
    gains[:] = 0.0
    for j in range(n):
        row = gains[assign[j]]
        for i in range(n):
            row[i] += d[j, i]


@jit
def objective_of(gains, assign):
    """Sum each within-group pair once: half the sum of gains[group of i, i]."""
    total = 0.0
    for i in range(assign.shape[0]):
        total += gains[assign[i], i]
    return total / 2.0


@jit
def move(d, gains, assign, sizes, i, b):
    """Move element i to group b, updating the gain matrix in O(n)."""
    a = assign[i]
    source, target = gains[a], gains[b]
    for k in range(d.shape[0]):
        x = d[i, k]
        source[k] -= x
        target[k] += x
    assign[i] = b
    sizes[a] -= 1
    sizes[b] += 1


@jit
def logged_move(d, gains, assign, sizes, i, b, log):
    """Move element i to group b and record the move, if the log has room."""
    count = log[0]
    if 2 * count + 2 < log.shape[0]:
        log[2 * count + 1] = i
        log[2 * count + 2] = assign[i]
    log[0] = count + 1
    move(d, gains, assign, sizes, i, b)


@jit
def log_overflowed(log):
    """Tell whether more moves were made than the log could record."""
    return 2 * log[0] + 1 > log.shape[0]


@jit
def undo(d, gains, assign, sizes, log):
    """Take back the logged moves, last first, and empty the log."""
    for t in range(log[0] - 1, -1, -1):
        move(d, gains, assign, sizes, log[2 * t + 1], log[2 * t + 2])
    log[0] = 0


@jit
def descent(d, gains, assign, sizes, lower, upper, movable, tol, dirty, log, state, deadline):
    """Apply improving insert and swap moves (first improvement) until none is left.

    Only moves touching a dirty group (one changed since its moves were last
    checked) can have become improving, so the others are skipped. Pass all
    groups dirty unless the solution was a local optimum before the groups in
    `dirty` changed. Past the deadline, stop early and mark the state expired.
    """
    total = 0.0
    while dirty.any() and not state[EXPIRED]:
        total += descent_round(
            d, gains, assign, sizes, lower, upper, movable, tol, dirty, log, state, deadline
        )
    return total


@jit
def descent_round(d, gains, assign, sizes, lower, upper, movable, tol, dirty, log, state, deadline):
    """Run one insert pass and one swap pass; leave dirty the groups they changed."""
    touched = np.zeros(dirty.shape[0], dtype=np.bool_)
    total = insert_pass(
        d, gains, assign, sizes, lower, upper, movable, tol, dirty, touched, log, state, deadline
    )
    total += swap_pass(d, gains, assign, sizes, movable, tol, dirty, touched, log, state, deadline)
    if state[EXPIRED]:
        dirty |= touched
    else:
        dirty[:] = touched
    return total


@jit
def insert_pass(
    d, gains, assign, sizes, lower, upper, movable, tol, dirty, touched, log, state, deadline
):
    """Move single elements to another group wherever that gains and the bounds allow."""
    m, n = gains.shape
    total = 0.0
    for i in range(n):
        a = assign[i]
        if not movable[i] or sizes[a] <= lower[a]:
            continue
        if out_of_time(state, m, deadline):
            break
        for b in range(m):
            if (dirty[a] or dirty[b]) and b != a and sizes[b] < upper[b]:
                gain = gains[b, i] - gains[a, i]
                if gain > tol:
                    total += gain
                    logged_move(d, gains, assign, sizes, i, b, log)
                    dirty[a] = dirty[b] = touched[a] = touched[b] = True
                    break
    return total


@jit
def members_of(assign, movable, m):
    """List the movable members of every group: members[start[g]:start[g] + counts[g]]."""
    n = assign.shape[0]
    counts = np.zeros(m, dtype=np.int64)
    for i in range(n):
        if movable[i]:
            counts[assign[i]] += 1
    start = np.zeros(m + 1, dtype=np.int64)
    start[1:] = np.cumsum(counts)
    members = np.empty(n, dtype=np.int64)
    filled = np.zeros(m, dtype=np.int64)
    for i in range(n):
        if movable[i]:
            g = assign[i]
            members[start[g] + filled[g]] = i
            filled[g] += 1
    return members, start, counts


@jit
def swap_pass(d, gains, assign, sizes, movable, tol, dirty, touched, log, state, deadline):
    """Exchange pairs of elements between groups wherever that gains."""
    m = gains.shape[0]
    members, start, counts = members_of(assign, movable, m)
    total = 0.0
    for a in range(m):
        if out_of_time(state, m, deadline):
            break
        for b in range(a + 1, m):
            if not (dirty[a] or dirty[b]):
                continue
            for p in range(start[a], start[a] + counts[a]):
                i = members[p]
                own = gains[b, i] - gains[a, i]
                for q in range(start[b], start[b] + counts[b]):
                    j = members[q]
                    gain = own + gains[a, j] - gains[b, j] - 2.0 * d[i, j]
                    if gain > tol:
                        total += gain
                        logged_move(d, gains, assign, sizes, i, b, log)
                        logged_move(d, gains, assign, sizes, j, a, log)
                        members[p] = j
                        members[q] = i
                        dirty[a] = dirty[b] = touched[a] = touched[b] = True
                        i = j
                        own = gains[b, i] - gains[a, i]
    return total


@jit
def random_moves(d, gains, assign, sizes, lower, upper, movable, count, dirty, log):
    """Apply `count` random swaps or inserts that keep the size bounds; return their gain."""
    n = gains.shape[1]
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
                total += gains[b, i] - gains[a, i]
                logged_move(d, gains, assign, sizes, i, b, log)
                dirty[a] = dirty[b] = True
                break
            if movable[j]:
                total += gains[b, i] - gains[a, i] + gains[a, j] - gains[b, j] - 2.0 * d[i, j]
                logged_move(d, gains, assign, sizes, i, b, log)
                logged_move(d, gains, assign, sizes, j, a, log)
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
    log,
    deadline,
):
    """Run `steps` trials of iterated maxima search from the current local optimum.

    A trial perturbs the current local optimum weakly (one to three random moves)
    and descends; the result replaces the current one unless it is worse, else
    the trial is undone. After `params[0]` trials in a row without improvement,
    the current solution is perturbed strongly (see `kick`: a block transfer
    between two groups, or random moves, from params[1] of them, one more after
    each strong perturbation until params[2], back to params[1] on a new best)
    and descended. Every assignment that beats the best
    is copied to `best`. values holds [current objective, best objective]; state
    holds the failures in a row, the strength, the trial count and the count of
    strong perturbations. Past the deadline, stop (the state says so).
    """
    patience, min_strength, max_strength = params[0], params[1], params[2]
    for _ in range(steps):
        if state[EXPIRED]:
            break
        state[TRIALS] += 1
        log[0] = 0
        if state[FAILS] >= patience:
            state[FAILS] = 0
            values[0] = kick(
                d, cur_gains, cur, cur_sizes, lower, upper, movable, tol, state, log, deadline
            )
            state[STRENGTH] = (
                state[STRENGTH] + 1 if state[STRENGTH] < max_strength else min_strength
            )
        else:
            value = values[0] + weak_trial(
                d, cur_gains, cur, cur_sizes, lower, upper, movable, tol, log, state, deadline
            )
            state[FAILS] = 0 if value > values[0] + tol else state[FAILS] + 1
            # A trial too long to undo is kept: it is then one more perturbation.
            if value >= values[0] - tol or log_overflowed(log):
                values[0] = value
            else:
                undo(d, cur_gains, cur, cur_sizes, log)
        if values[0] > values[1] + tol:
            best[:] = cur
            values[1] = values[0]
            state[STRENGTH] = min_strength


@jit
def weak_trial(d, gains, assign, sizes, lower, upper, movable, tol, log, state, deadline):
    """Apply one to three random moves to a local optimum and descend; return the gain."""
    dirty = np.zeros(gains.shape[0], dtype=np.bool_)
    count = 1 + np.random.randint(3)
    gain = random_moves(d, gains, assign, sizes, lower, upper, movable, count, dirty, log)
    return gain + descent(
        d, gains, assign, sizes, lower, upper, movable, tol, dirty, log, state, deadline
    )


@jit
def kick(d, gains, assign, sizes, lower, upper, movable, tol, state, log, deadline):
    """Perturb strongly and descend; return the objective.

    Half the time, and when the bounds allow one, the perturbation is a block
    transfer between two groups (see `random_transfer`); otherwise it is
    `state[STRENGTH]` random moves. Only the groups the perturbation touched are
    checked again, as the solution was a local optimum before it.
    """
    dirty = np.zeros(gains.shape[0], dtype=np.bool_)
    if np.random.random() < 0.5:
        for _ in range(TRANSFER_DRAWS):
            if random_transfer(d, gains, assign, sizes, lower, upper, movable, dirty, log):
                break
    if not dirty.any():
        random_moves(d, gains, assign, sizes, lower, upper, movable, state[STRENGTH], dirty, log)
    descent(d, gains, assign, sizes, lower, upper, movable, tol, dirty, log, state, deadline)
    state[KICKS] += 1
    if state[KICKS] % REFRESH_KICKS == 0:
        fill_gains(d, assign, gains)
    return objective_of(gains, assign)


@jit
def random_transfer(d, gains, assign, sizes, lower, upper, movable, dirty, log):
    """Move a block of elements from one random group to another; return whether it did.

    Under size ranges, which groups are the large ones matters most: a pair inside
    a group adds about one average distance. Taking k elements from a group of s_a
    and giving them to a group of s_b changes the number of pairs by
    k (s_b - s_a + k), so a block of k >= s_a - s_b keeps or adds pairs, while
    every single move on the way loses some: descents never get there, and random
    moves rarely do. So draw two groups and a k in that range, within the bounds,
    and move the k elements that gain most by the change, one at a time.
    """
    m, n = gains.shape
    a = np.random.randint(m)
    b = np.random.randint(m)
    if a == b:
        return False
    low = max(1, sizes[a] - sizes[b])
    high = min(sizes[a] - lower[a], upper[b] - sizes[b])
    if low > high:
        return False
    for _ in range(low + np.random.randint(high - low + 1)):
        chosen, best = -1, -np.inf
        for i in range(n):
            if assign[i] == a and movable[i] and gains[b, i] - gains[a, i] > best:
                chosen, best = i, gains[b, i] - gains[a, i]
        if chosen < 0:
            break
        logged_move(d, gains, assign, sizes, chosen, b, log)
        dirty[a] = dirty[b] = True
    return bool(dirty[a])

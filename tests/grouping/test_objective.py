"""The objective sums each within-group pair once, and the search keeps it exact."""

from __future__ import annotations

import numpy as np

from convene.grouping import kernels, objective, solve
from tests.grouping.conftest import random_distances

HAND_MADE = np.array(
    [
        [0.0, 1.0, 2.0, 3.0],
        [1.0, 0.0, 4.0, 5.0],
        [2.0, 4.0, 0.0, 6.0],
        [3.0, 5.0, 6.0, 0.0],
    ]
)


def test_objective_sums_each_pair_inside_a_group_once():
    assert objective(HAND_MADE, [[0, 1], [2, 3]]) == 1.0 + 6.0
    assert objective(HAND_MADE, [[0, 3], [1, 2]]) == 3.0 + 4.0
    assert objective(HAND_MADE, [[0, 1, 2], [3]]) == 1.0 + 2.0 + 4.0


def test_solver_finds_the_best_split_of_the_hand_made_instance():
    solution = solve(HAND_MADE, [2, 2], [2, 2], time_limit=5.0, seed=1, max_trials=50)

    assert solution.objective == 7.0
    assert sorted(map(sorted, solution.groups)) in ([[0, 1], [2, 3]], [[0, 3], [1, 2]])


def test_tracked_objective_and_gain_matrix_match_a_full_recomputation():
    n, m = 40, 4
    d = random_distances(n, seed=3)
    lower, upper = np.full(m, 8), np.full(m, 12)
    cur = np.arange(n) % m
    sizes = np.bincount(cur, minlength=m)
    gains = kernels.gain_matrix(d, cur, m)
    values = np.array([kernels.objective_of(gains, cur)] * 2)
    best = cur.copy()
    state = kernels.new_state()
    state[kernels.STRENGTH] = 2
    params = np.array([5, 2, 10])
    movable = np.ones(n, dtype=np.bool_)
    kernels.seed_random(7)

    kernels.search(
        d, lower, upper, movable, 1e-7, cur, gains, sizes,
        best, values, state, params, 300, kernels.new_log(n), float("inf"),
    )  # fmt: skip

    groups = [np.flatnonzero(cur == g).tolist() for g in range(m)]
    assert np.allclose(gains, kernels.gain_matrix(d, cur, m))
    assert np.isclose(values[0], objective(d, groups))
    best_groups = [np.flatnonzero(best == g).tolist() for g in range(m)]
    assert np.isclose(values[1], objective(d, best_groups))
    start = np.arange(n) % m
    assert values[1] > kernels.objective_of(kernels.gain_matrix(d, start, m), start)


def test_a_block_transfer_keeps_the_pairs_the_bounds_and_the_gain_matrix():
    n, m = 40, 4
    d = random_distances(n, seed=8)
    lower, upper = np.array([4, 6, 8, 10]), np.array([16, 12, 10, 14])
    assign = np.repeat(np.arange(m), [8, 10, 9, 13])
    sizes = np.bincount(assign, minlength=m)
    gains = kernels.gain_matrix(d, assign, m)
    movable = np.ones(n, dtype=np.bool_)
    pairs = (sizes * (sizes - 1) // 2).sum()
    kernels.seed_random(0)

    moved = 0
    for _ in range(50):
        dirty = np.zeros(m, dtype=np.bool_)
        log = kernels.new_log(n)
        moved += kernels.random_transfer(d, gains, assign, sizes, lower, upper, movable, dirty, log)

        assert np.all((lower <= sizes) & (sizes <= upper))
        assert (sizes * (sizes - 1) // 2).sum() >= pairs
        pairs = (sizes * (sizes - 1) // 2).sum()
    assert moved > 0
    assert np.array_equal(sizes, np.bincount(assign, minlength=m))
    assert np.allclose(gains, kernels.gain_matrix(d, assign, m))

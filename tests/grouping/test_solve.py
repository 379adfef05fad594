"""Groups respect their size bounds, forbidden pairs and fixed members, reproducibly."""

from __future__ import annotations

from convene.grouping import solve
from tests.grouping.conftest import random_distances


def _assert_partition(groups: list[list[int]], n: int) -> None:
    assert sorted(i for group in groups for i in group) == list(range(n))


def test_equal_sizes_give_groups_of_exactly_that_size():
    solution = solve(
        random_distances(30, seed=1), [6] * 5, [6] * 5, time_limit=5, seed=0, max_trials=200
    )

    _assert_partition(solution.groups, 30)
    assert [len(group) for group in solution.groups] == [6] * 5
    assert solution.feasible


def test_size_ranges_keep_every_group_within_its_own_bounds():
    lower, upper = [2, 5, 8, 3], [4, 9, 12, 5]
    solution = solve(
        random_distances(25, seed=2), lower, upper, time_limit=5, seed=0, max_trials=200
    )

    _assert_partition(solution.groups, 25)
    for group, low, up in zip(solution.groups, lower, upper, strict=True):
        assert low <= len(group) <= up
    assert solution.feasible


def test_forbidden_pairs_never_share_a_group_even_when_far_apart():
    d = random_distances(20, seed=3)
    # The most distant pairs are the ones the objective wants together.
    forbidden = [(0, 1), (2, 3), (4, 5), (0, 6)]
    for i, j in forbidden:
        d[i, j] = d[j, i] = 1000.0

    solution = solve(d, [5] * 4, [5] * 4, time_limit=5, seed=0, forbidden=forbidden, max_trials=300)

    where = {i: g for g, group in enumerate(solution.groups) for i in group}
    assert all(where[i] != where[j] for i, j in forbidden)
    assert solution.feasible


def test_fixed_elements_stay_in_their_groups():
    d = random_distances(20, seed=4)
    fixed = {0: 3, 1: 3, 7: 0, 19: 2}

    solution = solve(d, [4] * 5, [4] * 5, time_limit=5, seed=0, fixed=fixed, max_trials=300)

    assert all(i in solution.groups[g] for i, g in fixed.items())
    _assert_partition(solution.groups, 20)


def test_same_seed_gives_the_same_groups():
    d = random_distances(40, seed=5)
    runs = [
        solve(d, [8] * 5, [12] * 5, time_limit=30, seed=seed, max_trials=400) for seed in (11, 11)
    ]

    assert runs[0].groups == runs[1].groups
    assert runs[0].objective == runs[1].objective


def test_a_time_limit_returns_the_best_grouping_found():
    solution = solve(random_distances(60, seed=6), [10] * 6, [10] * 6, time_limit=0.2, seed=0)

    _assert_partition(solution.groups, 60)
    assert solution.feasible


def test_forbidden_pairs_that_cannot_all_be_kept_apart_are_reported_infeasible():
    d = random_distances(6, seed=7)

    solution = solve(d, [6], [6], time_limit=5, seed=0, forbidden=[(0, 1)], max_trials=20)

    assert solution.groups == [[0, 1, 2, 3, 4, 5]]
    assert not solution.feasible

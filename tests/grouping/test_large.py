"""Large inputs: single precision is accepted, the caller's matrix is left alone, and
the time limit holds even when the first descent alone would take longer."""

from __future__ import annotations

import numpy as np
import pytest

from convene.grouping import solve
from convene.grouping.cli import main
from convene.grouping.scale import distances_of, profiles, triad_bounds
from tests.grouping.conftest import random_distances


def test_single_precision_distances_give_the_same_groups_as_double():
    d = random_distances(30, seed=9).round(2)

    single = solve(d.astype(np.float32), [5] * 6, [5] * 6, time_limit=60, seed=1, max_trials=300)
    double = solve(d, [5] * 6, [5] * 6, time_limit=60, seed=1, max_trials=300)

    assert single.groups == double.groups
    assert single.objective == pytest.approx(double.objective, rel=1e-6)


def test_the_callers_matrix_is_not_changed():
    d = random_distances(20, seed=10)
    d[np.diag_indices(20)] = 7.0
    before = d.copy()

    solve(d, [4] * 5, [4] * 5, time_limit=5, seed=0, forbidden=[(0, 1)], max_trials=50)

    assert np.array_equal(d, before)


def test_the_time_limit_holds_for_thousands_of_people():
    n = 3000
    d = distances_of(profiles(n, np.random.default_rng(0)))
    lower, upper = triad_bounds(n, 3)

    solution = solve(d, lower, upper, time_limit=0.3, seed=0, forbidden=[(0, 1), (2, 3)])

    assert solution.seconds < 5  # generous: it proves the search stops, not how fast it is
    assert sorted(i for group in solution.groups for i in group) == list(range(n))
    assert solution.feasible


def test_triad_bounds_let_just_enough_groups_hold_one_less():
    assert triad_bounds(9, 3) == ([3, 3, 3], [3, 3, 3])
    assert triad_bounds(10, 3) == ([2, 2, 3, 3], [3, 3, 3, 3])


def test_scale_command_reports_every_phase(capsys):
    code = main(["scale", "--n", "300", "--forbidden", "40", "--time-limit", "0.3"])

    out = capsys.readouterr().out
    assert code == 0
    for phase in ("distances built", "input checked", "first descent", "solved in"):
        assert phase in out
    assert "placed together: 0" in out

"""Compile the grouping kernels once per test process, before the tests that use them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from convene.grouping import solve

MDGPLIB = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "mdgplib"


@pytest.fixture(scope="session", autouse=True)
def _compiled_kernels() -> None:
    # Enough trials to reach every kernel, strong perturbations included, in both
    # precisions: compiling inside a timed test would eat its time limit.
    d = random_distances(12, seed=0)
    for distances in (d, d.astype(np.float32)):
        solve(distances, [3] * 4, [4] * 4, time_limit=60, seed=0, forbidden=[(0, 1)],
              max_trials=200)  # fmt: skip


def random_distances(n: int, seed: int) -> np.ndarray:
    """Make a symmetric matrix of distances in [0, 100) with a zero diagonal."""
    upper = np.triu(np.random.default_rng(seed).uniform(0, 100, (n, n)), 1)
    return upper + upper.T

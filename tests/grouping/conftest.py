"""Compile the grouping kernels once per test process, before the tests that use them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from convene.grouping import solve

MDGPLIB = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "mdgplib"


@pytest.fixture(scope="session", autouse=True)
def _compiled_kernels() -> None:
    solve(np.ones((4, 4)), [2, 2], [2, 2], time_limit=5.0, seed=0, max_trials=5)


def random_distances(n: int, seed: int) -> np.ndarray:
    """Make a symmetric matrix of distances in [0, 100) with a zero diagonal."""
    upper = np.triu(np.random.default_rng(seed).uniform(0, 100, (n, n)), 1)
    return upper + upper.T

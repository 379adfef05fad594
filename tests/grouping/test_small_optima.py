"""The engine reaches the proven optimum of small MDGPLIB instances."""

from __future__ import annotations

import csv

import pytest

from convene.grouping import read_instance, solve
from tests.grouping.conftest import MDGPLIB

INSTANCES = ["Geo_n010_ds_01", "RanInt_n010_ss_04", "RanReal_n012_ds_07", "Geo_n012_ss_09"]


def _optimum(name: str) -> float:
    with (MDGPLIB / "optimal_small.csv").open(newline="") as handle:
        rows = {row["instance"]: row for row in csv.DictReader(handle)}
    return float(rows[name]["optimum_exhaustive"])


@pytest.mark.skipif(not MDGPLIB.exists(), reason=f"MDGPLIB is not at {MDGPLIB}")
@pytest.mark.parametrize("name", INSTANCES)
def test_small_instance_reaches_its_proven_optimum(name: str):
    instance = read_instance(MDGPLIB / name.split("_")[0] / f"{name}.txt")

    solution = solve(
        instance.distances, instance.lower, instance.upper, time_limit=1.0, seed=0, max_trials=3000
    )

    assert solution.objective == pytest.approx(_optimum(name), abs=1e-3)
    assert solution.feasible

"""The benchmark command solves a folder of instances and writes a gap table."""

from __future__ import annotations

import itertools

from convene.grouping.bench import find_instances, time_limit_for
from convene.grouping.cli import main
from tests.grouping.conftest import random_distances


def _write_instance(path, n: int) -> float:
    """Write an n-element instance of two groups of n/2; return its optimum by enumeration."""
    d = random_distances(n, seed=n).round(3)
    lines = [f"{n} 2 ss {n // 2} {n // 2} {n // 2} {n // 2}"]
    lines += [f"{i} {j} {d[i, j]:.3f}" for i, j in itertools.combinations(range(n), 2)]
    path.write_text("\n".join(lines) + "\n")
    best = 0.0
    for first in itertools.combinations(range(n), n // 2):
        second = [i for i in range(n) if i not in first]
        value = d[list(first)][:, list(first)].sum() / 2 + d[second][:, second].sum() / 2
        best = max(best, value)
    return best


def test_reference_time_limits_follow_the_protocol():
    assert [time_limit_for(n) for n in (10, 12, 120, 240, 480, 960)] == [1, 1, 3, 20, 120, 600]


def test_instances_are_found_by_name_and_size(tmp_path):
    for name in ("Geo_n010_ss_01.txt", "Geo_n120_ss_01.txt", "notes.txt"):
        (tmp_path / name).write_text("")

    assert [path.name for path in find_instances(tmp_path, [10])] == ["Geo_n010_ss_01.txt"]


def test_bench_writes_a_table_with_the_optimum_hits(tmp_path, capsys):
    optimum = _write_instance(tmp_path / "Tiny_n010_ss_01.txt", 10)
    (tmp_path / "optimal.csv").write_text(
        f"instance,optimum_exhaustive\nTiny_n010_ss_01,{optimum}\n"
    )
    out = tmp_path / "results.md"

    code = main(["bench", str(tmp_path), "--seeds", "1", "--optimal", str(tmp_path / "optimal.csv"),
                 "--out", str(out)])  # fmt: skip

    assert code == 0
    assert "Tiny_n010_ss_01 seed 0" in capsys.readouterr().out
    report = out.read_text()
    assert f"| Tiny_n010_ss_01 | {optimum:.3f} | {optimum:.3f} |" in report
    assert "| 10 | 1 | 1 | 0.000 | 1/1 |" in report

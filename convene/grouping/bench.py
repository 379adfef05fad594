"""Benchmark runner: solve MDGPLIB instances under the reference limits, tabulate gaps."""

from __future__ import annotations

import csv
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from convene.grouping.errors import GroupingError
from convene.grouping.instance import read_instance
from convene.grouping.solver import solve

INSTANCE_NAME = re.compile(r"^(?P<family>[A-Za-z]+)_n(?P<n>\d+)_(?P<type>ss|ds)_(?P<k>\d+)$")
# Values are compared at this tolerance: the reference codes read distances in single precision.
TOLERANCE = 1e-3


@dataclass
class Result:
    """The objectives of every seed's run on one instance, against its reference value."""

    name: str
    family: str
    n: int
    reference: float | None
    proven: bool
    values: list[float] = field(default_factory=list)

    def gaps(self) -> list[float]:
        if not self.reference:
            return []
        return [100.0 * (self.reference - value) / self.reference for value in self.values]

    def hits(self) -> int:
        assert self.reference is not None
        return sum(value >= self.reference - TOLERANCE for value in self.values)


def time_limit_for(n: int) -> float:
    """Return the reference time limit in seconds for an instance of n elements."""
    if n <= 12:
        return 1.0
    for size, seconds in ((120, 3.0), (240, 20.0), (480, 120.0)):
        if n <= size:
            return seconds
    return 600.0


def read_reference(path: Path, column: str) -> dict[str, float]:
    """Read instance -> value from a CSV with an `instance` column; empty if the file is absent."""
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if rows and not {"instance", column} <= rows[0].keys():
        raise GroupingError(f"{path} needs the columns 'instance' and {column!r}")
    return {row["instance"]: float(row[column]) for row in rows}


def find_instances(folder: Path, sizes: Iterable[int] | None) -> list[Path]:
    """List instance files under folder, by size, family and name; only the given sizes."""
    wanted = set(sizes) if sizes else None
    found = []
    for path in folder.rglob("*.txt"):
        match = INSTANCE_NAME.match(path.stem)
        if match and (wanted is None or int(match["n"]) in wanted):
            found.append((int(match["n"]), match["family"], path.stem, path))
    return [entry[3] for entry in sorted(found)]


def run(
    folder: Path,
    *,
    seeds: int,
    sizes: Iterable[int] | None,
    best_known: dict[str, float],
    optimal: dict[str, float],
    out: Path | None,
) -> str:
    """Solve every instance with seeds 0..seeds-1; write and return the Markdown report."""
    paths = find_instances(folder, sizes)
    if not paths:
        raise GroupingError(f"no instance files like Geo_n120_ss_01.txt under {folder}")
    _warm_up()
    results: list[Result] = []
    command = " ".join(["python -m convene.grouping", *sys.argv[1:]])
    for number, path in enumerate(paths, 1):
        results.append(_run_instance(path, seeds, best_known, optimal, f"[{number}/{len(paths)}]"))
        report = render(results, seeds, command, done=number == len(paths))
        if out is not None:
            out.write_text(report, encoding="utf-8")
    return render(results, seeds, command, done=True)


def _warm_up() -> None:
    """Compile every kernel, strong perturbation included, before any timed run.

    Bounded by trials, not time: a time limit shorter than the compilation would
    stop before the search kernels are reached and leave them to the first run.
    """
    upper = np.triu(np.random.default_rng(0).uniform(0, 100, (12, 12)), 1)
    solve(upper + upper.T, [3] * 4, [4] * 4, time_limit=120, seed=0, max_trials=200)


def _run_instance(
    path: Path,
    seeds: int,
    best_known: dict[str, float],
    optimal: dict[str, float],
    progress: str,
) -> Result:
    instance = read_instance(path)
    match = INSTANCE_NAME.match(path.stem)
    assert match is not None
    proven = path.stem in optimal
    reference = optimal.get(path.stem, best_known.get(path.stem))
    result = Result(path.stem, match["family"], instance.n, reference, proven)
    limit = time_limit_for(instance.n)
    for seed in range(seeds):
        solution = solve(
            instance.distances, instance.lower, instance.upper, time_limit=limit, seed=seed
        )
        if not solution.feasible:
            raise GroupingError(f"{path.stem}: seed {seed} returned an infeasible grouping")
        result.values.append(solution.objective)
        gap = f" gap {result.gaps()[-1]:.3f}%" if reference else ""
        print(
            f"{progress} {path.stem} seed {seed}: {solution.objective:.3f} "
            f"in {solution.seconds:.2f} s{gap}",
            flush=True,
        )
    return result


def render(results: list[Result], seeds: int, command: str, *, done: bool) -> str:
    """Return the Markdown report: a header, a table per size and family, and a summary."""
    lines = _header(seeds, command, done)
    groups: dict[tuple[int, str], list[Result]] = {}
    for result in results:
        groups.setdefault((result.n, result.family), []).append(result)
    for (n, family), members in groups.items():
        lines += _table(n, family, members)
    lines += _summary(results)
    return "\n".join(lines) + "\n"


def _header(seeds: int, command: str, done: bool) -> list[str]:
    status = "complete" if done else "IN PROGRESS (partial results)"
    return [
        "# Grouping engine on MDGPLIB",
        "",
        f"- status: {status}, written {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"- command: `{command}`",
        f"- commit: {_commit()}; Python {platform.python_version()}; {_machine()}",
        f"- load average when written (1, 5, 15 min): {_load()}",
        f"- seeds 0..{seeds - 1} per instance; time limits: n<=12 1 s, n<=120 3 s, n<=240 20 s",
        "- gap = 100 * (reference - value) / reference; negative means above the reference",
        "",
    ]


def _table(n: int, family: str, results: list[Result]) -> list[str]:
    proven = all(result.proven for result in results)
    reference = "optimum" if proven else "BKV (TPSDP best of 20)"
    lines = [
        f"## n = {n}, {family} ({time_limit_for(n):g} s per run)",
        "",
        f"| instance | {reference} | best | average | worst | gap best % | gap avg % "
        f"| gap worst % |{' optimum hits |' if proven else ''}",
        f"|---|---|---|---|---|---|---|---|{'---|' if proven else ''}",
    ]
    for result in results:
        lines.append(_row(result, proven))
    return [*lines, ""]


def _row(result: Result, proven: bool) -> str:
    values, gaps = result.values, result.gaps()
    reference = f"{result.reference:.3f}" if result.reference else "-"
    cells = [
        result.name,
        reference,
        f"{max(values):.3f}",
        f"{statistics.fmean(values):.3f}",
        f"{min(values):.3f}",
        *(
            [_percent(min(gaps)), _percent(statistics.fmean(gaps)), _percent(max(gaps))]
            if gaps
            else ["-", "-", "-"]
        ),
    ]
    if proven:
        cells.append(f"{result.hits()}/{len(values)}")
    return "| " + " | ".join(cells) + " |"


def _summary(results: list[Result]) -> list[str]:
    lines = [
        "## Summary",
        "",
        "| n | instances | runs | avg gap % | optimum hits |",
        "|---|---|---|---|---|",
    ]
    for n in sorted({result.n for result in results}):
        lines.append(_summary_row(str(n), [r for r in results if r.n == n]))
    lines.append(_summary_row("all", results))
    return lines


def _summary_row(label: str, results: list[Result]) -> str:
    gaps = [gap for result in results for gap in result.gaps()]
    runs = sum(len(result.values) for result in results)
    proven = [result for result in results if result.proven]
    hits = (
        f"{sum(r.hits() for r in proven)}/{sum(len(r.values) for r in proven)}" if proven else "-"
    )
    average = _percent(statistics.fmean(gaps)) if gaps else "-"
    return f"| {label} | {len(results)} | {runs} | {average} | {hits} |"


def _percent(gap: float) -> str:
    return f"{round(gap, 3) + 0.0:.3f}"


def _commit() -> str:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        )
    except OSError:
        return "unknown"
    dirty = ""
    status = subprocess.run(
        ["git", "status", "--porcelain", "convene/grouping"],
        capture_output=True,
        text=True,
        check=False,
    )
    if status.stdout.strip():
        dirty = " (grouping engine not yet committed)"
    return (completed.stdout.strip() or "unknown") + dirty


def _load() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _machine() -> str:
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs, {model}"

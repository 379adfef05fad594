"""Measure `solve` at Convene's largest size: peer triads from generated profiles.

`python -m convene.grouping scale --n 10000 --group-size 3 --time-limit 25` makes
random profiles, builds float32 distances from them the way a caller would, solves
with random forbidden pairs and prints the seconds of every phase and the peak
memory of the process.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from convene.grouping.solver import Solution, solve


@dataclass(frozen=True)
class Scenario:
    """The size of a measured formation."""

    n: int
    group_size: int
    forbidden: int
    time_limit: float
    seed: int


def triad_bounds(n: int, size: int) -> tuple[list[int], list[int]]:
    """Give ceil(n / size) groups of `size`, letting the few needed ones hold one less."""
    m = -(-n // size)
    short = m * size - n
    lower = [size - 1 if g < short else size for g in range(m)]
    return lower, [size] * m


def profiles(n: int, rng: np.random.Generator) -> np.ndarray:
    """Make standardised profile features: unit, role and site one-hot, tenure and age."""
    columns = [np.eye(k, dtype=np.float32)[rng.integers(k, size=n)] for k in (40, 8, 10)]
    numbers = rng.normal(size=(n, 2)).astype(np.float32)
    return np.hstack([*columns, numbers])


def distances_of(features: np.ndarray) -> np.ndarray:
    """Compute Euclidean distances between rows, stored as float32, with a zero diagonal.

    Computed in float64 and rounded once: the float32 product formula leaves
    rounding noise that makes near-ties look like improvements.
    """
    x = features.astype(np.float64)
    squares = (x * x).sum(axis=1)
    d = squares[:, None] + squares[None, :] - 2.0 * (x @ x.T)
    np.maximum(d, 0.0, out=d)
    np.sqrt(d, out=d)
    d = d.astype(np.float32)
    d = np.maximum(d, d.T)  # the product is symmetric only up to rounding
    np.fill_diagonal(d, 0.0)
    return d


def measure(scenario: Scenario) -> str:
    """Run one formation and return a report of its phases."""
    lines: list[str] = []
    started = time.perf_counter()

    def note(what: str) -> None:
        lines.append(f"{time.perf_counter() - started:7.2f} s  {what}")

    rng = np.random.default_rng(scenario.seed)
    features = profiles(scenario.n, rng)
    note(f"profiles generated: {features.shape[0]} x {features.shape[1]}")
    d = distances_of(features)
    note(f"distances built: {d.shape[0]} x {d.shape[1]} {d.dtype}, {d.nbytes / 2**20:.0f} MiB")
    lower, upper = triad_bounds(scenario.n, scenario.group_size)
    forbidden = _forbidden_pairs(scenario.n, scenario.forbidden, rng)
    base = _resident_mib()
    _reset_peak()
    solve_started = time.perf_counter()
    with _solver_log(note):
        solution = solve(
            d, lower, upper, time_limit=scenario.time_limit, seed=scenario.seed,
            forbidden=forbidden,
        )  # fmt: skip
    note(f"solved in {time.perf_counter() - solve_started:.2f} s (limit {scenario.time_limit} s)")
    lines += _summary(solution, forbidden, lower, upper)
    peak = _peak_mib()
    if peak is not None and base is not None:
        lines.append(f"memory while solving: {base:.0f} MiB before, peak {peak:.0f} MiB")
    return "\n".join(lines)


def _status_mib(field: str) -> float | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return None


def _resident_mib() -> float | None:
    return _status_mib("VmRSS")


def _peak_mib() -> float | None:
    return _status_mib("VmHWM")


def _reset_peak() -> None:
    # Linux: writing 5 resets the peak resident size, so the peak is the solver's.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _forbidden_pairs(n: int, count: int, rng: np.random.Generator) -> list[tuple[int, int]]:
    pairs = rng.choice(n, size=(count, 2))
    return [(int(i), int(j)) for i, j in pairs if i != j]


@contextlib.contextmanager
def _solver_log(note: Callable[[str], None]) -> Iterator[None]:
    """Route the solver's progress messages into the report while solving."""
    handler = _NoteHandler(note)
    logger = logging.getLogger("convene.grouping.solver")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


class _NoteHandler(logging.Handler):
    def __init__(self, note: Callable[[str], None]) -> None:
        super().__init__()
        self.note = note

    def emit(self, record: logging.LogRecord) -> None:
        self.note(f"solve: {record.getMessage()}")


def _summary(
    solution: Solution, forbidden: list[tuple[int, int]], lower: list[int], upper: list[int]
) -> list[str]:
    where = {i: g for g, group in enumerate(solution.groups) for i in group}
    together = sum(where[i] == where[j] for i, j in forbidden)
    sizes = [len(group) for group in solution.groups]
    within = all(a <= s <= b for s, a, b in zip(sizes, lower, upper, strict=True))
    pairs = sum(s * (s - 1) // 2 for s in sizes)
    return [
        f"groups: {len(sizes)}, sizes {min(sizes)}..{max(sizes)}, within bounds: {within}",
        f"forbidden pairs: {len(forbidden)}, placed together: {together}",
        f"objective: {solution.objective:.3f} (mean within-group distance "
        f"{solution.objective / max(pairs, 1):.4f}), feasible: {solution.feasible}",
    ]

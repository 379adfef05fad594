"""Read MDGPLIB instance files (format: ../shared/bench/mdgplib/README.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from convene.grouping.errors import InstanceFormatError


@dataclass(frozen=True)
class Instance:
    """A grouping problem: symmetric distances and per-group size bounds."""

    name: str
    distances: np.ndarray
    lower: tuple[int, ...]
    upper: tuple[int, ...]
    size_type: str

    @property
    def n(self) -> int:
        return int(self.distances.shape[0])

    @property
    def m(self) -> int:
        return len(self.lower)


def read_instance(path: Path | str) -> Instance:
    """Read an instance file; raise InstanceFormatError naming the faulty line."""
    path = Path(path)
    return parse_instance(path.read_text(encoding="utf-8"), name=path.stem)


def parse_instance(text: str, name: str = "instance") -> Instance:
    """Parse the text of an instance file."""
    lines = [(number, line.split()) for number, line in enumerate(text.splitlines(), 1)]
    lines = [(number, fields) for number, fields in lines if fields]
    if not lines:
        raise InstanceFormatError(1, "the file is empty; expected 'n m ss|ds a_1 b_1 ...'")
    header_line, header = lines[0]
    n, size_type, lower, upper = _parse_header(header_line, header)
    distances = _parse_pairs(lines[1:], n, last_line=len(text.splitlines()))
    return Instance(name, distances, lower, upper, size_type)


def _parse_header(
    number: int, fields: list[str]
) -> tuple[int, str, tuple[int, ...], tuple[int, ...]]:
    if len(fields) < 3:
        raise InstanceFormatError(number, "expected 'n m ss|ds a_1 b_1 ... a_m b_m'")
    n, m = _integer(number, fields[0], "n"), _integer(number, fields[1], "m")
    if n < 1 or m < 1:
        raise InstanceFormatError(number, f"n and m must be positive, got n={n}, m={m}")
    if fields[2] not in ("ss", "ds"):
        raise InstanceFormatError(number, f"size type must be 'ss' or 'ds', got {fields[2]!r}")
    bounds = fields[3:]
    if len(bounds) != 2 * m:
        raise InstanceFormatError(
            number, f"expected {2 * m} group bounds for m={m} groups, got {len(bounds)}"
        )
    values = [_integer(number, value, "a group bound") for value in bounds]
    return n, fields[2], tuple(values[0::2]), tuple(values[1::2])


def _parse_pairs(lines: list[tuple[int, list[str]]], n: int, last_line: int) -> np.ndarray:
    distances = np.zeros((n, n))
    seen = np.zeros((n, n), dtype=bool)
    for number, fields in lines:
        i, j, value = _parse_pair(number, fields, n)
        if seen[i, j]:
            raise InstanceFormatError(number, f"pair ({i}, {j}) appears a second time")
        seen[i, j] = seen[j, i] = True
        distances[i, j] = distances[j, i] = value
    expected = n * (n - 1) // 2
    if len(lines) != expected:
        raise InstanceFormatError(
            last_line, f"the file ends after {len(lines)} pair lines; expected {expected}"
        )
    return distances


def _parse_pair(number: int, fields: list[str], n: int) -> tuple[int, int, float]:
    if len(fields) != 3:
        raise InstanceFormatError(number, f"expected 'i j d', got {' '.join(fields)!r}")
    i, j = _integer(number, fields[0], "i"), _integer(number, fields[1], "j")
    if not 0 <= i < j < n:
        raise InstanceFormatError(number, f"expected 0 <= i < j < {n}, got i={i}, j={j}")
    try:
        value = float(fields[2])
    except ValueError:
        raise InstanceFormatError(number, f"distance {fields[2]!r} is not a number") from None
    if not np.isfinite(value):
        raise InstanceFormatError(number, f"distance {fields[2]!r} is not finite")
    return i, j, value


def _integer(number: int, field: str, what: str) -> int:
    try:
        return int(field)
    except ValueError:
        raise InstanceFormatError(number, f"{what} must be an integer, got {field!r}") from None

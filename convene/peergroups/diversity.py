"""How different two people are, from their profiles, and why: the input to diverse grouping.

Each difference is a number from 0 (alike) to 1 (as different as can be):
function, site (same or not), level and tenure band (steps apart on their
scale), expertise and perspectives (one minus the Jaccard similarity of the
two sets). A difference that cannot be judged because a profile leaves it
blank counts one half. The organisation's weights combine them into one
diversity from 0 to 1; `explain()` says the same thing in words.

Pure computation: no Django, so the matrix for 10,000 people can be built and
benchmarked alone. Arrays are float32, which halves the memory of an n x n
matrix and is exact enough for weights that are small whole numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

UNKNOWN = 0.5
LEVELS = 4
TENURE_BANDS = 4
# Perspectives are compared on the words people share; past this many distinct
# shared words the rarest are dropped, which bounds the work for large rounds.
SHARED_WORDS_LIMIT = 512
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_STOP_WORDS = frozenset(
    """about after also been being both bring brings from have into just like more most
    much other over same some such than that their them then there these they this those
    through very were what when where which while with would your work working""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Profile:
    """What grouping knows of one person; None or empty where the profile is blank."""

    function: int | None = None
    level: int | None = None
    site: int | None = None
    tenure_band: int | None = None
    expertise: frozenset[str] = frozenset()
    perspectives: frozenset[str] = frozenset()


def perspective_words(text: str) -> frozenset[str]:
    """The distinctive words of a 'perspectives I bring' text, lower-cased."""
    return frozenset(_WORD.findall(text.lower())) - _STOP_WORDS


def normalised(weights: Mapping[str, float]) -> dict[str, float]:
    total = float(sum(weights.values()))
    if total <= 0:
        raise ValueError("at least one weight must be above zero")
    return {name: float(value) / total for name, value in weights.items()}


def pair_differences(a: Profile, b: Profile) -> dict[str, float]:
    """Each difference between two people, from 0 to 1."""
    return {
        "function": _category(a.function, b.function),
        "level": _steps(a.level, b.level, LEVELS),
        "site": _category(a.site, b.site),
        "tenure": _steps(a.tenure_band, b.tenure_band, TENURE_BANDS),
        "expertise": _jaccard_distance(a.expertise, b.expertise),
        "perspectives": _jaccard_distance(a.perspectives, b.perspectives),
    }


def pair_diversity(a: Profile, b: Profile, weights: Mapping[str, float]) -> float:
    """The weighted diversity of two people, from 0 to 1."""
    differences = pair_differences(a, b)
    return sum(w * differences[name] for name, w in normalised(weights).items())


def group_diversity(profiles: Sequence[Profile], weights: Mapping[str, float]) -> float:
    """The sum of pair diversity over every pair in a group: the grouping objective."""
    return sum(
        pair_diversity(a, b, weights) for i, a in enumerate(profiles) for b in profiles[i + 1 :]
    )


def explain(a: Profile, b: Profile) -> str:
    """Say in words how two people differ, e.g. 'different function, level and site; shares
    one area of expertise'."""
    differences = pair_differences(a, b)
    known = {
        "function": a.function is not None and b.function is not None,
        "level": a.level is not None and b.level is not None,
        "site": a.site is not None and b.site is not None,
        "tenure": a.tenure_band is not None and b.tenure_band is not None,
    }
    different = [
        "length of service" if name == "tenure" else name
        for name in ("function", "level", "site", "tenure")
        if known[name] and differences[name] > 0
    ]
    same = [
        "length of service" if name == "tenure" else name
        for name in ("function", "level", "site", "tenure")
        if known[name] and differences[name] == 0
    ]
    clauses = []
    if different:
        clauses.append("different " + listed(different))
    if same:
        clauses.append("same " + listed(same))
    clauses.append(_expertise_clause(a.expertise, b.expertise))
    return "; ".join(clauses)


def distance_matrix(profiles: Sequence[Profile], weights: Mapping[str, float]) -> np.ndarray:
    """The n x n matrix of weighted pair diversity, built column-block by feature."""
    w = normalised(weights)
    n = len(profiles)
    matrix = np.zeros((n, n), dtype=np.float32)
    if w["function"]:
        _add_category(matrix, [p.function for p in profiles], w["function"])
    if w["site"]:
        _add_category(matrix, [p.site for p in profiles], w["site"])
    if w["level"]:
        _add_steps(matrix, [p.level for p in profiles], LEVELS, w["level"])
    if w["tenure"]:
        _add_steps(matrix, [p.tenure_band for p in profiles], TENURE_BANDS, w["tenure"])
    if w["expertise"]:
        _add_jaccard(matrix, [p.expertise for p in profiles], w["expertise"])
    if w["perspectives"]:
        _add_jaccard(matrix, [p.perspectives for p in profiles], w["perspectives"])
    np.fill_diagonal(matrix, 0.0)
    return matrix


def _category(a: int | None, b: int | None) -> float:
    if a is None or b is None:
        return UNKNOWN
    return 0.0 if a == b else 1.0


def _steps(a: int | None, b: int | None, count: int) -> float:
    if a is None or b is None:
        return UNKNOWN
    return abs(a - b) / (count - 1)


def _jaccard_distance(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return UNKNOWN
    return 1.0 - len(a & b) / len(a | b)


def listed(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _expertise_clause(a: frozenset[str], b: frozenset[str]) -> str:
    if not a or not b:
        return "expertise not known for both"
    shared = len(a & b)
    if shared == 0:
        return "no expertise in common"
    return "shares one area of expertise" if shared == 1 else f"shares {shared} areas of expertise"


def _codes(values: list[int | None]) -> tuple[np.ndarray, np.ndarray]:
    known = np.array([v is not None for v in values])
    codes = np.array([-1 if v is None else v for v in values], dtype=np.int64)
    return codes, known


def _add_category(matrix: np.ndarray, values: list[int | None], weight: float) -> None:
    codes, known = _codes(values)
    _add_part(matrix, np.not_equal.outer(codes, codes), known, weight)


def _add_steps(matrix: np.ndarray, values: list[int | None], count: int, weight: float) -> None:
    codes, known = _codes(values)
    scaled = codes.astype(np.float32) / (count - 1)
    steps = np.subtract.outer(scaled, scaled)
    _add_part(matrix, np.abs(steps, out=steps), known, weight)


def _add_jaccard(matrix: np.ndarray, sets: list[frozenset[str]], weight: float) -> None:
    """Add weight * (1 - |A & B| / |A | B|), counting intersections over the shared words."""
    sizes = np.array([len(s) for s in sets], dtype=np.float32)
    counts = Counter(word for s in sets for word in s)
    shared = [word for word, c in counts.most_common(SHARED_WORDS_LIMIT) if c > 1]
    column = {word: k for k, word in enumerate(shared)}
    indicator = np.zeros((len(sets), len(shared)), dtype=np.float32)
    for i, s in enumerate(sets):
        for word in s:
            k = column.get(word)
            if k is not None:
                indicator[i, k] = 1.0
    together = indicator @ indicator.T
    union = np.add.outer(sizes, sizes)
    union -= together
    np.maximum(union, 1.0, out=union)
    distance = np.divide(together, union, out=together)
    np.subtract(1.0, distance, out=distance)
    _add_part(matrix, distance, sizes > 0, weight)


def _add_part(matrix: np.ndarray, part: np.ndarray, known: np.ndarray, weight: float) -> None:
    """matrix += weight * part, counting UNKNOWN wherever either person's value is blank.

    Works in place on `part` (a fresh n x n array), so an n of 10,000 costs a
    few passes over 400 MB rather than a dozen.
    """
    part = part.astype(np.float32, copy=False)
    if not known.all():
        part[~known, :] = UNKNOWN
        part[:, ~known] = UNKNOWN
    part *= np.float32(weight)
    matrix += part

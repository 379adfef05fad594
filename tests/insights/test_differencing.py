"""Differencing attacks on released survey figures recover nothing about small groups.

Random populations answer over several snapshots; every figure the rules
allow is released for every one-dimension breakdown; then an attacker who
knows who belongs to which group subtracts released figures from one
another (totals minus visible cells, later snapshots minus earlier ones,
and differences of those) and solves for small groups by linear algebra.
The same attacker against a naive releaser finds leaks, so it can find them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import combinations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convene.insights import anonymity
from convene.insights.anonymity import Policy, Response

DIMENSIONS = {
    "community": ["alpha", "beta", "gamma"],
    "function": ["finance", "operations", "people"],
    "level": ["first-line", "senior"],
    "site": ["north", "south"],
    "tenure": ["<2y", "2-10y", ">10y"],
}
PERIODS = 3

respondent = st.builds(
    Response,
    answer=st.integers(1, 5),
    groups=st.fixed_dictionaries({d: st.sampled_from(v) for d, v in DIMENSIONS.items()}),
    period=st.integers(0, PERIODS - 1),
)
populations = st.lists(respondent, min_size=6, max_size=30)
minimums = st.integers(3, 5)


# A released figure as the attacker sees it, with the respondents it truly covers.
Figure = tuple[frozenset[int], int, int]


def members(responses: Sequence[Response], dimension: str, cell: str, as_of: int) -> frozenset:
    return frozenset(
        i
        for i, r in enumerate(responses)
        if r.period <= as_of and (dimension == "" or r.groups[dimension] == cell)
    )


def figure(responses: Sequence[Response], group: frozenset[int]) -> Figure:
    answers = [responses[i].answer for i in group]
    return group, len(answers), sum(answers)


def released_by_rules(responses: Sequence[Response], minimum: int) -> list[list[Figure]]:
    """Release with the module; return, per snapshot and breakdown, the total then the cells."""
    snapshots = anonymity.release_history(
        responses, list(DIMENSIONS), PERIODS, Policy(minimum, max(minimum, 10))
    )
    pages = []
    for snapshot in snapshots:
        for dimension in DIMENSIONS:
            page = []
            for f in (snapshot.total, *snapshot.breakdown(dimension)):
                if f.tally is None or f.as_of is None:
                    continue
                group = members(responses, f.dimension, f.cell, f.as_of)
                assert (f.tally.count, f.tally.total) == figure(responses, group)[1:]
                page.append(figure(responses, group))
            pages.append(page)
    return pages


def released_naively(responses: Sequence[Response], minimum: int) -> list[list[Figure]]:
    """Primary suppression only, every figure re-released at every snapshot."""
    pages = []
    for period in range(PERIODS):
        total = members(responses, "", "", period)
        for dimension, cells in DIMENSIONS.items():
            groups = [total] + [members(responses, dimension, c, period) for c in cells]
            pages.append([figure(responses, g) for g in groups if len(g) >= minimum])
    return pages


def subtraction_attack(pages: list[list[Figure]], minimum: int) -> list[Figure]:
    """Subtract every figure from every other it contains, to a fixed point."""
    known = {f[0]: f for page in pages for f in page}
    for page in pages:
        if page:
            total, *cells = page
            covered = frozenset().union(*(c[0] for c in cells))
            if covered <= total[0]:
                rest = total[0] - covered
                known[rest] = (rest, total[1] - sum(c[1] for c in cells), 0)
    frontier = list(known)
    while frontier and len(known) < 3000:
        found = {}
        for a in frontier:
            for b in list(known):
                big, small = (a, b) if b < a else (b, a)
                if small < big and big - small not in known:
                    found[big - small] = (big - small, known[big][1] - known[small][1], 0)
        known.update(found)
        frontier = list(found)
    return [f for f in known.values() if 0 < f[1] < minimum]


def linear_attack(pages: list[list[Figure]], minimum: int) -> list[frozenset[int]]:
    """Solve for every union of up to minimum-1 small atoms that the figures pin down."""
    groups = sorted({f[0] for page in pages for f in page}, key=sorted)
    if not groups:
        return []
    people = sorted(frozenset().union(*groups))
    atoms: dict[tuple[bool, ...], list[int]] = {}
    for person in people:
        atoms.setdefault(tuple(person in g for g in groups), []).append(person)
    keys = list(atoms)
    matrix = np.array([[float(k[g]) for k in keys] for g in range(len(groups))])
    small = [a for a, k in enumerate(keys) if len(atoms[k]) < minimum]
    leaks = []
    for size in range(1, minimum):
        for pick in combinations(small, size):
            people_in = [p for a in pick for p in atoms[keys[a]]]
            if len(people_in) >= minimum:
                continue
            target = np.zeros(len(keys))
            target[list(pick)] = 1.0
            weights = np.linalg.lstsq(matrix.T, target, rcond=None)[0]
            if np.allclose(matrix.T @ weights, target, atol=1e-7):
                leaks.append(frozenset(people_in))
    return leaks


@settings(max_examples=120, deadline=None)
@given(populations, minimums)
def test_no_subtraction_recovers_a_group_under_the_threshold(responses, minimum):
    pages = released_by_rules(responses, minimum)
    assert subtraction_attack(pages, minimum) == []


@settings(max_examples=120, deadline=None)
@given(populations, minimums)
def test_no_combination_of_figures_pins_down_a_group_under_the_threshold(responses, minimum):
    pages = released_by_rules(responses, minimum)
    assert linear_attack(pages, minimum) == []


def lone_small_cell(responses: Sequence[Response], dimension: str, minimum: int) -> bool:
    counts = [sum(r.groups[dimension] == c for r in responses) for c in DIMENSIONS[dimension]]
    return sum(0 < n < minimum for n in counts) == 1


@settings(max_examples=25, deadline=None)
@given(populations, minimums)
def test_the_attacker_catches_a_naive_releaser_whenever_one_cell_alone_is_small(responses, minimum):
    # At the last snapshot everyone has answered: one small cell in a breakdown is
    # exactly what the total minus the visible cells gives away.
    assume(len(responses) >= minimum)
    assume(any(lone_small_cell(responses, d, minimum) for d in DIMENSIONS))
    pages = released_naively(responses, minimum)
    assert subtraction_attack(pages, minimum) != []
    assert linear_attack(pages, minimum) != []


def test_the_rules_still_show_most_cells_of_a_mid_sized_population():
    rng = random.Random(7)
    responses = [
        Response(
            rng.randint(1, 5),
            {d: rng.choice(v) for d, v in DIMENSIONS.items()},
            rng.randrange(PERIODS),
        )
        for _ in range(32)
    ]
    last = anonymity.release_history(responses, list(DIMENSIONS), PERIODS, Policy())[-1]
    cells = [f for f in last.figures if f.dimension]
    assert sum(f.status != "hidden" for f in cells) >= len(cells) // 2
    pages = released_by_rules(responses, 5)
    assert subtraction_attack(pages, 5) == [] and linear_attack(pages, 5) == []


def test_the_attacker_catches_a_naive_releaser_across_snapshots():
    def person(community: str, period: int) -> Response:
        groups = {d: v[0] for d, v in DIMENSIONS.items()} | {"community": community}
        return Response(3, groups, period)

    # Five in alpha and five in beta at first; one more in alpha later.
    responses = [person("alpha", 0)] * 5 + [person("beta", 0)] * 5 + [person("alpha", 1)]
    naive = released_naively(responses, 5)
    assert {f[0] for f in subtraction_attack(naive, 5)} >= {frozenset({10})}
    assert subtraction_attack(released_by_rules(responses, 5), 5) == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.frozensets(st.integers(0, 11), min_size=1), min_size=1, max_size=8),
    minimums,
)
def test_the_audit_finds_a_leak_exactly_when_brute_force_does(groups, minimum):
    found = anonymity.find_disclosure(groups, minimum)
    pages = [[(g, len(g), 0)] for g in groups]
    leaks = linear_attack(pages, minimum)
    assert (found is not None) == bool(leaks)
    assert found is None or found in leaks

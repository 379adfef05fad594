"""Impossible problems and malformed files are refused with a readable message."""

from __future__ import annotations

import numpy as np
import pytest

from convene.grouping import GroupingError, InstanceFormatError, parse_instance, solve

D6 = np.ones((6, 6)) - np.eye(6)


def _solve(lower, upper, **constraints):
    return solve(D6, lower, upper, time_limit=1, seed=0, max_trials=5, **constraints)


@pytest.mark.parametrize(
    ("lower", "upper", "message"),
    [
        ([4, 4], [5, 5], "need at least 8 people in total but there are only 6"),
        ([1, 1], [2, 2], "hold at most 4 people in total but there are 6"),
        ([4, 1], [3, 5], "group 0 has size bounds 4..3"),
        ([3], [3, 3], "one lower and one upper size bound for each group"),
    ],
)
def test_impossible_bounds_are_explained(lower, upper, message):
    with pytest.raises(GroupingError, match=message):
        _solve(lower, upper)


def test_forbidden_pair_fixed_to_the_same_group_is_a_contradiction():
    with pytest.raises(GroupingError, match="elements 1 and 4 may not share a group"):
        _solve([3, 3], [3, 3], forbidden=[(4, 1)], fixed={1: 0, 4: 0})


def test_more_fixed_members_than_a_group_holds_is_refused():
    with pytest.raises(
        GroupingError, match="3 elements are fixed to group 1, which holds at most 2"
    ):
        _solve([2, 2, 2], [2, 2, 2], fixed={0: 1, 1: 1, 2: 1})


def test_fixed_members_that_starve_other_groups_are_refused():
    with pytest.raises(GroupingError, match="too few people to fill every group"):
        _solve([2, 3], [4, 4], fixed={0: 0, 1: 0, 2: 0, 3: 0})


def test_a_forbidden_pair_of_one_element_is_refused():
    with pytest.raises(GroupingError, match=r"forbidden pair \(2, 2\)"):
        _solve([3, 3], [3, 3], forbidden=[(2, 2)])


GOOD = "3 1 ss 3 3\n0 1 1.5\n0 2 2\n1 2 3\n"


def test_a_well_formed_file_is_read():
    instance = parse_instance(GOOD)

    assert instance.n == 3
    assert instance.lower == instance.upper == (3,)
    assert instance.distances[2, 1] == 3.0


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "the file is empty"),
        ("3 1 xs 3 3\n", 1, "size type must be 'ss' or 'ds'"),
        ("3 2 ss 3 3\n", 1, "expected 4 group bounds"),
        ("3 1 ss 3 3\n0 1 1.5\n0 2 x\n1 2 3\n", 3, "distance 'x' is not a number"),
        ("3 1 ss 3 3\n0 1 1.5\n0 2 2 7\n1 2 3\n", 3, "expected 'i j d'"),
        ("3 1 ss 3 3\n0 1 1.5\n1 0 2\n1 2 3\n", 3, "expected 0 <= i < j < 3"),
        ("3 1 ss 3 3\n0 1 1.5\n0 1 2\n1 2 3\n", 3, r"pair \(0, 1\) appears a second time"),
        ("3 1 ss 3 3\n0 1 1.5\n0 2 2\n", 3, "ends after 2 pair lines; expected 3"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_line(text, line, message):
    with pytest.raises(InstanceFormatError, match=f"^line {line}: .*{message}") as raised:
        parse_instance(text)

    assert raised.value.line == line


def test_asymmetric_distances_are_refused():
    d = D6.copy()
    d[0, 5] = 2.0

    with pytest.raises(GroupingError, match="must be symmetric"):
        solve(d, [3, 3], [3, 3], time_limit=1, seed=0, max_trials=5)


def test_distances_that_are_not_finite_are_refused():
    d = D6.copy()
    d[1, 2] = d[2, 1] = np.nan

    with pytest.raises(GroupingError, match="must be finite"):
        solve(d, [3, 3], [3, 3], time_limit=1, seed=0, max_trials=5)

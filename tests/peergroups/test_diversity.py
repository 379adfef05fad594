"""The diversity measure: its parts, its explanation, and the matrix built for many people."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convene.peergroups.diversity import (
    Profile,
    distance_matrix,
    explain,
    pair_differences,
    pair_diversity,
    perspective_words,
)

EVEN = {"function": 1, "level": 1, "site": 1, "tenure": 1, "expertise": 1, "perspectives": 1}


def test_each_difference_runs_from_alike_to_most_different():
    a = Profile(1, 0, 1, 0, frozenset({"Data"}), frozenset({"finance"}))
    b = Profile(2, 3, 1, 3, frozenset({"Coaching"}), frozenset({"finance"}))
    assert pair_differences(a, b) == {
        "function": 1.0,
        "level": 1.0,
        "site": 0.0,
        "tenure": 1.0,
        "expertise": 1.0,
        "perspectives": 0.0,
    }


def test_what_a_blank_profile_leaves_unknown_counts_one_half():
    assert set(pair_differences(Profile(), Profile(1, 1, 1, 1)).values()) == {0.5}


def test_weights_decide_what_counts():
    a, b = Profile(function=1, site=1), Profile(function=2, site=1)
    only_function = dict.fromkeys(EVEN, 0) | {"function": 1}
    only_site = dict.fromkeys(EVEN, 0) | {"site": 1}
    assert pair_diversity(a, b, only_function) == 1.0
    assert pair_diversity(a, b, only_site) == 0.0


def test_explanation_reads_as_a_sentence():
    a = Profile(1, 0, 1, 0, frozenset({"Data", "Budgets"}))
    b = Profile(2, 1, 2, 0, frozenset({"Data", "Coaching"}))
    assert explain(a, b) == (
        "different function, level and site; same length of service; shares one area of expertise"
    )
    assert explain(Profile(), Profile()) == "expertise not known for both"


def test_perspective_words_ignore_case_short_and_common_words():
    assert perspective_words("I bring Lean thinking from the Shop floor, and that is it") == {
        "lean",
        "thinking",
        "shop",
        "floor",
    }


profiles = st.builds(
    Profile,
    function=st.none() | st.integers(0, 4),
    level=st.none() | st.integers(0, 3),
    site=st.none() | st.integers(0, 2),
    tenure_band=st.none() | st.integers(0, 3),
    expertise=st.frozensets(st.sampled_from("abcdefg"), max_size=4),
    perspectives=st.frozensets(st.sampled_from(["lean", "safety", "data", "people"]), max_size=3),
)
weights = st.fixed_dictionaries({name: st.integers(0, 10) for name in EVEN}).filter(
    lambda w: sum(w.values()) > 0
)


@settings(max_examples=60, deadline=None)
@given(st.lists(profiles, min_size=2, max_size=8), weights)
def test_the_matrix_agrees_with_the_pairwise_measure(people, chosen):
    matrix = distance_matrix(people, chosen)
    assert matrix.dtype == np.float32 and np.allclose(matrix, matrix.T)
    for i, a in enumerate(people):
        for j, b in enumerate(people):
            expected = 0.0 if i == j else pair_diversity(a, b, chosen)
            assert matrix[i, j] == pytest.approx(expected, abs=1e-5)

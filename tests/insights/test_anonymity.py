"""The anonymity rules, checked by hand on small groups."""

from __future__ import annotations

import random

import pytest

from convene.insights import anonymity
from convene.insights.anonymity import Policy, Response


def people(n: int, period: int = 0, answer: int = 3, **groups: str) -> list[Response]:
    return [Response(answer, groups, period) for _ in range(n)]


def test_the_default_policy_needs_five_for_scores_and_ten_for_comments():
    assert Policy() == Policy(minimum=5, free_text_minimum=10)


def test_an_organisation_may_lower_the_threshold_to_three_but_no_further():
    assert Policy(minimum=3).minimum == 3
    with pytest.raises(ValueError, match="smallest group a result may describe is 3 people"):
        Policy(minimum=2)


def test_free_text_may_not_need_fewer_respondents_than_scores():
    with pytest.raises(ValueError, match="Free text needs at least as many"):
        Policy(minimum=6, free_text_minimum=5)


def test_a_tally_counts_sums_and_distributes_answers():
    result = anonymity.tally([1, 5, 5, 3], scale=5)
    assert (result.count, result.total, result.distribution) == (4, 14, (1, 0, 1, 0, 2))
    assert result.mean == 3.5
    assert anonymity.tally([], scale=7).mean is None


def test_an_answer_off_the_scale_is_refused():
    with pytest.raises(ValueError, match="between 1 and 5"):
        anonymity.tally([6])


def test_a_single_small_cell_takes_the_next_smallest_with_it():
    # c (2) is below 5; total - a - b would give c, so b (8, smaller than a) is hidden too.
    assert anonymity.suppress_breakdown({"a": 10, "b": 8, "c": 2}, Policy()) == {"a"}


def test_two_tiny_cells_together_still_need_company():
    # b + c = 4 < 5, so d (7, the smallest shown) joins them: hidden part 11.
    shown = anonymity.suppress_breakdown({"a": 9, "b": 2, "c": 2, "d": 7}, Policy())
    assert shown == {"a"}


def test_small_cells_that_already_make_up_the_minimum_need_no_company():
    assert anonymity.suppress_breakdown({"a": 6, "b": 3, "c": 2}, Policy()) == {"a"}


def test_an_empty_cell_hides_nothing_else():
    assert anonymity.suppress_breakdown({"a": 5, "b": 5, "c": 0}, Policy()) == {"a", "b"}


def test_a_total_below_the_threshold_hides_the_whole_breakdown():
    assert anonymity.suppress_breakdown({"a": 3, "b": 1}, Policy()) == set()


def test_a_breakdown_of_only_small_cells_hides_every_cell():
    assert anonymity.suppress_breakdown({"a": 3, "b": 3}, Policy()) == set()


def test_a_figure_is_rereleased_only_after_the_minimum_of_new_respondents():
    assert not anonymity.may_rerelease([], 4, 5)
    assert anonymity.may_rerelease([], 5, 5)
    assert not anonymity.may_rerelease([5], 9, 5)
    assert anonymity.may_rerelease([5], 10, 5)
    assert not anonymity.may_rerelease([5, 10], 14, 5)


def test_a_total_under_the_threshold_is_hidden_with_every_cell():
    responses = people(4, community="a")
    (snapshot,) = anonymity.release_history(responses, ["community"], 1, Policy())
    assert {f.status for f in snapshot.figures} == {"hidden"}
    assert all(f.tally is None for f in snapshot.figures)


def test_shown_cells_carry_their_whole_distribution():
    responses = people(5, answer=2, community="a") + people(5, answer=4, community="b")
    (snapshot,) = anonymity.release_history(responses, ["community"], 1, Policy())
    a, b = snapshot.breakdown("community")
    assert a.status == "shown" and a.tally == anonymity.Tally(5, 10, (0, 5, 0, 0, 0))
    assert b.tally is not None and b.tally.distribution == (0, 0, 0, 5, 0)
    assert snapshot.total.tally is not None and snapshot.total.tally.mean == 3.0


def test_a_breakdown_hides_a_cell_that_the_total_would_give_away():
    responses = people(7, community="a") + people(6, community="b") + people(2, community="c")
    (snapshot,) = anonymity.release_history(responses, ["community"], 1, Policy())
    statuses = {f.cell: f.status for f in snapshot.breakdown("community")}
    assert statuses == {"a": "shown", "b": "hidden", "c": "hidden"}
    assert snapshot.total.status == "shown"


def test_too_few_new_respondents_leave_the_previous_figures_standing():
    first = people(6, community="a", answer=5) + people(6, community="b")
    later = people(2, period=1, community="a", answer=1)
    snapshots = anonymity.release_history(first + later, ["community"], 2, Policy())
    second = snapshots[1]
    assert second.total.status == "held" and second.total.as_of == 0
    a = second.breakdown("community")[0]
    assert a.status == "held" and a.tally == anonymity.tally([5] * 6)


def test_a_cell_moves_again_once_the_minimum_have_arrived_since_it_was_shown():
    first = people(6, community="a") + people(6, community="b")
    later = people(2, period=1, community="a") + people(3, period=2, community="a")
    snapshots = anonymity.release_history(first + later, ["community"], 3, Policy())
    a, b = snapshots[2].breakdown("community")
    assert (a.status, a.as_of, a.tally and a.tally.count) == ("shown", 2, 11)
    assert (b.status, b.as_of) == ("shown", 0)


def test_later_responses_never_change_a_snapshot_already_shown():
    first = people(6, community="a") + people(3, community="b")
    later = people(4, period=1, community="b") + people(7, period=2, community="a")
    before = anonymity.release_history(first + later[:4], ["community"], 2, Policy())
    after = anonymity.release_history(first + later, ["community"], 3, Policy())
    assert after[:2] == before


def test_a_site_inside_a_community_cannot_expose_the_rest_of_the_community():
    # Site s lies wholly inside community a: a (7) minus s (5) would give 2 people.
    responses = (
        people(5, community="a", site="s")
        + people(2, community="a", site="t")
        + people(6, community="b", site="t")
    )
    (snapshot,) = anonymity.release_history(responses, ["community", "site"], 1, Policy())
    shown = {(f.dimension, f.cell) for f in snapshot.figures if f.status == "shown"}
    assert not {("community", "a"), ("site", "s")} <= shown
    assert ("", "") in shown


def test_find_disclosure_spots_a_difference_of_nested_groups():
    assert anonymity.find_disclosure([frozenset(range(10)), frozenset(range(9))], 5) == {9}
    assert anonymity.find_disclosure([frozenset(range(10)), frozenset(range(5))], 5) is None


def test_find_disclosure_spots_a_small_group_left_by_two_disjoint_groups():
    groups = [frozenset(range(12)), frozenset(range(5)), frozenset(range(5, 10))]
    assert anonymity.find_disclosure(groups, 5) == {10, 11}


def test_comments_from_a_small_group_are_withheld():
    assert anonymity.release_free_text(["x"] * 9, Policy()) == []


def test_comments_come_back_shuffled_and_complete():
    texts = [f"comment {i}" for i in range(12)]
    released = anonymity.release_free_text(texts, Policy(), rng=random.Random(1))
    assert sorted(released) == sorted(texts) and released != texts


def test_comments_by_cell_follow_the_free_text_threshold_and_complementary_rule():
    assert anonymity.free_text_cells({"a": 12, "b": 11, "c": 4}, Policy()) == {"a"}
    assert anonymity.free_text_cells({"a": 12, "b": 9}, Policy()) == set()


def test_the_anonymity_rules_import_no_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(anonymity))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not any(name and name.startswith("django") for name in imported)

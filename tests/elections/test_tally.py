"""The count, checked by hand on small elections, ties included."""

from __future__ import annotations

import pytest

from convene.elections import tally


def test_a_majority_of_first_preferences_wins_in_the_first_round():
    result = tally.instant_runoff(
        ["a", "b", "c"], [["a"], ["a", "b"], ["a"], ["b"], ["c", "b"]], seed="s"
    )
    assert result.winner == "a"
    assert [r.counts for r in result.rounds] == [{"a": 3, "b": 1, "c": 1}]


def test_transfers_decide_when_no_one_has_a_majority():
    # Round 1: a 4, b 3, c 2 -> c out; c's ballots go to b -> b 5 of 9.
    ballots = [["a"]] * 4 + [["b"]] * 3 + [["c", "b"]] * 2
    result = tally.instant_runoff(["a", "b", "c"], ballots, seed="s")
    assert result.winner == "b"
    assert [r.counts for r in result.rounds] == [{"a": 4, "b": 3, "c": 2}, {"a": 4, "b": 5}]
    assert result.rounds[0].eliminated == "c" and result.rounds[0].tie_break == ""


def test_exhausted_ballots_stop_counting_towards_the_majority():
    # Round 1: a 3, b 2, c 2 (tied fewest, level in every round) -> lot; then a 3 of 5 counting.
    ballots = [["a"]] * 3 + [["b"]] * 2 + [["c"]] * 2
    result = tally.instant_runoff(["a", "b", "c"], ballots, seed="s")
    second = result.rounds[1]
    assert second.exhausted == 2 and result.winner == "a"


def test_a_tie_for_fewest_eliminates_the_one_behind_in_the_earliest_round_they_differ():
    # Round 1: a 4, b 3, c 2, d 2 -> tie c/d broken by lot (level in round 1).
    # Build a case where two tie in round 2 but differed in round 1:
    # Round 1: a 5, b 4, c 3, d 1 -> d out, d's ballot to c -> Round 2: a 5, b 4, c 4.
    # b and c tie for fewest in round 2; in round 1 c had 3 < b's 4, so c is eliminated.
    ballots = [["a"]] * 5 + [["b"]] * 4 + [["c"]] * 3 + [["d", "c"]]
    result = tally.instant_runoff(["a", "b", "c", "d"], ballots, seed="s")
    assert result.rounds[1].counts == {"a": 5, "b": 4, "c": 4}
    assert result.rounds[1].eliminated == "c"
    assert "round 1" in result.rounds[1].tie_break
    assert result.rounds[2].counts == {"a": 5, "b": 4} and result.winner == "a"


def test_a_tie_level_in_every_round_is_settled_by_the_published_lot():
    ballots = [["a"]] * 2 + [["b"]] * 2
    lots = {c: tally.lot("seed-1", c) for c in "ab"}
    loser = min(lots, key=lots.__getitem__)
    result = tally.instant_runoff(["a", "b"], ballots, seed="seed-1")
    assert result.rounds[0].eliminated == loser
    assert "lot" in result.rounds[0].tie_break
    assert result.winner == ({"a", "b"} - {loser}).pop()
    again = tally.instant_runoff(["a", "b"], list(reversed(ballots)), seed="seed-1")
    assert again.winner == result.winner


def test_no_ballots_elects_no_one():
    assert tally.instant_runoff(["a", "b"], [], seed="s").winner is None


@pytest.mark.parametrize(
    ("ranking", "message"),
    [(["a", "a"], "more than once"), (["a", "z"], "not a candidate")],
)
def test_a_ranking_with_duplicates_or_strangers_is_refused(ranking, message):
    with pytest.raises(tally.BallotError, match=message):
        tally.instant_runoff(["a", "b"], [ranking], seed="s")


def test_approval_elects_the_most_approved_and_breaks_ties_by_lot():
    result = tally.approval(["a", "b", "c"], [["a", "b"], ["b"], ["a", "c"], []], seed="s")
    assert result.rounds[0].counts == {"a": 2, "b": 2, "c": 1}
    assert result.winner == max("ab", key=lambda c: tally.lot("s", c))
    assert result.rounds[0].tie_break and result.rounds[0].exhausted == 1


def test_consent_needs_support_and_no_objection():
    assert tally.consent("a", ["support", "abstain"]).winner == "a"
    assert tally.consent("a", ["support", "object"]).winner is None
    assert tally.consent("a", ["abstain"]).winner is None
    assert tally.consent("a", ["support", "object", "abstain"]).consent == {
        "support": 1,
        "abstain": 1,
        "object": 1,
    }


def test_a_published_file_recounts_to_the_same_result():
    published = {
        "kind": "ranked",
        "seed": "s",
        "candidates": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c"}],
        "ballots": [{"choices": ["c", "b"]}, {"choices": ["a"]}, {"choices": ["b"]}],
    }
    direct = tally.instant_runoff(["a", "b", "c"], [["c", "b"], ["a"], ["b"]], seed="s")
    assert tally.recount(published) == direct


def test_tally_imports_no_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(tally))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not any(name and name.startswith("django") for name in imported)

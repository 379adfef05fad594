"""Count an election's ballots: instant run-off, approval and a consent round.

Pure Python with no Django import, so anyone can recount a published
election with the same code that counted it: save the ballots JSON from the
election's results page and run

    python -m convene.elections.tally ballots.json

Candidates are opaque strings (Convene uses nomination ids). Every count is
deterministic: the same ballots and seed always give the same result.

Tie-break rule (instant run-off). When two or more candidates share the
fewest votes in a round, the one to be eliminated is the one with fewer
votes in the earliest round in which the tied candidates' counts differ. If
they were level in every round so far, a lot decides: each candidate's lot
is the SHA-256 hash of the election's seed (published when the election
opens), a colon and the candidate's id, and the lowest lot is eliminated.
Approval voting breaks a tie for the most approvals by the same lot, the
highest lot winning.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

SUPPORT, ABSTAIN, OBJECT = "support", "abstain", "object"


class BallotError(ValueError):
    """A ballot that cannot be counted: the message says why."""


@dataclass
class Round:
    """One round of a count: each continuing candidate's votes and what happened next."""

    counts: dict[str, int]
    exhausted: int = 0
    eliminated: str | None = None
    tie_break: str = ""


@dataclass
class Result:
    method: str
    candidates: list[str]
    ballots: int
    rounds: list[Round] = field(default_factory=list)
    winner: str | None = None
    consent: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def lot(seed: str, candidate: str) -> str:
    """A candidate's lot: fixed by the published seed, unknowable before it is drawn."""
    return hashlib.sha256(f"{seed}:{candidate}".encode()).hexdigest()


def check_ranking(candidates: Sequence[str], ranking: Sequence[str]) -> None:
    """Refuse a ranking that names a candidate twice or someone who is not standing."""
    unknown = [choice for choice in ranking if choice not in candidates]
    if unknown:
        raise BallotError("The ballot names someone who is not a candidate.")
    if len(set(ranking)) != len(ranking):
        raise BallotError("The ballot ranks a candidate more than once.")


def instant_runoff(
    candidates: Sequence[str], rankings: Iterable[Sequence[str]], seed: str
) -> Result:
    """Count ranked ballots by instant run-off, eliminating one candidate per round.

    A candidate wins with more than half of the ballots still counting in a
    round (those ranking a continuing candidate), or by being the last left.
    """
    ballots = [list(ranking) for ranking in rankings]
    for ranking in ballots:
        check_ranking(candidates, ranking)
    result = Result(method="ranked", candidates=list(candidates), ballots=len(ballots))
    continuing = list(candidates)
    while continuing:
        this_round = _count_round(continuing, ballots)
        result.rounds.append(this_round)
        counting = sum(this_round.counts.values())
        leader = max(continuing, key=lambda c: this_round.counts[c])
        if counting and this_round.counts[leader] * 2 > counting:
            result.winner = leader
            return result
        if len(continuing) == 1:
            result.winner = continuing[0] if counting else None
            return result
        loser, reason = _choose_elimination(continuing, result.rounds, seed)
        this_round.eliminated, this_round.tie_break = loser, reason
        continuing.remove(loser)
    return result


def approval(candidates: Sequence[str], approvals: Iterable[Sequence[str]], seed: str) -> Result:
    """Count approval ballots: the candidate approved on most ballots wins."""
    ballots = [list(chosen) for chosen in approvals]
    for chosen in ballots:
        check_ranking(candidates, chosen)
    counts = {c: sum(c in chosen for chosen in ballots) for c in candidates}
    result = Result(method="approval", candidates=list(candidates), ballots=len(ballots))
    this_round = Round(counts=counts, exhausted=sum(not chosen for chosen in ballots))
    result.rounds.append(this_round)
    if not candidates or not any(counts.values()):
        return result
    most = max(counts.values())
    tied = [c for c in candidates if counts[c] == most]
    result.winner = max(tied, key=lambda c: lot(seed, c))
    if len(tied) > 1:
        this_round.tie_break = "Tied for the most approvals: the highest lot won."
    return result


def consent(candidate: str, answers: Iterable[str]) -> Result:
    """Count a consent round for a single candidate.

    Consent is given when at least one member supports and no one objects;
    abstentions neither give nor withhold it.
    """
    answers = list(answers)
    unknown = set(answers) - {SUPPORT, ABSTAIN, OBJECT}
    if unknown:
        raise BallotError("A consent ballot answers support, abstain or object.")
    tally = {answer: answers.count(answer) for answer in (SUPPORT, ABSTAIN, OBJECT)}
    result = Result(method="consent", candidates=[candidate], ballots=len(answers), consent=tally)
    result.rounds.append(Round(counts={candidate: tally[SUPPORT]}))
    if tally[SUPPORT] and not tally[OBJECT]:
        result.winner = candidate
    return result


def _count_round(continuing: list[str], ballots: list[list[str]]) -> Round:
    counts = dict.fromkeys(continuing, 0)
    exhausted = 0
    for ranking in ballots:
        top = next((choice for choice in ranking if choice in counts), None)
        if top is None:
            exhausted += 1
        else:
            counts[top] += 1
    return Round(counts=counts, exhausted=exhausted)


def _choose_elimination(continuing: list[str], rounds: list[Round], seed: str) -> tuple[str, str]:
    """The candidate to eliminate after the latest round, and how a tie was broken."""
    latest = rounds[-1].counts
    fewest = min(latest[c] for c in continuing)
    tied = [c for c in continuing if latest[c] == fewest]
    if len(tied) == 1:
        return tied[0], ""
    for number, earlier in enumerate(rounds, start=1):
        lowest = min(earlier.counts[c] for c in tied)
        fewer = [c for c in tied if earlier.counts[c] == lowest]
        if len(fewer) < len(tied):
            tied = fewer
            if len(tied) == 1:
                return tied[0], f"Tied for fewest: eliminated for fewer votes in round {number}."
    loser = min(tied, key=lambda c: lot(seed, c))
    return loser, "Tied for fewest in every round so far: eliminated by the lowest lot."


def recount(published: Mapping[str, Any]) -> Result:
    """Count an election from its published ballots file."""
    candidates = [str(c["id"]) for c in published["candidates"]]
    seed = str(published["seed"])
    ballots = published["ballots"]
    kind = published["kind"]
    if kind == "consent":
        return consent(candidates[0], [str(b["consent"]) for b in ballots])
    count = instant_runoff if kind == "ranked" else approval
    return count(candidates, [list(b["choices"]) for b in ballots], seed)


if __name__ == "__main__":  # pragma: no cover - a command for people recounting by hand
    with open(sys.argv[1], encoding="utf-8") as file:
        print(json.dumps(recount(json.load(file)).as_dict(), indent=2))

"""What the results page, the API and the downloads publish once an election is closed.

Nothing here answers before the close, for anyone: the count does not exist
until then, and the ballots are only published with it.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from convene.elections.models import Ballot, Election
from convene.elections.services import ElectionError

HIDDEN = "Results are published when voting closes."
TIE_BREAK = (
    "When candidates tie for the fewest votes in a round, the one with fewer votes in the "
    "earliest round in which their counts differ is eliminated. If they were level in every "
    "round, a lot decides: each candidate's lot is the SHA-256 hash of the election's seed, a "
    "colon and the candidate's id, and the lowest lot is eliminated. When three or more tie, "
    "each earlier round in turn keeps only those of them with the fewest votes, and the lot "
    "decides among any still level. The seed's own SHA-256 hash was published when "
    "nominations opened and the seed is revealed at the close, so anyone can check it was "
    "fixed beforehand. In approval voting a tie for the most approvals goes to the highest lot."
)


def require_closed(election: Election) -> None:
    if not election.is_closed:
        raise ElectionError(HIDDEN)


def candidate_names(election: Election) -> dict[str, str]:
    standing = election.nominations.accepted().select_related("nominee")
    return {str(n.pk): n.nominee.full_name for n in standing}


def rounds(election: Election, names: dict[str, str]) -> list[dict[str, Any]]:
    """The count round by round, candidates by name, most votes first."""
    require_closed(election)
    shown = []
    for number, counted in enumerate(election.result.get("rounds", []), start=1):
        counts = sorted(counted["counts"].items(), key=lambda item: (-item[1], names.get(item[0])))
        shown.append(
            {
                "number": number,
                "counts": [{"candidate": names.get(c, c), "id": c, "votes": n} for c, n in counts],
                "exhausted": counted["exhausted"],
                "eliminated": names.get(counted["eliminated"] or ""),
                "tie_break": counted["tie_break"],
            }
        )
    return shown


def published(election: Election) -> dict[str, Any]:
    """The whole election as published for recounting: candidates, seed and every ballot."""
    require_closed(election)
    names = candidate_names(election)
    ballots = election.ballots.order_by("id")  # random ids: says nothing of who or when
    return {
        "election": str(election.pk),
        "community": election.community.slug,
        "kind": election.result.get("method", election.method),
        "seed": election.seed,
        "seed_commitment": election.seed_commitment,
        "candidates": [{"id": pk, "name": name} for pk, name in names.items()],
        "ballots": [_ballot(b) for b in ballots],
        # Who was elected, not who led the count: no one when the quorum or consent failed.
        "winner": election.winner.full_name if election.winner else None,
        "outcome": election.outcome,
    }


def as_csv(election: Election) -> str:
    data = published(election)
    names = {c["id"]: c["name"] for c in data["candidates"]}
    most = max([len(b["choices"]) for b in data["ballots"]] + [0])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ballot", *[f"choice {n}" for n in range(1, most + 1)], "consent", "reason"])
    for ballot in data["ballots"]:
        chosen = [names.get(c, c) for c in ballot["choices"]]
        padding = [""] * (most - len(chosen))
        writer.writerow([ballot["id"], *chosen, *padding, ballot["consent"], ballot["reason"]])
    return out.getvalue()


def readable(data: dict[str, Any]) -> list[dict[str, str]]:
    """Published ballots with candidates by name, for the ballots page."""
    names = {c["id"]: c["name"] for c in data["candidates"]}
    joiner = " → " if data["kind"] == "ranked" else ", "
    return [
        {
            "id": b["id"],
            "text": joiner.join(names.get(c, c) for c in b["choices"]),
            "consent": b["consent"],
            "reason": b["reason"],
        }
        for b in data["ballots"]
    ]


def _ballot(ballot: Ballot) -> dict[str, Any]:
    return {
        "id": str(ballot.pk),
        "choices": list(ballot.choices),
        "consent": ballot.consent,
        "reason": ballot.reason,
    }

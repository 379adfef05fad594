"""Elections over the API: open, nominate, answer, cast a ballot, close, and read results.

No endpoint returns a person's ballot: ballots are published only after the
close, anonymised and ordered by their random ids, and results are refused
to everyone until then.
"""

import datetime
import uuid
from typing import Annotated, Any

from django.db.models import Count, QuerySet
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import AwareDatetime, StringConstraints

from convene.api.types import Text
from convene.elections import results, services
from convene.elections.access import (
    get_election_by_id,
    get_election_community_for_user,
    get_nomination_for_user,
)
from convene.elections.models import REASON_LIMIT, STATEMENT_LIMIT, Election, Nomination
from convene.elections.services import ElectionError
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef
from convene.people.models import User

router = Router(tags=["elections"])

Statement = Annotated[str, StringConstraints(max_length=STATEMENT_LIMIT), *Text.__metadata__]


class ElectionIn(Schema):
    voting_opens_at: AwareDatetime = Field(description="Nominations close when voting opens.")
    voting_closes_at: AwareDatetime
    method: Election.Method = Election.Method.RANKED
    term_starts_on: datetime.date | None = Field(
        None,
        description="Default: the day after the current term ends, or after voting closes. "
        "Within five years.",
    )
    quorum_percent: int | None = Field(
        None, description="From 1 to 100; default: the community's election settings."
    )


class WindowIn(Schema):
    voting_opens_at: AwareDatetime
    voting_closes_at: AwareDatetime


class ElectionOut(Schema):
    id: uuid.UUID
    community: str
    url: str
    method: str
    phase: str
    nominations_open_at: datetime.datetime
    voting_opens_at: datetime.datetime
    voting_closes_at: datetime.datetime
    quorum_percent: int
    term_starts_on: datetime.date
    term_ends_on: datetime.date
    seed: str | None = Field(
        description="Draws lots for ties (see the README); revealed at the close, empty before."
    )
    seed_commitment: str = Field(description="The seed's SHA-256 hash, published at opening.")
    turnout: int = Field(description="How many members have voted; shown while voting runs.")
    outcome: str = Field(description="Empty until the election is closed.")
    winner: PersonRef | None

    @staticmethod
    def resolve_community(election: Election) -> str:
        return election.community.slug

    @staticmethod
    def resolve_url(election: Election) -> str:
        return election.get_absolute_url()

    @staticmethod
    def resolve_seed(election: Election) -> str | None:
        return election.revealed_seed

    @staticmethod
    def resolve_phase(election: Election) -> str:
        return str(election.phase())

    @staticmethod
    def resolve_turnout(election: Election) -> int:
        counted = getattr(election, "receipt_count", None)
        return election.receipts.count() if counted is None else counted


class NominationIn(Schema):
    nominee: Annotated[str, StringConstraints(max_length=60), *Text.__metadata__] = Field(
        description="The member's handle; your own to stand yourself."
    )
    statement: Statement = ""


class ResponseIn(Schema):
    accept: bool
    statement: Statement = ""


class NominationOut(Schema):
    id: uuid.UUID
    nominee: PersonRef
    nominated_by: str | None = Field(description="Handle; empty for the co-convenor successor.")
    status: str
    statement: str

    @staticmethod
    def resolve_nominated_by(nomination: Nomination) -> str | None:
        return nomination.nominated_by.handle if nomination.nominated_by else None


class BallotIn(Schema):
    choices: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=100,
        description="Candidates' nomination ids: ranked first to last, or those you approve.",
    )
    consent: str = Field("", description="For a single candidate: support, abstain or object.")
    reason: Annotated[str, StringConstraints(max_length=REASON_LIMIT), *Text.__metadata__] = ""


class VotedOut(Schema):
    voted: bool
    detail: str


class RoundOut(Schema):
    number: int
    counts: list[dict[str, Any]]
    exhausted: int
    eliminated: str | None
    tie_break: str


class ResultOut(Schema):
    outcome: str
    winner: PersonRef | None
    method: str
    electorate: int
    turnout: int
    quorum_percent: int
    rounds: list[RoundOut]
    consent: dict[str, int]
    tie_break_rule: str


class PublishedBallot(Schema):
    id: uuid.UUID
    choices: list[str]
    consent: str
    reason: str


class PublishedOut(Schema):
    election: uuid.UUID
    community: str
    kind: str
    seed: str
    seed_commitment: str
    candidates: list[dict[str, str]]
    ballots: list[PublishedBallot]
    winner: str | None
    outcome: str


def _elections(queryset: QuerySet[Election]) -> QuerySet[Election]:
    return queryset.select_related("community", "winner").annotate(receipt_count=Count("receipts"))


def _election(request: AuthenticatedRequest, election_id: uuid.UUID) -> Election:
    return get_election_by_id(request.user, election_id)


@router.get(
    "/communities/{slug}/elections",
    response=list[ElectionOut],
    summary="A community's elections, latest first",
)
@paginate
def election_list(request: AuthenticatedRequest, slug: str) -> object:
    community = get_election_community_for_user(request.user, slug)
    return _elections(Election.objects.filter(community=community).all())


@router.post(
    "/communities/{slug}/elections",
    response={201: ElectionOut},
    summary="Open nominations and set the voting window",
)
def election_create(request: AuthenticatedRequest, slug: str, body: ElectionIn) -> Election:
    community = get_election_community_for_user(request.user, slug)
    return services.open_election(actor=request.user, community=community, **body.dict())


@router.get("/elections/{election_id}", response=ElectionOut, summary="One election")
def election_detail(request: AuthenticatedRequest, election_id: uuid.UUID) -> Election:
    return _elections(Election.objects.filter(pk=_election(request, election_id).pk)).get()


@router.put("/elections/{election_id}/window", response=ElectionOut, summary="Move voting")
def window_update(
    request: AuthenticatedRequest, election_id: uuid.UUID, body: WindowIn
) -> Election:
    election = _election(request, election_id)
    return services.set_voting_window(actor=request.user, election=election, **body.dict())


@router.get(
    "/elections/{election_id}/nominations",
    response=list[NominationOut],
    summary="Nominations, accepted or not",
)
def nomination_list(request: AuthenticatedRequest, election_id: uuid.UUID) -> object:
    election = _election(request, election_id)
    return election.nominations.select_related("nominee", "nominated_by")


@router.post(
    "/elections/{election_id}/nominations",
    response={201: NominationOut},
    summary="Nominate a member, or yourself",
)
def nomination_create(
    request: AuthenticatedRequest, election_id: uuid.UUID, body: NominationIn
) -> Nomination:
    election = _election(request, election_id)
    nominee = User.objects.filter(handle=body.nominee, is_active=True).first()
    if nominee is None:
        raise ElectionError(f"No one has the handle “{body.nominee}”.")
    return services.nominate(
        actor=request.user, election=election, nominee=nominee, statement=body.statement
    )


@router.post(
    "/elections/{election_id}/nominations/{nomination_id}/respond",
    response=NominationOut,
    summary="Accept or decline your nomination",
)
def nomination_respond(
    request: AuthenticatedRequest,
    election_id: uuid.UUID,
    nomination_id: uuid.UUID,
    body: ResponseIn,
) -> Nomination:
    election = _election(request, election_id)
    nomination = get_nomination_for_user(request.user, election, nomination_id)
    return services.respond_to_nomination(
        actor=request.user, nomination=nomination, accept=body.accept, statement=body.statement
    )


@router.post(
    "/elections/{election_id}/ballots",
    response={201: VotedOut},
    summary="Cast your secret ballot, once",
)
def ballot_cast(request: AuthenticatedRequest, election_id: uuid.UUID, body: BallotIn) -> object:
    """Nothing is returned about the ballot itself: only that your vote was recorded."""
    election = _election(request, election_id)
    services.cast_ballot(
        actor=request.user,
        election=election,
        choices=[str(choice) for choice in body.choices],
        consent=body.consent,
        reason=body.reason,
    )
    return {"voted": True, "detail": "Your vote is cast."}


@router.post("/elections/{election_id}/close", response=ElectionOut, summary="Count the votes")
def election_close(request: AuthenticatedRequest, election_id: uuid.UUID) -> Election:
    election = services.close_election(actor=request.user, election=_election(request, election_id))
    return _elections(Election.objects.filter(pk=election.pk)).get()


@router.get(
    "/elections/{election_id}/result",
    response=ResultOut,
    summary="The result, round by round; refused until voting closes",
)
def election_result(request: AuthenticatedRequest, election_id: uuid.UUID) -> dict[str, Any]:
    election = _election(request, election_id)
    results.require_closed(election)
    names = results.candidate_names(election)
    return {
        "outcome": election.outcome,
        "winner": election.winner,
        "method": election.result.get("method", election.method),
        "electorate": election.electorate,
        "turnout": election.turnout,
        "quorum_percent": election.quorum_percent,
        "rounds": results.rounds(election, names),
        "consent": election.result.get("consent", {}),
        "tie_break_rule": results.TIE_BREAK,
    }


@router.get(
    "/elections/{election_id}/ballots",
    response=PublishedOut,
    summary="Every anonymised ballot, by random id, for recounting; refused until the close",
)
def ballot_list(request: AuthenticatedRequest, election_id: uuid.UUID) -> dict[str, Any]:
    return results.published(_election(request, election_id))

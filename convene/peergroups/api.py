"""Peer-group rounds, groups, their spaces and the diversity weights, over the API."""

import datetime
import uuid
from typing import Annotated

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import AwareDatetime, StringConstraints

from convene.api.types import Text
from convene.communities.access import get_community_for_user
from convene.lib.http import AuthenticatedRequest
from convene.peergroups import services
from convene.peergroups.access import (
    get_group_for_member,
    get_proposal_for_member,
    get_round_for_manager,
)
from convene.peergroups.models import (
    MESSAGE_LIMIT,
    Availability,
    DiversityWeights,
    GroupMessage,
    MeetingProposal,
    PeerGroup,
    Round,
)
from convene.peergroups.summaries import GroupSummary, summarise, with_members
from convene.people.api import PersonRef

router = Router(tags=["peer groups"])

Weight = Annotated[int, Field(ge=0, le=10)]
Handle = Annotated[str, StringConstraints(max_length=60), *Text.__metadata__]


class RoundIn(Schema):
    title: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
        *Text.__metadata__,
    ]
    kind: Round.Kind = Round.Kind.TRIAD
    communities: list[Handle] = Field(min_length=1, description="Slugs of communities you lead.")
    min_size: int | None = Field(None, ge=2, le=12, description="Default by kind.")
    max_size: int | None = Field(None, ge=2, le=12, description="Default by kind.")
    avoid_line_managers: bool = True
    avoid_recent_rounds: int = Field(2, ge=0, le=services.MAX_RECENT_ROUNDS)


class RoundOut(Schema):
    id: uuid.UUID
    title: str
    kind: str
    status: str
    phase: str
    progress_percent: int
    failure: str
    communities: list[str]
    min_size: int
    max_size: int
    avoid_line_managers: bool
    avoid_recent_rounds: int
    weights: dict[str, int]
    score: float | None
    created_at: datetime.datetime
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_progress_percent(round: Round) -> int:
        return round.progress_percent()

    @staticmethod
    def resolve_communities(round: Round) -> list[str]:
        return [community.slug for community in round.communities.all()]


class PairOut(Schema):
    first: str
    second: str
    diversity: float
    explanation: str


class GroupOut(Schema):
    id: uuid.UUID
    round: uuid.UUID
    round_title: str
    number: int
    score: float
    mean_diversity: float
    mix: str
    members: list[PersonRef]
    pairs: list[PairOut]


class MoveIn(Schema):
    person: Handle
    to_group: int = Field(ge=1)


class SwapIn(Schema):
    first: Handle
    second: Handle


class WeightsIn(Schema):
    function: Weight
    level: Weight
    site: Weight
    tenure: Weight
    expertise: Weight
    perspectives: Weight


class MessageIn(Schema):
    body: Annotated[str, StringConstraints(max_length=MESSAGE_LIMIT), *Text.__metadata__]


class MessageOut(Schema):
    id: int
    author: PersonRef
    body: str
    body_html: str
    created_at: datetime.datetime


class MeetingIn(Schema):
    starts_at: AwareDatetime = Field(description="With its offset, e.g. 2030-05-01T09:30:00+01:00.")
    minutes: int = Field(60, ge=15, le=480)
    place: Annotated[str, StringConstraints(max_length=200), *Text.__metadata__] = ""


class AnswerOut(Schema):
    person: str
    answer: str


class MeetingOut(Schema):
    id: uuid.UUID
    starts_at: datetime.datetime
    minutes: int
    place: str
    proposed_by: PersonRef
    confirmed: bool
    answers: list[AnswerOut]

    @staticmethod
    def resolve_confirmed(proposal: MeetingProposal) -> bool:
        return proposal.is_confirmed

    @staticmethod
    def resolve_answers(proposal: MeetingProposal) -> list[dict[str, str]]:
        return [
            {"person": a.user.handle, "answer": a.answer} for a in proposal.availabilities.all()
        ]


class AnswerIn(Schema):
    answer: Availability.Answer


def _group_out(summary: GroupSummary) -> dict[str, object]:
    group = summary.group
    return {
        "id": group.pk,
        "round": group.round_id,
        "round_title": group.round.title,
        "number": group.number,
        "score": group.score,
        "mean_diversity": summary.mean_diversity,
        "mix": summary.mix,
        "members": summary.members,
        "pairs": [
            {
                "first": pair.first.handle,
                "second": pair.second.handle,
                "diversity": pair.diversity,
                "explanation": pair.explanation,
            }
            for pair in summary.pairs
        ],
    }


def _round(round_id: uuid.UUID, request: AuthenticatedRequest) -> Round:
    return get_round_for_manager(request.user, round_id)


@router.get("/peer-groups/rounds", response=list[RoundOut], summary="Rounds you manage")
@paginate
def round_list(request: AuthenticatedRequest) -> object:
    return Round.objects.managed_by(request.user).prefetch_related("communities")


@router.post("/peer-groups/rounds", response={202: RoundOut}, summary="Start forming a round")
def round_create(request: AuthenticatedRequest, body: RoundIn) -> Round:
    """Start forming groups in the background; poll the round until its status is `ready`."""
    communities = [get_community_for_user(request.user, slug) for slug in body.communities]
    return services.start_round(
        actor=request.user,
        title=body.title,
        kind=body.kind,
        communities=communities,
        min_size=body.min_size,
        max_size=body.max_size,
        avoid_line_managers=body.avoid_line_managers,
        avoid_recent_rounds=body.avoid_recent_rounds,
    )


@router.get("/peer-groups/rounds/{round_id}", response=RoundOut, summary="One round")
def round_detail(request: AuthenticatedRequest, round_id: uuid.UUID) -> Round:
    return _round(round_id, request)


@router.get(
    "/peer-groups/rounds/{round_id}/groups",
    response=list[GroupOut],
    summary="A round's groups, with their mix and why each pair differs",
)
@paginate
def round_groups(request: AuthenticatedRequest, round_id: uuid.UUID) -> object:
    return _SummarisedGroups(with_members(_round(round_id, request).groups.all()))


@router.post("/peer-groups/rounds/{round_id}/move", response=RoundOut, summary="Move a person")
def round_move(request: AuthenticatedRequest, round_id: uuid.UUID, body: MoveIn) -> Round:
    round = _round(round_id, request)
    person = services.participant(round, body.person)
    return services.move_person(
        actor=request.user, round=round, person=person, to_number=body.to_group
    )


@router.post("/peer-groups/rounds/{round_id}/swap", response=RoundOut, summary="Swap two people")
def round_swap(request: AuthenticatedRequest, round_id: uuid.UUID, body: SwapIn) -> Round:
    round = _round(round_id, request)
    first, second = (
        services.participant(round, body.first),
        services.participant(round, body.second),
    )
    return services.swap_people(actor=request.user, round=round, first=first, second=second)


@router.post("/peer-groups/rounds/{round_id}/publish", response=RoundOut, summary="Publish")
def round_publish(request: AuthenticatedRequest, round_id: uuid.UUID) -> Round:
    return services.publish_round(actor=request.user, round=_round(round_id, request))


@router.post(
    "/peer-groups/rounds/{round_id}/reform", response={202: RoundOut}, summary="Form again"
)
def round_reform(request: AuthenticatedRequest, round_id: uuid.UUID) -> Round:
    return services.reform_round(actor=request.user, round=_round(round_id, request))


@router.delete("/peer-groups/rounds/{round_id}", response={204: None}, summary="Discard a round")
def round_discard(request: AuthenticatedRequest, round_id: uuid.UUID) -> None:
    services.discard_round(actor=request.user, round=_round(round_id, request))


@router.get("/peer-groups/groups", response=list[GroupOut], summary="Your published groups")
@paginate
def group_list(request: AuthenticatedRequest) -> object:
    groups = PeerGroup.objects.of_member(request.user).order_by("-round__published_at")
    return _SummarisedGroups(with_members(groups))


@router.get("/peer-groups/groups/{group_id}", response=GroupOut, summary="One of your groups")
def group_detail(request: AuthenticatedRequest, group_id: uuid.UUID) -> dict[str, object]:
    group = get_group_for_member(request.user, group_id)
    [summary] = summarise(with_members(PeerGroup.objects.filter(pk=group.pk)), timezone.localdate())
    return _group_out(summary)


@router.get(
    "/peer-groups/groups/{group_id}/messages",
    response=list[MessageOut],
    summary="Messages in your group's space, oldest first",
)
@paginate
def message_list(request: AuthenticatedRequest, group_id: uuid.UUID) -> object:
    group = get_group_for_member(request.user, group_id)
    return GroupMessage.objects.filter(group=group).select_related("author")


@router.post("/peer-groups/groups/{group_id}/messages", response={201: MessageOut}, summary="Write")
def message_create(
    request: AuthenticatedRequest, group_id: uuid.UUID, body: MessageIn
) -> GroupMessage:
    group = get_group_for_member(request.user, group_id)
    return services.post_message(actor=request.user, group=group, body=body.body)


@router.get(
    "/peer-groups/groups/{group_id}/meetings",
    response=list[MeetingOut],
    summary="Times suggested for your group to meet, from now on",
)
def meeting_list(request: AuthenticatedRequest, group_id: uuid.UUID) -> object:
    group = get_group_for_member(request.user, group_id)
    answers = Availability.objects.select_related("user")
    return (
        group.proposals.filter(starts_at__gte=timezone.now())
        .select_related("proposed_by")
        .prefetch_related(Prefetch("availabilities", queryset=answers))
    )


@router.post(
    "/peer-groups/groups/{group_id}/meetings", response={201: MeetingOut}, summary="Suggest a time"
)
def meeting_create(
    request: AuthenticatedRequest, group_id: uuid.UUID, body: MeetingIn
) -> MeetingProposal:
    group = get_group_for_member(request.user, group_id)
    return services.propose_meeting(actor=request.user, group=group, **body.dict())


@router.post(
    "/peer-groups/meetings/{proposal_id}/answer", response=MeetingOut, summary="Say if it suits"
)
def meeting_answer(
    request: AuthenticatedRequest, proposal_id: uuid.UUID, body: AnswerIn
) -> MeetingProposal:
    proposal = get_proposal_for_member(request.user, proposal_id)
    services.answer_proposal(actor=request.user, proposal=proposal, answer=body.answer)
    return proposal


@router.post(
    "/peer-groups/meetings/{proposal_id}/confirm", response=MeetingOut, summary="Confirm a time"
)
def meeting_confirm(request: AuthenticatedRequest, proposal_id: uuid.UUID) -> MeetingProposal:
    proposal = get_proposal_for_member(request.user, proposal_id)
    return services.confirm_meeting(actor=request.user, proposal=proposal)


@router.get("/peer-groups/weights", response=WeightsIn, summary="The diversity weights")
def weights_detail(request: AuthenticatedRequest) -> DiversityWeights:
    return DiversityWeights.current()


@router.put("/peer-groups/weights", response=WeightsIn, summary="Set the diversity weights")
def weights_update(request: AuthenticatedRequest, body: WeightsIn) -> DiversityWeights:
    """Administrators only; rounds already formed keep the weights they were formed with."""
    if not request.user.is_administrator:
        raise Http404
    return services.set_weights(actor=request.user, weights=body.dict())


class _SummarisedGroups:
    """A lazily sliced list of group summaries, so pagination summarises only one page."""

    def __init__(self, groups: object) -> None:
        self.groups = groups

    def __len__(self) -> int:
        return self.groups.count()  # type: ignore[attr-defined]

    def __getitem__(self, window: slice) -> list[dict[str, object]]:
        page = self.groups[window]  # type: ignore[index]
        return [_group_out(s) for s in summarise(page, timezone.localdate())]

import datetime
import uuid
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from convene.api.types import Text
from convene.communities import services
from convene.communities.access import (
    get_community_by_join_link,
    get_community_for_user,
    get_invitation_for_invitee,
    get_join_request_for_manager,
)
from convene.communities.models import Community, Invitation, JoinRequest, Membership
from convene.lib.http import AuthenticatedRequest
from convene.people.access import get_person_for_user
from convene.people.api import PersonRef
from convene.people.mix import TeamMix, team_mix
from convene.people.models import User

router = Router(tags=["communities"])


class CommunityOut(Schema):
    slug: str
    name: str
    visibility: str
    purpose_html: str
    sponsor: PersonRef | None
    member_count: int
    is_member: bool
    convenors: list[PersonRef]
    url: str

    @staticmethod
    def resolve_convenors(community: Any) -> list[object]:
        # `leader_memberships` is prefetched by CommunityQuerySet.for_directory().
        return [m.user for m in community.leader_memberships if m.role == Membership.Role.CONVENOR]

    @staticmethod
    def resolve_url(community: Community) -> str:
        return community.get_absolute_url()


class MemberOut(Schema):
    person: PersonRef
    role: str
    joined_at: datetime.datetime

    @staticmethod
    def resolve_person(membership: Membership) -> object:
        return membership.user


class MixRowOut(Schema):
    label: str
    count: int
    percent: int = Field(description="Whole-number share of the total, halves rounded up.")


class MixDimensionOut(Schema):
    key: Literal["function", "level", "site", "tenure"]
    name: str
    rows: list[MixRowOut]


class TeamMixOut(Schema):
    total: int
    dimensions: list[MixDimensionOut]


class JoinRequestOut(Schema):
    id: uuid.UUID
    community: str
    person: PersonRef
    message: str
    status: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_community(join_request: JoinRequest) -> str:
        return join_request.community.slug

    @staticmethod
    def resolve_person(join_request: JoinRequest) -> object:
        return join_request.user


class InvitationOut(Schema):
    id: uuid.UUID
    community: str
    community_name: str
    invited_by: PersonRef | None
    message: str
    status: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_community(invitation: Invitation) -> str:
        return invitation.community.slug

    @staticmethod
    def resolve_community_name(invitation: Invitation) -> str:
        return invitation.community.name


class CommunityFilters(Schema):
    q: Text = Field("", max_length=100)
    scope: Literal["all", "mine"] = "all"


class JoinRequestIn(Schema):
    message: Text = Field("", max_length=1000)


class DecisionIn(Schema):
    decision: Literal["approve", "decline"]


class InvitationIn(Schema):
    invitee: Text = Field(description="The handle of the person to invite.")
    message: Text = Field("", max_length=1000)


class ResponseIn(Schema):
    response: Literal["accept", "decline"]


@router.get("/communities", response=list[CommunityOut], summary="Communities you can see")
@paginate
def community_list(request: AuthenticatedRequest, filters: Query[CommunityFilters]) -> object:
    communities = Community.objects.visible_to(request.user).for_directory(request.user)
    communities = communities.search(filters.q)
    if filters.scope == "mine":
        communities = communities.joined_by(request.user)
    return communities


@router.get("/communities/{slug}", response=CommunityOut, summary="One community")
def community_detail(request: AuthenticatedRequest, slug: Text) -> Community:
    community = get_community_for_user(request.user, slug)
    return Community.objects.for_directory(request.user).get(pk=community.pk)


@router.get(
    "/communities/{slug}/members", response=list[MemberOut], summary="Current members and roles"
)
@paginate
def member_list(request: AuthenticatedRequest, slug: Text) -> object:
    community = get_community_for_user(request.user, slug)
    return community.memberships.current().select_related("user").order_by("user__full_name")


@router.get(
    "/communities/{slug}/mix",
    response=TeamMixOut,
    summary="Current members by function, level, site and tenure",
)
def community_mix(request: AuthenticatedRequest, slug: Text) -> TeamMix:
    community = get_community_for_user(request.user, slug)
    return team_mix(User.objects.filter(pk__in=community.memberships.current().values("user")))


@router.post(
    "/communities/{slug}/join", response={201: MemberOut}, summary="Join an open community"
)
def community_join(request: AuthenticatedRequest, slug: Text) -> Membership:
    community = get_community_for_user(request.user, slug)
    return services.join_community(actor=request.user, community=community)


@router.post("/communities/{slug}/leave", response={204: None}, summary="Leave a community")
def community_leave(request: AuthenticatedRequest, slug: Text) -> None:
    community = get_community_for_user(request.user, slug)
    services.leave_community(actor=request.user, community=community)


@router.get(
    "/communities/{slug}/join-requests",
    response=list[JoinRequestOut],
    summary="Pending requests to join (convenors)",
)
@paginate
def join_request_list(request: AuthenticatedRequest, slug: Text) -> object:
    community = get_community_for_user(request.user, slug)
    if not community.can_manage(request.user):
        raise Http404
    return community.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
        "user", "community"
    )


@router.post(
    "/communities/{slug}/join-requests/{request_id}/decision",
    response=JoinRequestOut,
    summary="Approve or decline a request to join (convenors)",
)
def join_request_decide(
    request: AuthenticatedRequest, slug: Text, request_id: uuid.UUID, body: DecisionIn
) -> JoinRequest:
    community = get_community_for_user(request.user, slug)
    join_request = get_join_request_for_manager(request.user, community, request_id)
    return services.decide_join_request(
        actor=request.user, join_request=join_request, approve=body.decision == "approve"
    )


@router.post(
    "/join-links/{token}/requests",
    response={201: JoinRequestOut},
    summary="Ask to join a private community through its join link",
)
def join_request_create(
    request: AuthenticatedRequest, token: Text, body: JoinRequestIn
) -> JoinRequest:
    community = get_community_by_join_link(request.user, token)
    return services.request_to_join(actor=request.user, community=community, message=body.message)


@router.post(
    "/communities/{slug}/invitations",
    response={201: InvitationOut},
    summary="Invite a person (convenors)",
)
def invitation_create(request: AuthenticatedRequest, slug: Text, body: InvitationIn) -> Invitation:
    community = get_community_for_user(request.user, slug)
    invitee = get_person_for_user(request.user, body.invitee)
    return services.invite(
        actor=request.user, community=community, invitee=invitee, message=body.message
    )


@router.get("/me/invitations", response=list[InvitationOut], summary="Your pending invitations")
def invitation_list(request: AuthenticatedRequest) -> object:
    return Invitation.objects.filter(
        invitee=request.user, status=Invitation.Status.PENDING
    ).select_related("community", "invited_by")


@router.post(
    "/invitations/{invitation_id}/response",
    response=InvitationOut,
    summary="Accept or decline an invitation",
)
def invitation_respond(
    request: AuthenticatedRequest, invitation_id: uuid.UUID, body: ResponseIn
) -> Invitation:
    invitation = get_invitation_for_invitee(request.user, invitation_id)
    return services.respond_to_invitation(
        actor=request.user, invitation=invitation, accept=body.response == "accept"
    )

import datetime
import uuid
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from convene.api.types import Text
from convene.communities import services
from convene.communities.access import (
    get_charter_community_for_user,
    get_charter_version_for_user,
    get_community_by_join_link,
    get_community_for_user,
    get_invitation_for_invitee,
    get_join_request_for_manager,
)
from convene.communities.models import (
    CHARTER_TEXT_LIMIT,
    CharterComment,
    CharterEndorsement,
    CharterVersion,
    Community,
    Invitation,
    JoinRequest,
    Membership,
)
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


# -- Charter -----------------------------------------------------------------

NOTE_LIMIT = CharterVersion._meta.get_field("note").max_length


class CharterVersionOut(Schema):
    number: int
    status: str
    purpose: str
    purpose_html: str
    norms: str
    norms_html: str
    rhythm: str
    rhythm_html: str
    offer: str
    offer_html: str
    note: str
    author: PersonRef
    created_at: datetime.datetime
    proposed_at: datetime.datetime | None
    adopted_at: datetime.datetime | None
    endorsement_count: int = Field(description="How many members have endorsed it.")
    comment_count: int
    url: str

    @staticmethod
    def resolve_url(version: CharterVersion) -> str:
        return version.get_absolute_url()


class CharterVersionIn(Schema):
    purpose: Text = Field(min_length=1, max_length=CHARTER_TEXT_LIMIT)
    norms: Text = Field("", max_length=CHARTER_TEXT_LIMIT)
    rhythm: Text = Field("", max_length=CHARTER_TEXT_LIMIT, description="Rhythm of meeting.")
    offer: Text = Field(
        "", max_length=CHARTER_TEXT_LIMIT, description="What the community offers the organisation."
    )
    note: Text = Field("", max_length=NOTE_LIMIT, description="What changed in this version.")
    propose: bool = Field(False, description="Propose the new version to the members at once.")


class CharterCommentIn(Schema):
    body: Text = Field(min_length=1, max_length=CHARTER_TEXT_LIMIT)


class CharterCommentOut(Schema):
    id: int
    author: PersonRef
    body: str
    body_html: str
    created_at: datetime.datetime


class CharterEndorsementOut(Schema):
    person: PersonRef
    created_at: datetime.datetime

    @staticmethod
    def resolve_person(endorsement: CharterEndorsement) -> object:
        return endorsement.user


def _versions(request: AuthenticatedRequest, community: Community) -> Any:
    return (
        CharterVersion.objects.visible_to(request.user, community)
        .select_related("author", "community")
        .with_counts()
    )


def _version(request: AuthenticatedRequest, slug: str, number: int) -> CharterVersion:
    community = get_charter_community_for_user(request.user, slug)
    get_charter_version_for_user(request.user, community, number)
    return _versions(request, community).get(number=number)


@router.get(
    "/communities/{slug}/charter",
    response=CharterVersionOut,
    summary="The community's current charter",
)
def charter_current(request: AuthenticatedRequest, slug: Text) -> CharterVersion:
    community = get_charter_community_for_user(request.user, slug)
    current = _versions(request, community).filter(status=CharterVersion.Status.ADOPTED).first()
    if current is None:
        raise HttpError(404, f"{community} has not adopted a charter yet.")
    return current


@router.get(
    "/communities/{slug}/charter/versions",
    response=list[CharterVersionOut],
    summary="Every version of the charter, newest first (drafts for leaders only)",
)
@paginate
def charter_version_list(request: AuthenticatedRequest, slug: Text) -> object:
    community = get_charter_community_for_user(request.user, slug)
    return _versions(request, community)


@router.post(
    "/communities/{slug}/charter/versions",
    response={201: CharterVersionOut},
    summary="Draft a new version of the charter (leaders)",
)
def charter_version_create(
    request: AuthenticatedRequest, slug: Text, body: CharterVersionIn
) -> CharterVersion:
    community = get_charter_community_for_user(request.user, slug)
    version = services.draft_charter_version(actor=request.user, community=community, **body.dict())
    return _versions(request, community).get(pk=version.pk)


@router.get(
    "/communities/{slug}/charter/versions/{number}",
    response=CharterVersionOut,
    summary="One version of the charter",
)
def charter_version_detail(request: AuthenticatedRequest, slug: Text, number: int) -> object:
    return _version(request, slug, number)


@router.post(
    "/communities/{slug}/charter/versions/{number}/propose",
    response=CharterVersionOut,
    summary="Propose a draft to the members (leaders)",
)
def charter_version_propose(request: AuthenticatedRequest, slug: Text, number: int) -> object:
    version = _version(request, slug, number)
    services.propose_charter_version(actor=request.user, version=version)
    return _version(request, slug, number)


@router.post(
    "/communities/{slug}/charter/versions/{number}/adopt",
    response=CharterVersionOut,
    summary="Adopt a proposed version as the current charter (leaders)",
)
def charter_version_adopt(request: AuthenticatedRequest, slug: Text, number: int) -> object:
    version = _version(request, slug, number)
    services.adopt_charter_version(actor=request.user, version=version)
    return _version(request, slug, number)


@router.get(
    "/communities/{slug}/charter/versions/{number}/comments",
    response=list[CharterCommentOut],
    summary="Comments on a version of the charter",
)
@paginate
def charter_comment_list(request: AuthenticatedRequest, slug: Text, number: int) -> object:
    version = _version(request, slug, number)
    return version.comments.select_related("author")


@router.post(
    "/communities/{slug}/charter/versions/{number}/comments",
    response={201: CharterCommentOut},
    summary="Comment on a proposed version (members)",
)
def charter_comment_create(
    request: AuthenticatedRequest, slug: Text, number: int, body: CharterCommentIn
) -> CharterComment:
    version = _version(request, slug, number)
    return services.comment_on_charter_version(actor=request.user, version=version, body=body.body)


@router.get(
    "/communities/{slug}/charter/versions/{number}/endorsements",
    response=list[CharterEndorsementOut],
    summary="Which current members have endorsed a version of the charter",
)
@paginate
def charter_endorsement_list(request: AuthenticatedRequest, slug: Text, number: int) -> object:
    version = _version(request, slug, number)
    return version.endorsements.by_current_members().select_related("user")


@router.post(
    "/communities/{slug}/charter/versions/{number}/endorsements",
    response={201: CharterEndorsementOut},
    summary="Endorse a proposed version (members)",
)
def charter_endorse(request: AuthenticatedRequest, slug: Text, number: int) -> CharterEndorsement:
    version = _version(request, slug, number)
    return services.endorse_charter_version(actor=request.user, version=version)

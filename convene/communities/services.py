"""Workflows that change who belongs to a community, in which role, and its charter.

Every service takes the acting person as `actor`, checks the rule it
enforces, writes an audit record and raises CommunityError with a message a
person can read when the rule says no. Changes that could remove a
community's last convenor lock the community row first, so two of them
cannot both pass the check.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from convene.audit.models import record
from convene.communities import tasks
from convene.communities.models import (
    CHARTER_FIELDS,
    CHARTER_LABELS,
    CHARTER_TEXT_LIMIT,
    CharterComment,
    CharterEndorsement,
    CharterVersion,
    Community,
    Invitation,
    JoinRequest,
    Membership,
)
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User
from convene.surveys.services import invite_on_joining

Role = Membership.Role
RESERVED_SLUGS = {"new", "join", "invitations"}


class CommunityError(Exception):
    """A membership change that the community's rules do not allow."""


@transaction.atomic
def create_community(
    *,
    actor: User,
    name: str,
    purpose: str,
    visibility: str,
    convenor: User,
    sponsor: User | None = None,
) -> Community:
    """Create a community with its first convenor and, optionally, its sponsor."""
    if not actor.is_administrator:
        raise CommunityError("Only an administrator can create a community.")
    slug = slugify(name)[:120]
    if not slug:
        raise CommunityError("The name needs at least one letter or digit.")
    if slug in RESERVED_SLUGS:
        raise CommunityError(f"“{name}” is reserved for Convene's own pages: choose another name.")
    taken = CommunityError(f"A community called “{name}” already exists.")
    if Community.objects.filter(Q(slug=slug) | Q(name__iexact=name)).exists():
        raise taken
    try:
        with transaction.atomic():
            community = Community.objects.create(
                name=name, slug=slug, purpose=purpose, visibility=visibility, sponsor=sponsor
            )
    except IntegrityError:  # created by someone else a moment ago
        raise taken from None
    Membership.objects.create(community=community, user=convenor, role=Role.CONVENOR)
    record(actor, "community.created", community, convenor=convenor.pk, sponsor=_pk(sponsor))
    return community


@transaction.atomic
def update_community(
    *, actor: User, community: Community, purpose: str, visibility: str
) -> Community:
    """Change a community's purpose; only convenors and administrators change its visibility."""
    community = _lock(community)
    _require_manager(actor, community)
    if visibility != community.visibility:
        _require_appointer(actor, community, "Only a convenor or an administrator can do that.")
    community.purpose, community.visibility = purpose, visibility
    community.save(update_fields=["purpose", "visibility"])
    record(actor, "community.updated", community, visibility=visibility)
    return community


@transaction.atomic
def set_sponsor(*, actor: User, community: Community, sponsor: User | None) -> Community:
    """Appoint the executive who sponsors the community (administrators only)."""
    if not actor.is_administrator:
        raise CommunityError("Only an administrator can appoint a sponsor.")
    community.sponsor = sponsor
    community.save(update_fields=["sponsor"])
    record(actor, "community.sponsor_set", community, sponsor=_pk(sponsor))
    return community


@transaction.atomic
def join_community(*, actor: User, community: Community) -> Membership:
    """Join an open community."""
    if community.is_private:
        raise CommunityError("This community is private: ask to join, or accept an invitation.")
    membership = _add_member(community, actor)
    record(actor, "community.joined", community)
    return membership


@transaction.atomic
def leave_community(*, actor: User, community: Community) -> None:
    """Leave a community; its last convenor must hand over first."""
    community = _lock(community)
    membership = _current_membership(community, actor)
    _refuse_if_last_convenor(community, membership, "You are the last convenor: hand over first.")
    _end(membership, Membership.EndReason.LEFT)
    record(actor, "community.left", community)


@transaction.atomic
def request_to_join(*, actor: User, community: Community, message: str = "") -> JoinRequest:
    """Ask the convenors of a private community to let you in."""
    if not community.is_private:
        raise CommunityError("This community is open: join it directly.")
    if community.memberships.current().filter(user=actor).exists():
        raise CommunityError("You are already a member of this community.")
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                community=community, user=actor, message=message
            )
    except IntegrityError:
        raise CommunityError("You have already asked to join this community.") from None
    record(actor, "community.join_requested", community)
    return join_request


@transaction.atomic
def decide_join_request(*, actor: User, join_request: JoinRequest, approve: bool) -> JoinRequest:
    """Approve or decline a pending request to join."""
    _lock(join_request.community)
    _require_manager(actor, join_request.community)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise CommunityError(f"This request has already been {join_request.status}.")
    if approve:
        _add_member(join_request.community, join_request.user)
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_by, join_request.decided_at = actor, timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    record(actor, f"community.join_{join_request.status}", join_request.community,
           person=join_request.user_id)  # fmt: skip
    return join_request


@transaction.atomic
def invite(*, actor: User, community: Community, invitee: User, message: str = "") -> Invitation:
    """Invite a person to join the community."""
    _require_manager(actor, community)
    if not invitee.is_active:
        raise CommunityError("That person's account is not active.")
    if community.memberships.current().filter(user=invitee).exists():
        raise CommunityError(f"{invitee} is already a member.")
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                community=community, invitee=invitee, invited_by=actor, message=message
            )
    except IntegrityError:
        raise CommunityError(f"{invitee} already has an invitation to this community.") from None
    record(actor, "community.invited", community, person=invitee.pk)
    return invitation


@transaction.atomic
def respond_to_invitation(*, actor: User, invitation: Invitation, accept: bool) -> Invitation:
    """Accept or decline an invitation addressed to you."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.invitee_id != actor.pk:
        raise CommunityError("This invitation is addressed to someone else.")
    if invitation.status != Invitation.Status.PENDING:
        raise CommunityError(f"You have already {invitation.status} this invitation.")
    if accept:
        _add_member(invitation.community, actor)
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    record(actor, f"community.invitation_{invitation.status}", invitation.community)
    return invitation


@transaction.atomic
def change_role(*, actor: User, community: Community, member: User, role: str) -> Membership:
    """Give a member another role, keeping the old spell in the history."""
    community = _lock(community)
    _require_appointer(actor, community, "Only a convenor or an administrator can change roles.")
    if role not in Role.values:
        raise CommunityError(f"“{role}” is not a role in a community.")
    current = _current_membership(community, member)
    if current.role == role:
        raise CommunityError(f"{member} is already {current.get_role_display().lower()}.")
    if role != Role.CONVENOR:
        _refuse_if_last_convenor(community, current, "A community must keep at least one convenor.")
    _end(current, Membership.EndReason.ROLE_CHANGED)
    membership = Membership.objects.create(community=community, user=member, role=role)
    record(actor, "community.role_changed", community, person=member.pk, role=role)
    return membership


@transaction.atomic
def remove_member(*, actor: User, community: Community, member: User) -> None:
    """Remove a member; only convenors and administrators remove those who lead."""
    community = _lock(community)
    _require_manager(actor, community)
    membership = _current_membership(community, member)
    if membership.is_leader:
        _require_appointer(actor, community, "Only a convenor or an administrator can do that.")
    _refuse_if_last_convenor(community, membership, "A community must keep at least one convenor.")
    _end(membership, Membership.EndReason.REMOVED)
    record(actor, "community.member_removed", community, person=member.pk)


@transaction.atomic
def renew_join_link(*, actor: User, community: Community) -> Community:
    """Replace the private join link, so the old one stops working."""
    _require_manager(actor, community)
    community.join_link_token = Community._meta.get_field("join_link_token").get_default()
    community.save(update_fields=["join_link_token"])
    record(actor, "community.join_link_renewed", community)
    return community


# -- Charter -----------------------------------------------------------------

NOTE_LIMIT = CharterVersion._meta.get_field("note").max_length or 300
Status = CharterVersion.Status


@transaction.atomic
def draft_charter_version(
    *,
    actor: User,
    community: Community,
    purpose: str,
    norms: str = "",
    rhythm: str = "",
    offer: str = "",
    note: str = "",
    propose: bool = False,
) -> CharterVersion:
    """Write a new draft of the charter, numbered after every version before it.

    An older draft is withdrawn, and stays in the history as it was; a proposal
    under discussion stays open until this draft is proposed in its place.
    With `propose`, put the new draft to the members straight away.
    """
    texts = _clean_charter(purpose=purpose, norms=norms, rhythm=rhythm, offer=offer, note=note)
    # The lock serialises drafting in one community, so two drafts never share a number.
    community = _lock(community)
    _require_manager(actor, community)
    _withdraw(actor, community, Status.DRAFT)
    latest = community.charter_versions.order_by("-number").values_list("number", flat=True)
    version = CharterVersion.objects.create(
        community=community, number=(latest.first() or 0) + 1, author=actor, **texts
    )
    record(actor, "charter.drafted", version, community=community.pk, number=version.number)
    if propose:
        return propose_charter_version(actor=actor, version=version)
    return version


@transaction.atomic
def propose_charter_version(*, actor: User, version: CharterVersion) -> CharterVersion:
    """Put a draft to the members for comment and endorsement, and tell them."""
    community = _lock(version.community)
    _require_manager(actor, community)
    version = _lock_version(version)
    if version.status != Status.DRAFT:
        raise CommunityError(
            f"Version {version.number} is {_status_words(version)}: only a draft can be proposed."
        )
    _withdraw(actor, community, Status.PROPOSED)
    version.status, version.proposed_at = Status.PROPOSED, timezone.now()
    version.save(update_fields=["status", "proposed_at"])
    record(actor, "charter.proposed", version, community=community.pk, number=version.number)
    _tell_members(
        version,
        actor,
        "proposed",
        f"{actor.full_name} proposed version {version.number} of the {community} charter: "
        "read it, comment and endorse.",
    )
    return version


@transaction.atomic
def adopt_charter_version(*, actor: User, version: CharterVersion) -> CharterVersion:
    """Make a proposed version the current charter, superseding the one before."""
    community = _lock(version.community)
    _require_manager(actor, community)
    version = _lock_version(version)
    if version.status != Status.PROPOSED:
        raise CommunityError(
            f"Version {version.number} is {_status_words(version)}: "
            "only a proposed version can be adopted."
        )
    community.charter_versions.filter(status=Status.ADOPTED).update(status=Status.SUPERSEDED)
    version.status, version.adopted_at, version.adopted_by = Status.ADOPTED, timezone.now(), actor
    version.save(update_fields=["status", "adopted_at", "adopted_by"])
    record(actor, "charter.adopted", version, community=community.pk, number=version.number)
    _tell_members(
        version,
        actor,
        "adopted",
        f"The {community} charter is now version {version.number}, adopted by {actor.full_name}.",
    )
    return version


@transaction.atomic
def endorse_charter_version(*, actor: User, version: CharterVersion) -> CharterEndorsement:
    """Endorse a proposed version; each member endorses a version once."""
    version = _lock_open_to_members(actor, version, "endorse")
    try:
        # A savepoint, so a refused second endorsement leaves the caller's transaction usable.
        with transaction.atomic():
            endorsement = CharterEndorsement.objects.create(version=version, user=actor)
    except IntegrityError:
        raise CommunityError(f"You have already endorsed version {version.number}.") from None
    record(actor, "charter.endorsed", version, community=version.community_id)
    return endorsement


@transaction.atomic
def comment_on_charter_version(
    *, actor: User, version: CharterVersion, body: str
) -> CharterComment:
    """Comment on a proposed version of the charter."""
    body = _clean_text("Your comment", body, CHARTER_TEXT_LIMIT, required=True)
    version = _lock_open_to_members(actor, version, "comment on")
    comment = CharterComment.objects.create(version=version, author=actor, body=body)
    record(actor, "charter.commented", version, community=version.community_id, comment=comment.pk)
    return comment


def _clean_charter(**texts: str) -> dict[str, str]:
    """Return the texts stripped, or refuse them with the first problem found."""
    cleaned = {
        name: _clean_text(CHARTER_LABELS[name], texts[name], CHARTER_TEXT_LIMIT, name == "purpose")
        for name in CHARTER_FIELDS
    }
    cleaned["note"] = _clean_text("What changed", texts["note"], NOTE_LIMIT, required=False)
    return cleaned


def _clean_text(label: str, text: str, limit: int, required: bool) -> str:
    # Browsers send a textarea's lines ending in \r\n; keep one kind of line ending.
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\x00" in text:
        raise CommunityError(f"{label}: null characters are not allowed.")
    if required and not text:
        raise CommunityError(f"{label}: this cannot be empty.")
    if len(text) > limit:
        raise CommunityError(f"{label}: keep it to {limit:,} characters (it has {len(text):,}).")
    return text


def _withdraw(actor: User, community: Community, status: str) -> None:
    """Withdraw the community's version in `status`, which a newer one replaces."""
    for replaced in community.charter_versions.filter(status=status):
        replaced.status = Status.WITHDRAWN
        replaced.save(update_fields=["status"])
        record(actor, "charter.withdrawn", replaced, community=community.pk)


def _lock_version(version: CharterVersion) -> CharterVersion:
    return CharterVersion.objects.select_for_update().get(pk=version.pk)


def _lock_open_to_members(actor: User, version: CharterVersion, verb: str) -> CharterVersion:
    """Lock the version and check it still takes the member's comment or endorsement.

    The lock holds off an adoption or a new proposal until this transaction ends,
    so nothing lands on a version that has just stopped being proposed.
    """
    community = version.community
    if not community.memberships.current().filter(user=actor).exists():
        raise CommunityError(f"Only members of {community} can {verb} its charter.")
    version = _lock_version(version)
    if version.status != Status.PROPOSED:
        raise CommunityError(
            f"Version {version.number} is not open for comments and endorsements: "
            "only a proposed version is."
        )
    version.community = community
    return version


def _status_words(version: CharterVersion) -> str:
    """The status as it reads after "Version 3 is …"."""
    words = {Status.DRAFT: "a draft", Status.ADOPTED: "the current charter"}
    return words.get(Status(version.status), version.get_status_display().lower())


def _tell_members(version: CharterVersion, actor: User, event: str, message: str) -> None:
    """Notify the members in the background, so the request costs the same however many."""
    args = (version.pk, actor.pk, event, message)
    transaction.on_commit(lambda: tasks.tell_members_about_charter.enqueue(*args))


def tell_members_about_charter(version_id: int, actor_id: int, event: str, message: str) -> None:
    """Notify each current member of a charter event; a rerun notifies no one twice."""
    version = CharterVersion.objects.select_related("community").filter(pk=version_id).first()
    if version is None:
        return
    community, actor = version.community, User.objects.filter(pk=actor_id).first()
    url = reverse("communities:charter_detail", args=[community.slug])
    for member in User.objects.filter(pk__in=community.memberships.current().values("user")):
        notify(
            recipient=member,
            actor=actor,
            kind=Notification.Kind.COMMUNITY,
            message=message,
            url=url,
            key=f"charter:{version_id}:{event}",
            community=community,
        )


def _add_member(community: Community, user: User) -> Membership:
    try:
        # A savepoint, so a refused duplicate leaves the outer transaction usable.
        with transaction.atomic():
            membership = Membership.objects.create(community=community, user=user)
    except IntegrityError:
        raise CommunityError(f"{user} is already a member of {community}.") from None
    _settle_pending(community, user)
    invite_on_joining(membership)
    return membership


def _settle_pending(community: Community, user: User) -> None:
    """Once someone is in, their other invitations and requests have nothing left to decide."""
    now = timezone.now()
    community.invitations.filter(invitee=user, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.ACCEPTED, responded_at=now
    )
    community.join_requests.filter(user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED, decided_at=now
    )


def _lock(community: Community) -> Community:
    return Community.objects.select_for_update().get(pk=community.pk)


def _current_membership(community: Community, user: User) -> Membership:
    membership = community.memberships.current().filter(user=user).first()
    if membership is None:
        raise CommunityError(f"{user} is not a member of {community}.")
    return membership


def _refuse_if_last_convenor(community: Community, membership: Membership, message: str) -> None:
    if membership.role != Role.CONVENOR:
        return
    others = community.memberships.current().convenors().exclude(pk=membership.pk)
    if not others.exists():
        raise CommunityError(message)


def _require_appointer(actor: User, community: Community, message: str) -> None:
    if not community.can_appoint(actor):
        raise CommunityError(message)


def _require_manager(actor: User, community: Community) -> None:
    if not community.can_manage(actor):
        raise CommunityError("Only the community's convenors or an administrator can do that.")


def _end(membership: Membership, reason: str) -> None:
    membership.left_at, membership.end_reason = timezone.now(), reason
    membership.save(update_fields=["left_at", "end_reason"])


def _pk(user: User | None) -> int | None:
    return user.pk if user else None

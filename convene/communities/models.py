from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from convene.lib.markdown import render_markdown
from convene.people.models import User


def new_join_link_token() -> str:
    return secrets.token_urlsafe(18)


class CommunityQuerySet(models.QuerySet["Community"]):
    def visible_to(self, user: User | AnonymousUser) -> CommunityQuerySet:
        """Open communities, and private ones the person belongs to, sponsors or is invited to.

        Administrators see every community, since they set them up and appoint
        their first convenor and sponsor.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:
            return self.all()
        is_invited = Invitation.objects.filter(
            community=OuterRef("pk"), invitee=user, status=Invitation.Status.PENDING
        )
        return self.filter(
            Q(visibility=Community.Visibility.OPEN)
            | Q(sponsor=user)
            | Exists(_current_membership_of(user))
            | Exists(is_invited)
        )

    def readable_by(self, user: User | AnonymousUser) -> CommunityQuerySet:
        """Communities whose conversations a person may read: open ones, and their own private ones.

        Narrower than visible_to(): sponsors, administrators and invitees of a
        private community see that it exists, but only its members read it.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            Q(visibility=Community.Visibility.OPEN) | Exists(_current_membership_of(user))
        )

    def joined_by(self, user: User) -> CommunityQuerySet:
        return self.filter(Exists(_current_membership_of(user)))

    def led_by(self, user: User) -> CommunityQuerySet:
        return self.filter(Exists(_current_membership_of(user).leaders()))

    def search(self, text: str) -> CommunityQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(purpose__icontains=text))

    def not_joined_by(self, user: User) -> CommunityQuerySet:
        return self.exclude(Exists(_current_membership_of(user)))

    def for_directory(self, user: User) -> CommunityQuerySet:
        """Annotate what a directory row shows, in a fixed number of queries."""
        current = Membership.objects.current()
        return (
            self.select_related("sponsor")
            .annotate(
                member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True)),
                is_member=Exists(_current_membership_of(user)),
            )
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=current.leaders().select_related("user"),
                    to_attr="leader_memberships",
                )
            )
            .order_by("name")
        )


def _current_membership_of(user: User) -> MembershipQuerySet:
    return Membership.objects.current().filter(community=OuterRef("pk"), user=user)


class Community(models.Model):
    """A leadership community: a group who practise and learn leadership together."""

    # Set by CommunityQuerySet.for_directory().
    member_count: int
    is_member: bool

    class Visibility(models.TextChoices):
        OPEN = "open", "Open: anyone in the organisation may read and join"
        PRIVATE = "private", "Private: members only; people join by invitation or request"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    purpose = models.TextField(
        max_length=5000, help_text="What the community is for and how it works. Markdown."
    )
    purpose_html = models.TextField(blank=True, editable=False)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.OPEN
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_communities",
        help_text="The executive who holds the community's resources and answers for it.",
    )
    join_link_token = models.CharField(
        max_length=32, unique=True, default=new_join_link_token, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.purpose_html = render_markdown(self.purpose)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "purpose" in update_fields:
            kwargs["update_fields"] = {*update_fields, "purpose_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("communities:community_detail", args=[self.slug])

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.PRIVATE

    def current_membership(self, user: User | AnonymousUser) -> Membership | None:
        if not user.is_authenticated:
            return None
        return self.memberships.current().filter(user=user).first()

    def is_led_by(self, user: User | AnonymousUser) -> bool:
        return (
            user.is_authenticated
            and self.memberships.current().leaders().filter(user=user).exists()
        )

    def can_appoint(self, user: User | AnonymousUser) -> bool:
        """Convenors and administrators change members' roles."""
        return user.is_authenticated and (
            user.is_administrator
            or self.memberships.current().convenors().filter(user=user).exists()
        )

    def can_manage(self, user: User | AnonymousUser) -> bool:
        """Convenors, co-convenors and administrators manage membership."""
        return user.is_authenticated and (user.is_administrator or self.is_led_by(user))


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        return self.filter(left_at__isnull=True)

    def leaders(self) -> MembershipQuerySet:
        return self.filter(role__in=[Membership.Role.CONVENOR, Membership.Role.CO_CONVENOR])

    def convenors(self) -> MembershipQuerySet:
        return self.filter(role=Membership.Role.CONVENOR)


class Membership(models.Model):
    """One spell of a person in one role in a community.

    Rows are never overwritten: leaving or changing role ends the current row
    and, for a change of role, starts a new one, so the history stays whole.
    """

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        CONVENOR = "convenor", "Convenor"
        CO_CONVENOR = "co_convenor", "Co-convenor"

    class EndReason(models.TextChoices):
        LEFT = "left", "Left"
        REMOVED = "removed", "Removed by a convenor"
        ROLE_CHANGED = "role_changed", "Changed role"

    # PROTECT: history outlives nothing; people are deactivated, not deleted.
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["community", "-joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(left_at__isnull=True),
                name="membership_one_current_per_person",
                violation_error_message="This person is already a member of the community.",
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("joined_at")),
                name="membership_leaves_after_joining",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.community}"

    @property
    def is_leader(self) -> bool:
        return self.role in {self.Role.CONVENOR, self.Role.CO_CONVENOR}


class JoinRequest(models.Model):
    """A person's request to join a private community, decided by its convenors."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(status="pending"),
                name="joinrequest_one_pending_per_person",
                violation_error_message="You have already asked to join this community.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.community}"


class Invitation(models.Model):
    """A convenor's invitation to a person to join a community."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "invitee"],
                condition=Q(status="pending"),
                name="invitation_one_pending_per_person",
                violation_error_message="This person already has an invitation to the community.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitee} invited to {self.community}"


# -- Charter -----------------------------------------------------------------

CHARTER_LABELS = {
    "purpose": "Purpose",
    "norms": "Norms",
    "rhythm": "Rhythm of meeting",
    "offer": "What we offer the organisation",
}
CHARTER_FIELDS = tuple(CHARTER_LABELS)
CHARTER_TEXT_LIMIT = 5000


class CharterVersionQuerySet(models.QuerySet["CharterVersion"]):
    def with_counts(self) -> CharterVersionQuerySet:
        """Annotate how many current members endorse each version, and how many comments it has."""
        endorser_belongs = Membership.objects.current().filter(
            community=OuterRef("community"), user=OuterRef("endorsements__user")
        )
        return self.annotate(
            endorsement_count=Count("endorsements", filter=Exists(endorser_belongs), distinct=True),
            comment_count=Count("comments", distinct=True),
        )

    def published(self) -> CharterVersionQuerySet:
        """Versions that have been put to the community: proposed once, whatever since."""
        return self.filter(proposed_at__isnull=False)

    def visible_to(
        self, user: User | AnonymousUser, community: Community
    ) -> CharterVersionQuerySet:
        """A community's versions a reader may see: leaders and administrators also see drafts."""
        versions = self.filter(community=community)
        return versions if community.can_manage(user) else versions.published()


class CharterVersion(models.Model):
    """One version of a community's charter, kept as written and never overwritten.

    A leader drafts a version; proposing it opens it to the members' comments
    and endorsements; adopting it makes it the current charter and supersedes
    the one before. A community has at most one draft and one proposal at a
    time: a new draft withdraws an older draft, and proposing withdraws the
    proposal it replaces, so a discussion runs on while its successor is drafted.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PROPOSED = "proposed", "Proposed"
        ADOPTED = "adopted", "Current charter"
        SUPERSEDED = "superseded", "Superseded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="charter_versions"
    )
    number = models.PositiveIntegerField()
    purpose = models.TextField(
        max_length=CHARTER_TEXT_LIMIT, help_text="Why the community exists. Markdown."
    )
    purpose_html = models.TextField(blank=True, editable=False)
    norms = models.TextField(
        max_length=CHARTER_TEXT_LIMIT,
        blank=True,
        help_text="How members treat one another and what they keep in the room. Markdown.",
    )
    norms_html = models.TextField(blank=True, editable=False)
    rhythm = models.TextField(
        max_length=CHARTER_TEXT_LIMIT,
        blank=True,
        help_text="How often and how the community meets. Markdown.",
    )
    rhythm_html = models.TextField(blank=True, editable=False)
    offer = models.TextField(
        max_length=CHARTER_TEXT_LIMIT,
        blank=True,
        help_text="What the community offers the organisation. Markdown.",
    )
    offer_html = models.TextField(blank=True, editable=False)
    note = models.CharField(
        max_length=300, blank=True, help_text="What changed in this version, in a sentence."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="charter_versions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    proposed_at = models.DateTimeField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = CharterVersionQuerySet.as_manager()

    class Meta:
        ordering = ["community", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"],
                name="charterversion_unique_number",
                violation_error_message="This community already has a version with that number.",
            ),
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(status="adopted"),
                name="charterversion_one_current",
                violation_error_message="A community has one current charter at a time.",
            ),
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(status="draft"),
                name="charterversion_one_draft",
                violation_error_message="A community has one draft of its charter at a time.",
            ),
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(status="proposed"),
                name="charterversion_one_proposal",
                violation_error_message="A community has one proposed charter at a time.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="charterversion_number_positive",
                violation_error_message="Versions are numbered from 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} charter, version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        for name in CHARTER_FIELDS:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(CHARTER_FIELDS) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *(f"{n}_html" for n in CHARTER_FIELDS)}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "communities:charter_version_detail", args=[self.community.slug, self.number]
        )

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.PROPOSED}

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED

    def sections(self) -> list[tuple[str, str]]:
        """Each field's label and rendered HTML, in the charter's order."""
        return [(label, getattr(self, f"{name}_html")) for name, label in CHARTER_LABELS.items()]

    def texts(self) -> dict[str, str]:
        """The charter's four fields by name, as written."""
        return {name: getattr(self, name) for name in CHARTER_FIELDS}


class CharterComment(models.Model):
    """A member's comment on a proposed version of the charter."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="charter_comments"
    )
    body = models.TextField(max_length=CHARTER_TEXT_LIMIT)
    body_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} on {self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)


class CharterEndorsementQuerySet(models.QuerySet["CharterEndorsement"]):
    def by_current_members(self) -> CharterEndorsementQuerySet:
        """Endorsements by people who still belong to the community: the ones that count."""
        belongs = Membership.objects.current().filter(
            community=OuterRef("version__community"), user=OuterRef("user")
        )
        return self.filter(Exists(belongs))


class CharterEndorsement(models.Model):
    """A member's endorsement of a proposed version: once per person and version."""

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="endorsements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="charter_endorsements"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CharterEndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "user"],
                name="charterendorsement_once_per_person",
                violation_error_message="You have already endorsed this version.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} endorses {self.version}"

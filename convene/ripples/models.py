"""Ripple-effects maps: a group's tree of the changes that followed a programme.

Ripple Effects Mapping (Chazdon, Emery, Hansen, Higgins & Sero, 2017) puts the
programme at the centre and maps, branch by branch, what changed for the
participants, then for the people around them, then further out. A map here
belongs to one community, or to the whole programme when it has none.

Who sees a map: a community map is for the community's current members, and
for anyone in the organisation too when the map says so and the community is
open; a private community's maps never leave it. A programme map is for
everyone who belongs to a community (or everyone, when it is shared with the
organisation), and for administrators.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.people.models import User

TITLE_LIMIT = 160
CENTRE_LIMIT = 300
EFFECT_LIMIT = 500
EVIDENCE_LIMIT = 2_000
NAME_LIMIT = 80
NOTE_LIMIT = 1_000
URL_LIMIT = 500


class Level(models.IntegerChoices):
    """How far out a ripple reached, after the rings of a ripple map (domain brief §2.3)."""

    PARTICIPANTS = 1, "1 · Within the community: the participants themselves"
    TEAMS = 2, "2 · Their teams and units"
    ORGANISATION = 3, "3 · The wider organisation"
    BEYOND = 4, "4 · Beyond the organisation"


class Capital(models.TextChoices):
    """The seven community capitals, glossed for an organisation (domain brief §2.4)."""

    HUMAN = "human", "Human: skills, knowledge, confidence"
    SOCIAL = "social", "Social: relationships and trust across silos"
    CULTURAL = "cultural", "Cultural: norms, and values lived out"
    POLITICAL = "political", "Political: voice and influence with decision-makers"
    FINANCIAL = "financial", "Financial: savings, income, budget secured"
    BUILT = "built", "Built: tools, processes, systems"
    NATURAL = "natural", "Natural: effects on the environment"


CAPITALS_HELP = (
    "Which community capitals the effect built or drew down. The seven capitals come from the "
    "Community Capitals Framework (Flora and Flora), with which Ripple Effects Mapping began; "
    "keeping all seven lets a map be compared with published ones."
)


def capital_short_name(code: str) -> str:
    return Capital(code).label.split(":")[0]


def _current_member(user: User) -> models.QuerySet[Membership]:
    return Membership.objects.current().filter(community=OuterRef("community"), user=user)


class RippleMapQuerySet(models.QuerySet["RippleMap"]):
    def visible_to(self, user: User | AnonymousUser) -> RippleMapQuerySet:
        """Maps the person may see; a private community's maps only by its members."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        shared = Q(visibility=RippleMap.Visibility.ORGANISATION)
        open_community = Q(community__visibility=Community.Visibility.OPEN)
        community_map = Q(community__isnull=False) & (
            Exists(_current_member(user)) | (shared & open_community)
        )
        programme_map = Q(community__isnull=True) & (
            shared | Q(Exists(Membership.objects.current().filter(user=user)))
        )
        if user.is_administrator:
            programme_map = Q(community__isnull=True)
        return self.filter(community_map | programme_map)

    def for_list(self) -> RippleMapQuerySet:
        placed = Q(effects__placed=True)
        return (
            self.select_related("community", "facilitator", "map_maker")
            .annotate(effect_count=models.Count("effects", filter=placed))
            .order_by("-session_date", "-created_at")
        )


class RippleMap(models.Model):
    """One ripple-effects map: a centre, a session date, and a tree of effects."""

    # Set by RippleMapQuerySet.for_list().
    effect_count: int

    class Visibility(models.TextChoices):
        COMMUNITY = "community", "Members of the community (programme maps: of any community)"
        ORGANISATION = "organisation", "Anyone in the organisation (never outside a private one)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ripple_maps",
        help_text="Blank for a map of the whole programme.",
    )
    title = models.CharField(max_length=TITLE_LIMIT)
    centre = models.CharField(
        max_length=CENTRE_LIMIT,
        help_text="The programme or intervention at the middle of the map.",
    )
    session_date = models.DateField(help_text="The day of the mapping session.")
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.COMMUNITY
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    map_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ripple_maps_created"
    )
    session_opened_at = models.DateTimeField(
        null=True, blank=True, help_text="Set while a live mapping session is open."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = RippleMapQuerySet.as_manager()

    class Meta:
        ordering = ["-session_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(centre=""),
                name="ripple_map_has_title_and_centre",
                violation_error_message="A ripple map needs a title and a centre.",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["community", "organisation"]),
                name="ripple_map_visibility_known",
                violation_error_message="A map is for the community or for the organisation.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ripples:map_detail", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.session_opened_at is not None

    @property
    def scope(self) -> str:
        return self.community.name if self.community else "The whole programme"

    def audience(self) -> models.QuerySet[User]:
        """Active people who may see the map, by name: the choices for storyteller and witness.

        For maps shared with a whole open organisation that is everyone; the
        choice lists narrow it to community members, who told the stories.
        """
        members = Membership.objects.current()
        if self.community_id is not None:
            members = members.filter(community_id=self.community_id)
        people = User.objects.filter(is_active=True, pk__in=members.values("user_id"))
        return people.order_by("full_name", "pk")

    def takes_part(self, user: User | AnonymousUser) -> bool:
        """Whether the person may add effects in a live session: for a community map, its
        members; for a programme map, anyone who can see it."""
        if self.community is None:
            return user.is_authenticated
        return self.community.current_membership(user) is not None

    def is_run_by(self, user: User | AnonymousUser) -> bool:
        """The facilitator and map-maker, the community's convenors, administrators for
        programme maps: the people who shape the map and open its live session."""
        if not user.is_authenticated:
            return False
        if user.pk in {self.facilitator_id, self.map_maker_id}:
            return True
        if self.community is None:
            return bool(user.is_administrator)
        return self.community.is_led_by(user)


class EffectQuerySet(models.QuerySet["Effect"]):
    def placed(self) -> EffectQuerySet:
        return self.filter(placed=True)

    def for_tree(self) -> EffectQuerySet:
        return self.select_related("storyteller", "witness", "added_by").order_by(
            "level", "created_at", "id"
        )


class Effect(models.Model):
    """One change on a map, hanging from the centre (no parent) or from another effect.

    Participants add effects during a live session; they wait, unplaced, until
    the map-maker places them in the tree.
    """

    class Valence(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEGATIVE = "negative", "Negative"

    class Confirmation(models.TextChoices):
        NONE = "", "No witness named"
        PENDING = "pending", "Waiting for the witness"
        CONFIRMED = "confirmed", "Confirmed by the witness"
        NOT_CONFIRMED = "not_confirmed", "The witness could not confirm it"

    map = models.ForeignKey(RippleMap, on_delete=models.CASCADE, related_name="effects")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        # The services move an effect's children up before deleting it; SET_NULL keeps any
        # other deletion from taking a branch with it, and lets a whole map be deleted.
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The effect this one grew from; blank when it grew from the centre.",
    )
    text = models.CharField(max_length=EFFECT_LIMIT)
    storyteller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pseudonym = models.CharField(
        max_length=NAME_LIMIT,
        blank=True,
        help_text="How the storyteller is shown when not named, such as “a participant”.",
    )
    happened_on = models.DateField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.PARTICIPANTS)
    # Comma-separated Capital codes; no code contains another, so `__contains` counts them.
    capitals = models.CharField(max_length=80, blank=True, help_text=CAPITALS_HELP)
    valence = models.CharField(max_length=8, choices=Valence.choices, default=Valence.POSITIVE)
    intended = models.BooleanField(default=True)
    evidence = models.TextField(max_length=EVIDENCE_LIMIT, blank=True)
    evidence_url = models.URLField(max_length=URL_LIMIT, blank=True)
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ripple_effects_to_confirm",
    )
    confirmation = models.CharField(
        max_length=14, choices=Confirmation.choices, blank=True, default=Confirmation.NONE
    )
    confirmation_note = models.CharField(max_length=NOTE_LIMIT, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    placed = models.BooleanField(default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = EffectQuerySet.as_manager()

    class Meta:
        ordering = ["level", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="ripple_effect_has_text",
                violation_error_message="An effect needs some words.",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4),
                name="ripple_effect_level_one_to_four",
                violation_error_message="A ripple level is 1, 2, 3 or 4.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="ripple_effect_not_its_own_parent",
                violation_error_message="An effect cannot grow from itself.",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return f"{self.map.get_absolute_url()}#effect-{self.pk}"

    @property
    def capital_codes(self) -> list[str]:
        return [code for code in self.capitals.split(",") if code]

    @property
    def capital_names(self) -> list[str]:
        return [capital_short_name(code) for code in self.capital_codes]

    @property
    def told_by(self) -> str:
        """The storyteller as shown: the pseudonym when one is chosen, else the name."""
        if self.pseudonym or self.storyteller is None:
            return self.pseudonym or "Not recorded"
        return self.storyteller.full_name

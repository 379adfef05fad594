"""Surveys and pulses: questions, schedules, invitations, receipts and anonymous responses.

An anonymous response is stored with no link to its respondent: a separate
receipt records *that* someone answered, written in the same transaction,
as for secret ballots. The response keeps only what breakdowns need: the
respondent's groups at the time (function, level, site, tenure band, role)
and the snapshot (week since opening) it arrived in, never a timestamp.
Figures drawn from responses pass through `convene.insights.anonymity`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.insights.anonymity import ABSOLUTE_MINIMUM, Policy
from convene.people.models import User
from convene.values.models import Value

TITLE_LIMIT = 150
QUESTION_LIMIT = 300
OPTION_LIMIT = 150
ANSWER_TEXT_LIMIT = 2000
LARGEST_SCALE = 7


class Instrument(models.TextChoices):
    """What a survey measures: one of the built-in pulses, or a survey of one's own."""

    SELF_EFFICACY = "self_efficacy", "Leader self-efficacy"
    COLLECTIVE_EFFICACY = "collective_efficacy", "Collective efficacy"
    EXECUTIVE_PERCEPTION = "executive_perception", "Executives' perception"
    VALUES = "values", "Living our values"
    CUSTOM = "custom", "Custom survey"


class Audience(models.TextChoices):
    """Who is asked."""

    MEMBERS = "members", "The community's members"
    EXECUTIVES = "executives", "Executives and the community's sponsors"
    EVERYONE = "everyone", "Everyone in the organisation"


class Cadence(models.TextChoices):
    ONCE = "once", "Once"
    ON_JOINING = "on_joining", "On joining a community"
    SIX_MONTHLY = "six_monthly", "Every six months"


class QuestionKind(models.TextChoices):
    RATING = "rating", "Rating scale"
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    FREE_TEXT = "free_text", "Free text"


class AnonymitySettings(models.Model):
    """The organisation's thresholds: one row, changed by administrators."""

    minimum = models.PositiveSmallIntegerField(
        "smallest group a figure may describe",
        default=5,
        help_text=f"No score, count or chart describes fewer respondents than this. "
        f"Never below {ABSOLUTE_MINIMUM}.",
    )
    free_text_minimum = models.PositiveSmallIntegerField(
        "smallest group whose comments may be shown",
        default=10,
        help_text="Comments are shown only for groups at least this large, in random order.",
    )
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "anonymity settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__gte=ABSOLUTE_MINIMUM),
                name="anonymity_minimum_at_least_three",
                violation_error_message=f"The smallest group may not be below {ABSOLUTE_MINIMUM}.",
            ),
            models.CheckConstraint(
                condition=Q(free_text_minimum__gte=F("minimum")),
                name="anonymity_free_text_at_least_minimum",
                violation_error_message="Comments need at least as many respondents as scores.",
            ),
        ]

    def __str__(self) -> str:
        return f"At least {self.minimum} respondents ({self.free_text_minimum} for comments)"

    @classmethod
    def policy(cls) -> Policy:
        """The thresholds in force: the stored row, or the defaults if none was saved."""
        row = cls.objects.filter(pk=1).first() or cls()
        return Policy(minimum=row.minimum, free_text_minimum=row.free_text_minimum)


class Schedule(models.Model):
    """A standing instruction to open a pulse: once, on joining, or every six months.

    Running a schedule opens one survey per community it covers (all active
    communities when ``community`` is empty), with the built-in questions of
    its instrument.
    """

    title = models.CharField(max_length=TITLE_LIMIT)
    instrument = models.CharField(max_length=30, choices=Instrument.choices)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.MEMBERS)
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.SIX_MONTHLY)
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    open_days = models.PositiveSmallIntegerField(
        "days open", default=21, help_text="How long each survey stays open."
    )
    reminder_days = models.PositiveSmallIntegerField(
        "remind after (days)",
        default=7,
        help_text="People who have not answered are reminded once, this many days after "
        "they were asked.",
    )
    next_run_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(open_days__gte=1), name="schedule_open_at_least_a_day"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SurveyQuerySet(models.QuerySet["Survey"]):
    def managed_by(self, user: User | AnonymousUser) -> SurveyQuerySet:
        """Administrators manage every survey; convenors and co-convenors their community's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:
            return self.all()
        leads = Membership.objects.current().leaders().filter(user=user)
        return self.filter(community__in=leads.values("community"))

    def addressed_to(self, user: User | AnonymousUser) -> SurveyQuerySet:
        """Surveys the person was asked to answer (open or closed; never drafts)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        asked = Invitation.objects.filter(survey=OuterRef("pk"), person=user)
        return self.filter(Exists(asked)).exclude(status=Survey.Status.DRAFT)

    def visible_to(self, user: User | AnonymousUser) -> SurveyQuerySet:
        """Surveys the person was asked to answer or manages."""
        return (self.addressed_to(user) | self.managed_by(user)).distinct()


class Survey(models.Model):
    """One survey put to an audience, about a community or the organisation."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=TITLE_LIMIT)
    introduction = models.TextField(blank=True, max_length=2000)
    instrument = models.CharField(
        max_length=30, choices=Instrument.choices, default=Instrument.CUSTOM
    )
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.MEMBERS)
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        help_text="The community the survey is about and, for members' surveys, put to.",
    )
    schedule = models.ForeignKey(
        Schedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="surveys"
    )
    is_anonymous = models.BooleanField(
        "anonymous",
        default=True,
        help_text="Answers are stored without the respondent's name; only a receipt "
        "records that they answered.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty for a survey that stays open, such as on joining."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    minimum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The organisation's threshold when the survey opened; it holds for the "
        "survey's life, so that figures released under two thresholds cannot be compared.",
    )
    free_text_minimum = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="survey_closes_after_opening",
                violation_error_message="A survey must close after it opens.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(opens_at__isnull=False),
                name="survey_open_has_opening",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | (Q(minimum__gte=ABSOLUTE_MINIMUM) & Q(free_text_minimum__gte=F("minimum"))),
                name="survey_thresholds_never_below_three",
            ),
        ]
        indexes = [models.Index(fields=["instrument", "community", "status"])]

    def __str__(self) -> str:
        return self.title

    def policy(self, current: Policy | None = None) -> Policy:
        """The thresholds the survey's figures follow: those fixed when it opened.

        A draft follows the organisation's current thresholds (``current``, when
        the caller has read them already).
        """
        if self.minimum is None or self.free_text_minimum is None:
            return current or AnonymitySettings.policy()
        return Policy(minimum=self.minimum, free_text_minimum=self.free_text_minimum)


class Question(models.Model):
    """One question of a survey. Rating questions run from 1 to ``scale``."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    text = models.CharField(max_length=QUESTION_LIMIT)
    help_text = models.CharField(max_length=QUESTION_LIMIT, blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    low_label = models.CharField(max_length=60, blank=True)
    high_label = models.CharField(max_length=60, blank=True)
    is_required = models.BooleanField(default=True)
    dimension = models.CharField(
        max_length=40, blank=True, help_text="What the item measures, for trends and reports."
    )
    value = models.ForeignKey(
        Value, on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="question_unique_position"),
            models.CheckConstraint(
                condition=(Q(kind="rating") & Q(scale__gte=2) & Q(scale__lte=LARGEST_SCALE))
                | (~Q(kind="rating") & Q(scale__isnull=True)),
                name="question_scale_only_for_ratings",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    """One choice of a single- or multiple-choice question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=OPTION_LIMIT)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="option_unique_position"),
        ]

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """That a person was asked to answer a survey, and when they were last reminded."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="invitation_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} asked to answer {self.survey}"


class Receipt(models.Model):
    """That a person has answered a survey: it stops a second response.

    It holds no time and no link to the response, and it is written in the
    same transaction as the response.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="receipts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_receipts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"],
                name="receipt_once_per_person",
                violation_error_message="You have already answered this survey.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} has answered {self.survey}"


class Response(models.Model):
    """One set of answers. Anonymous responses name no one and carry no time.

    ``groups`` holds the respondent's groups when they answered, for
    breakdowns: ``function``, ``level``, ``site``, ``tenure`` and ``role``,
    each "Not stated" when unknown. ``period`` is the number of whole weeks
    between the survey's opening and the response: the snapshot it belongs to.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    period = models.PositiveSmallIntegerField(default=0)
    groups = models.JSONField(default=dict)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only for surveys that are not anonymous.",
    )

    def __str__(self) -> str:
        return f"A response to {self.survey}"


class Answer(models.Model):
    """The answer to one question within a response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=ANSWER_TEXT_LIMIT)
    options = models.ManyToManyField(Option, blank=True, related_name="answers")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | (Q(rating__gte=1) & Q(rating__lte=LARGEST_SCALE)),
                name="answer_rating_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"An answer to {self.question}"


class OwnAnswer(models.Model):
    """A member's private copy of their own rating, so that they alone can see their trend.

    Kept only when the member asks for it when answering. Nothing but the
    member's own pages and API read it; it is not in the technical admin.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="own_survey_answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "question"], name="own_answer_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=LARGEST_SCALE),
                name="own_answer_rating_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}'s own answer to {self.question}"

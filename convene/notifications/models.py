from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from convene.communities.models import Community
from convene.people.models import User


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: User | AnonymousUser) -> NotificationQuerySet:
        """The notifications addressed to this person; none for anyone signed out."""
        if not user.is_authenticated:
            return self.none()
        # What concerns a community the person can no longer read is withheld,
        # in the list, the API and e-mail alike.
        readable = Community.objects.readable_by(user)
        return self.filter(recipient=user).filter(
            Q(community__isnull=True) | Q(community__in=readable)
        )

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def not_emailed(self) -> NotificationQuerySet:
        return self.filter(emailed_at__isnull=True)


class Notification(models.Model):
    """Something that happened which one person should hear about, in Convene and by e-mail."""

    class Kind(models.TextChoices):
        MENTION = "mention", "Mentioned you"
        REPLY = "reply", "Replied to you"
        FOLLOWED_POST = "followed_post", "A post you follow"
        COMMUNITY = "community", "Community news"
        PEER_GROUP = "peer_group", "Peer groups"
        GOAL = "goal", "Stretch goals"
        REFLECTION = "reflection", "Reflection journal"
        ELECTION = "election", "Elections"
        GATHERING = "gathering", "Gatherings"
        AGENDA = "agenda", "Organisational agenda"
        PROJECT = "project", "Projects"
        RESOURCE = "resource", "Project resources"
        SURVEY = "survey", "Surveys and pulses"
        STORY = "story", "Value-creation stories"
        RIPPLE = "ripple", "Ripple-effects maps"
        VALUES = "values", "Values in action"

    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        help_text="The community the news concerns; shown only while the person can read it.",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person whose action caused the notification, if any.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=500, help_text="A path on this site, e.g. /communities/x/.")
    key = models.CharField(
        max_length=120, help_text="Names the event, so it notifies each person at most once."
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                name="notification_once_per_event",
                violation_error_message="This person has already been notified of this event.",
            )
        ]

    def __str__(self) -> str:
        return f"To {self.recipient}: {self.message}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def absolute_url(self) -> str:
        """The link for an e-mail, which is read outside the site."""
        return settings.SITE_URL.rstrip("/") + self.url


class Preference(models.Model):
    """How a person wants to hear about their notifications by e-mail."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", "Straight away, one e-mail each"
        DAILY = "daily", "Once a day, in a morning digest"
        OFF = "off", "Never: I will look in Convene"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.IMMEDIATE)

    class Meta:
        ordering = ["user"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__in=["immediate", "daily", "off"]),
                name="preference_email_known",
                violation_error_message="Choose immediate, daily or off.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_display()}"

    @classmethod
    def email_for(cls, user: User) -> str:
        """The person's e-mail preference; people who never chose get each one straight away."""
        chosen = cls.objects.filter(user=user).values_list("email", flat=True).first()
        return chosen or cls.Email.IMMEDIATE


class DigestDelivery(models.Model):
    """The record that one person's digest for one morning has gone, so it never goes twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "user"]
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"],
                name="digest_once_per_person_per_day",
                violation_error_message="This person's digest for that day has already gone.",
            )
        ]

    def __str__(self) -> str:
        return f"Digest for {self.user} on {self.day}"

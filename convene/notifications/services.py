"""Workflows that tell people what happened, in Convene and by e-mail.

Other apps call `notify()` when something happens that a person should hear
about; it is idempotent per event `key`, so a retried request or task never
notifies anyone twice. E-mail goes out after the surrounding transaction
commits, straight away or in the next morning's digest, as each person
prefers.
"""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator

from convene.audit.models import record
from convene.communities.models import Community
from convene.notifications import tasks
from convene.notifications.models import Notification, Preference
from convene.people.models import User

MESSAGE_LENGTH = Notification._meta.get_field("message").max_length or 300
KEY_LENGTH = Notification._meta.get_field("key").max_length or 120


class NotificationError(Exception):
    """A change to notifications that the rules do not allow."""


@transaction.atomic
def notify(
    *,
    recipient: User,
    actor: User | None,
    kind: str,
    message: str,
    url: str,
    key: str,
    community: Community | None = None,
) -> Notification | None:
    """Record an in-app notification for `recipient` and, by their preference, e-mail it.

    Return None, creating nothing, when `recipient` is the actor, is no longer
    active, or has already been notified of the event `key`.
    """
    if (actor is not None and actor.pk == recipient.pk) or not recipient.is_active:
        return None
    _check_arguments(kind, url, key)
    if Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    try:
        # A savepoint, so losing a race to the same event leaves the caller's transaction usable.
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                community=community,
                actor=actor,
                kind=kind,
                message=Truncator(" ".join(message.split())).chars(MESSAGE_LENGTH),
                url=url,
                key=key,
            )
    except IntegrityError:
        return None
    _schedule_email(notification)
    return notification


@transaction.atomic
def mark_read(*, actor: User, notification: Notification) -> None:
    """Mark one of your notifications read, keeping the time it was first read."""
    if notification.recipient_id != actor.pk:
        raise NotificationError("This notification is addressed to someone else.")
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now


@transaction.atomic
def mark_all_read(*, actor: User) -> int:
    """Mark all your unread notifications read; return how many there were."""
    return Notification.objects.for_user(actor).unread().update(read_at=timezone.now())


@transaction.atomic
def set_preference(*, actor: User, email: str) -> Preference:
    """Choose how you hear about notifications by e-mail: "immediate", "daily" or "off"."""
    if email not in Preference.Email.values:
        raise NotificationError(
            f"“{email}” is not an e-mail preference: choose immediate, daily or off."
        )
    preference, _ = Preference.objects.update_or_create(user=actor, defaults={"email": email})
    record(actor, "notification.preference_set", preference, email=email)
    return preference


def _check_arguments(kind: str, url: str, key: str) -> None:
    # Mistakes of the calling code, not of the person acting: fail loudly.
    if kind not in Notification.Kind.values:
        raise ValueError(f"{kind!r} is not a Notification.Kind.")
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"The url must be a path on this site, not {url!r}.")
    if not key or len(key) > KEY_LENGTH:
        raise ValueError(f"The key must have 1 to {KEY_LENGTH} characters.")


def _schedule_email(notification: Notification) -> None:
    preference = Preference.email_for(notification.recipient)
    if preference == Preference.Email.IMMEDIATE:
        transaction.on_commit(partial(tasks.send_notification_email.enqueue, notification.pk))
    elif preference == Preference.Email.DAILY:
        digest = tasks.send_daily_digest
        # Backends that cannot defer (ImmediateBackend) would send the digest
        # now; there the `send_digests` command, run from cron, delivers it.
        if not digest.get_backend().supports_defer:
            return
        run_after = tasks.next_digest_at()
        transaction.on_commit(
            partial(
                digest.using(run_after=run_after).enqueue,
                notification.recipient_id,
                run_after.date().isoformat(),
            )
        )

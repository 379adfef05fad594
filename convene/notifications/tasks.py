"""Background work: e-mailing notifications one at a time or as a morning digest.

Both tasks may run more than once for the same work (a retry, a duplicate
enqueue, two workers) and still send one e-mail: each claims what it sends
in the database first, and gives the claim back if sending fails.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from convene.notifications.models import (
    DigestDelivery,
    Notification,
    NotificationQuerySet,
    Preference,
)
from convene.people.models import User

DIGEST_TIME = datetime.time(7, 0)
SUBJECT_LENGTH = 78


def next_digest_at(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next 07:00 in the site's time zone; its date names the digest."""
    local = timezone.localtime(now)
    at = local.replace(hour=DIGEST_TIME.hour, minute=0, second=0, microsecond=0)
    return at if at > local else at + datetime.timedelta(days=1)


def digest_cutoff(day: datetime.date) -> datetime.datetime:
    """A morning's digest holds what happened before 07:00 that day."""
    return datetime.datetime.combine(day, DIGEST_TIME, tzinfo=timezone.get_current_timezone())


def digest_items(user: User, day: datetime.date) -> NotificationQuerySet:
    """What the digest for `day` lists: not yet e-mailed, from the day before or still unread."""
    cutoff = digest_cutoff(day)
    recent_or_unread = Q(created_at__gte=cutoff - datetime.timedelta(days=1)) | Q(
        read_at__isnull=True
    )
    return (
        Notification.objects.for_user(user)
        .not_emailed()
        .filter(recent_or_unread, created_at__lt=cutoff)
    )


@task
def send_notification_email(notification_id: int) -> None:
    """E-mail one notification to its recipient, at most once."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id)
    found = notification.first()
    if found is None or not _wants_email_now(found.recipient):
        return
    if not Notification.objects.for_user(found.recipient).filter(pk=notification_id).exists():
        return  # it concerns a community the person no longer reads
    if not notification.not_emailed().update(emailed_at=timezone.now()):
        return  # another run has sent it
    try:
        send_mail(
            subject=_subject(f"Convene: {found.message}"),
            message=f"{found.message}\n\n{found.absolute_url()}\n\n{_footer()}",
            from_email=None,
            recipient_list=[found.recipient.email],
        )
    except Exception:
        # Give the claim back, so a retry sends it rather than losing it.
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise


@task
def send_daily_digest(user_id: int, day: str) -> None:
    """E-mail a person one digest of what they have not been e-mailed yet, once for `day`."""
    digest_day = datetime.date.fromisoformat(day)
    user = User.objects.active().filter(pk=user_id).first()
    if user is None or Preference.email_for(user) != Preference.Email.DAILY:
        return
    try:
        with transaction.atomic():
            delivery = DigestDelivery.objects.create(user=user, day=digest_day)
            items = list(digest_items(user, digest_day).select_for_update().order_by("created_at"))
            claimed = Notification.objects.filter(pk__in=[n.pk for n in items]).not_emailed()
            claimed.update(emailed_at=delivery.sent_at)
    except IntegrityError:
        return  # this day's digest has already gone
    if not items:
        return
    try:
        _send_digest(user, items)
    except Exception:
        with transaction.atomic():
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=None)
            delivery.delete()
        raise


def _wants_email_now(user: User) -> bool:
    # The preference may have changed since the notification was made.
    return user.is_active and Preference.email_for(user) == Preference.Email.IMMEDIATE


def _send_digest(user: User, items: list[Notification]) -> None:
    count = len(items)
    lines = [f"- {item.message}\n  {item.absolute_url()}" for item in items]
    intro = f"You have {count} new notification{'s' if count != 1 else ''} in Convene:"
    send_mail(
        subject=_subject(
            f"Convene: {items[0].message}" if count == 1 else f"Convene: {count} notifications"
        ),
        message="\n\n".join([intro, "\n".join(lines), _footer()]),
        from_email=None,
        recipient_list=[user.email],
    )


def _subject(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(SUBJECT_LENGTH)


def _footer() -> str:
    settings_url = settings.SITE_URL.rstrip("/") + reverse("notifications:preference_edit")
    return f"To change how Convene e-mails you, visit {settings_url}"

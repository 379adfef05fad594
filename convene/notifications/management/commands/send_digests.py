"""Enqueue the morning digest for everyone who asked for one and has something new."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Exists, OuterRef
from django.utils import timezone

from convene.notifications.models import Notification, Preference
from convene.notifications.tasks import digest_cutoff, send_daily_digest
from convene.people.models import User


class Command(BaseCommand):
    help = (
        "Enqueue each daily-digest reader's digest for a morning (today by default). "
        "Run it from cron at or after 07:00; running it twice sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", help="The digest's date, YYYY-MM-DD (default: today).")

    def handle(self, *args: Any, day: str | None, **options: Any) -> None:
        digest_day = _parse_day(day) if day else timezone.localdate()
        waiting = Notification.objects.filter(
            recipient=OuterRef("pk"),
            emailed_at__isnull=True,
            created_at__lt=digest_cutoff(digest_day),
        )
        readers = User.objects.active().filter(
            Exists(waiting), notification_preference__email=Preference.Email.DAILY
        )
        count = 0
        for user_id in readers.values_list("pk", flat=True).iterator():
            send_daily_digest.enqueue(user_id, digest_day.isoformat())
            count += 1
        self.stdout.write(f"Enqueued {count} digest{'s' if count != 1 else ''} for {digest_day}.")


def _parse_day(day: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(day)
    except ValueError:
        raise CommandError(f"--day must be a date like 2026-03-14, not {day!r}.") from None

"""Ask members what happened when they tried what they said they would apply after a gathering."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from convene.gatherings.services import remind_follow_ups


class Command(BaseCommand):
    help = (
        "Ask each member whose “what will I apply?” follow-up date has come what happened. "
        "Run it daily from cron; each intention is followed up once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        sent = remind_follow_ups(today=today)
        self.stdout.write(f"Sent {sent} follow-up reminder{'' if sent == 1 else 's'}.")

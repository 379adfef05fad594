"""Remind owners of active stretch goals that this month's check-in is still to do."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from convene.goals.services import remind_check_ins


class Command(BaseCommand):
    help = (
        "Remind the owner of each active stretch goal with no check-in this month. "
        "Run it daily from cron; each goal is reminded at most once a month."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        sent = remind_check_ins(today=today)
        plural = "" if sent == 1 else "s"
        self.stdout.write(f"Sent {sent} check-in reminder{plural} for {today:%B %Y}.")

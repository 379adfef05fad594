"""Open the pulses that are due and close the surveys whose time is up."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from convene.surveys.services import run_schedules


class Command(BaseCommand):
    help = (
        "Open each scheduled pulse that is due, in every community it covers, and close "
        "surveys past their closing time. Run it daily from cron: a second run the same day "
        "opens nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = run_schedules(timezone.localdate())
        self.stdout.write(f"Opened {done['opened']} and closed {done['closed']} surveys.")

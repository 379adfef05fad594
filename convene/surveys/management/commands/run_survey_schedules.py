"""Open the pulses that are due and close the surveys whose time is up."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from convene.surveys.services import run_schedules


class Command(BaseCommand):
    help = (
        "Open each scheduled pulse that is due, in every community it covers; close surveys "
        "past their closing time; and rewrite the responses of surveys that stay open, as a "
        "close would. Run it daily from cron: a second run the same day opens nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = run_schedules(timezone.localdate())
        self.stdout.write(
            f"Opened {done['opened']} and closed {done['closed']} surveys; rewrote the responses "
            f"of {done['unlinked']} that stay open so none stays linked to its receipt."
        )

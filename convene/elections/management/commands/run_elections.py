"""Count elections whose voting has ended, hand over terms that start today, and open
nominations where a convenor's term is ending."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from convene.elections.services import run_due


class Command(BaseCommand):
    help = (
        "Count elections whose voting window has ended, put winners in office when their "
        "term starts, and open nominations (telling members and the convenor) when a term "
        "is about to end. Run it daily, or hourly, from cron; running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = run_due(today=timezone.localdate())
        self.stdout.write(
            f"Counted {done['closed']} election(s), handed over {done['handed_over']} term(s), "
            f"opened nominations in {done['opened']} community(ies)."
        )

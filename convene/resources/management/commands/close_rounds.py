"""Close the allocation rounds whose closing day has come."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from convene.resources.rounds import close_due_rounds


class Command(BaseCommand):
    help = (
        "Close every open allocation round whose closing day has come, funding the entries "
        "that reached their minimum. Run it daily from cron; a round closes once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        closed = close_due_rounds(today=timezone.localdate())
        self.stdout.write(f"Closed {closed} round{'' if closed == 1 else 's'}.")

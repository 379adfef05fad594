"""Remind people, once, of surveys they were asked to answer and have not yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from convene.surveys.services import remind


class Command(BaseCommand):
    help = (
        "Remind each person who has not answered an open survey, once, when its schedule's "
        "reminder days (7 for surveys of one's own) have passed since they were asked. "
        "Run it daily from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = remind()
        self.stdout.write(f"Sent {sent} survey reminder{'' if sent == 1 else 's'}.")

"""Remind the leads of completed projects that their review date has come."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from convene.projects.services import remind_reviews


class Command(BaseCommand):
    help = (
        "Remind the leads of each completed project whose review date has come to look back "
        "at what lasted. Run it daily from cron; each project's leads are reminded once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = remind_reviews(today=timezone.localdate())
        self.stdout.write(f"Reminded the leads of {sent} project{'' if sent == 1 else 's'}.")

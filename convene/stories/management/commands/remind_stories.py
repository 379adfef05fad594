"""Remind the authors of unfinished value-creation stories that their chosen day has come."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from convene.stories.services import remind_unfinished_stories


class Command(BaseCommand):
    help = (
        "Remind the author of each unfinished story whose “remind me on” date has come to add "
        "what happened next. Run it daily from cron; each date chosen is reminded of once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = remind_unfinished_stories(today=timezone.localdate())
        self.stdout.write(f"Reminded the authors of {sent} stor{'y' if sent == 1 else 'ies'}.")

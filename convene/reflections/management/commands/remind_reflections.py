"""Remind people when a set point in a membership comes round and its prompts wait."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from convene.reflections.services import remind_reflections


class Command(BaseCommand):
    help = (
        "Remind each person whose membership of a community has reached a set point "
        "(on joining, after three months, after a year) and who has not answered its "
        "prompts. Run it daily from cron; each set point is reminded once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = remind_reflections()
        plural = "" if sent == 1 else "s"
        self.stdout.write(f"Sent {sent} reflection reminder{plural}.")

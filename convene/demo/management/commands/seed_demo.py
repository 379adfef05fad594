"""Fill an empty database with the Northgate Partnership demo organisation."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from convene.demo import (
    agenda,
    builders,
    charters,
    data,
    discussions,
    elections,
    gatherings,
    goals,
    insights,
    learning,
    notifications,
    peergroups,
    projects,
    reflections,
    resources,
    ripples,
    stories,
    surveys,
    values,
)
from convene.lib.envs import env_int
from convene.people.models import User

# In order: each builder may use what the ones before it made.
BUILDERS: tuple[Callable[[builders.Demo], str], ...] = (
    builders.build_structure,
    builders.build_people,
    builders.build_communities,
    builders.build_history,
    discussions.build_discussions,
    notifications.build_notifications,
    goals.build_goals,
    peergroups.build_peer_groups,
    reflections.build_reflections,
    charters.build_charters,
    learning.build_learning,
    elections.build_elections,
    gatherings.build_gatherings,
    agenda.build_agenda,
    projects.build_projects,
    resources.build_resources,
    values.build_values,
    surveys.build_surveys,
    stories.build_stories,
    ripples.build_ripples,
    insights.build_insights,
)


class Command(BaseCommand):
    help = "Fill an empty database with a believable demo organisation, Northgate Partnership."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=data.DEFAULT_PASSWORD,
            help=f'The password every demo account shares (default "{data.DEFAULT_PASSWORD}").',
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Leave a database that already has people as it is, instead of failing.",
        )

    def handle(self, *args: Any, password: str, if_empty: bool, **options: Any) -> None:
        if not password:
            raise CommandError("The password cannot be empty.")
        if not User.objects.exists():
            self.build(password)
        elif if_empty:
            self.stdout.write("The database already has people, so no demo data was added.")
        else:
            raise CommandError("The database already has people; use a fresh database.")
        self.stdout.write(sign_in_instructions(password))

    def build(self, password: str) -> None:
        started = time.monotonic()
        self.stdout.write(f"Building the {data.ORGANISATION_NAME} demo:")
        # Hashing is slow by design, so every account shares one hash.
        demo = builders.Demo(password_hash=make_password(password))
        with transaction.atomic():
            for build in BUILDERS:
                self.stdout.write(f"  {build(demo)}")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Built the demo in {elapsed:.1f} s."))


def sign_in_instructions(password: str) -> str:
    """Return where to find Convene and which accounts to sign in with."""
    names = {spec.email: f"{spec.first} {spec.last}" for spec in data.FIXED_PEOPLE}
    width = max(len(email) for email, _role in data.PERSONAS)
    accounts = [f"  {email:<{width}}  {names[email]}, {role}" for email, role in data.PERSONAS]
    port = env_int("PORT", 8000, minimum=1)
    return "\n".join(
        [
            "",
            f"Convene: http://127.0.0.1:{port}",
            "Sign in as one of these demo people:",
            *accounts,
            f'Password: "{password}". Every demo account uses the same password;',
            f"everyone else signs in as firstname.lastname@{data.EMAIL_DOMAIN}.",
        ]
    )

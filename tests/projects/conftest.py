"""Projects at each stage of their lifecycle, built through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from convene.communities.models import Community
from convene.people.models import User
from convene.projects import services
from convene.projects.models import Project, ProjectRole
from tests.api.conftest import api_as  # noqa: F401  (the API tests' token clients)


def draft(community: Community, lead: User, title: str = "Shared hand-over notes") -> Project:
    return services.draft_project(
        actor=lead,
        community=community,
        title=title,
        problem="Work falls between the night and day shifts.",
        intended_outcomes="Every shift starts knowing what the last one left.",
    )


def proposed(community: Community, lead: User, **options: object) -> Project:
    return services.propose_project(actor=lead, project=draft(community, lead, **options))  # type: ignore[arg-type]


def approved(community: Community, lead: User, decider: User, **options: object) -> Project:
    return services.approve_project(actor=decider, project=proposed(community, lead, **options))


def active(community: Community, lead: User, decider: User, **options: object) -> Project:
    return services.start_project(actor=lead, project=approved(community, lead, decider, **options))


def open_role(project: Project, lead: User, name: str = "Note-taker") -> ProjectRole:
    return services.add_role(actor=lead, project=project, name=name)


def completed(community: Community, lead: User, decider: User, **options: object) -> Project:
    project = active(community, lead, decider, **options)
    services.complete_project(
        actor=lead,
        project=project,
        expected_outcomes="Every shift starts knowing what the last one left.",
        actual_outcomes="Four of five teams use the note; night shift asked for a shorter one.",
        lessons="Start with the people who hand over, not with the form.",
        review_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    project.refresh_from_db()
    return project

"""What the community page shows about projects: in one query."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from convene.communities.models import Community
from convene.people.models import User
from convene.projects.models import Project

SHOWN = 5
UNDER_WAY = (Project.Status.PROPOSED, Project.Status.APPROVED, Project.Status.ACTIVE)


def community_panel(community: Community, user: User, *, readable: bool) -> dict[str, Any]:
    """Context for templates/projects/_community_panel.html on the community page."""
    if not readable and community.sponsor_id != user.pk:
        return {}
    # The community page is near its query budget, so the panel costs one query.
    projects = (
        Project.objects.filter(community=community, status__in=UNDER_WAY)
        .annotate(open_roles=Count("roles", filter=Q(roles__person__isnull=True)))
        .order_by("-updated_at", "id")[:SHOWN]
    )
    return {"project_panel": {"projects": list(projects)}}

"""What the community page shows about resources."""

from __future__ import annotations

from typing import Any

from convene.communities.models import Community
from convene.people.models import User


def community_panel(community: Community, user: User, *, readable: bool) -> dict[str, Any]:
    """Context for templates/resources/_community_panel.html on the community page."""
    return {}


def project_panel(project: Any, user: User) -> dict[str, Any]:
    """Context for templates/resources/_project_panel.html on a project's page."""
    return {}

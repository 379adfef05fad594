"""What the community page shows about projects."""

from __future__ import annotations

from typing import Any

from convene.communities.models import Community
from convene.people.models import User


def community_panel(community: Community, user: User, *, readable: bool) -> dict[str, Any]:
    """Context for templates/projects/_community_panel.html on the community page."""
    return {}

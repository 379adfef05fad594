"""What the community page shows about gatherings: the next few, in two queries."""

from __future__ import annotations

from typing import Any

from convene.communities.models import Community
from convene.gatherings.models import Gathering
from convene.gatherings.services import can_schedule
from convene.people.models import User

PANEL_LENGTH = 3


def community_panel(community: Community, user: User, *, readable: bool) -> dict[str, Any]:
    """Context for templates/gatherings/_community_panel.html on the community page."""
    if not readable:
        return {}
    upcoming = Gathering.objects.filter(community=community).for_list(user).upcoming()
    return {
        "gathering_panel": {
            "upcoming": list(upcoming[:PANEL_LENGTH]),
            "can_schedule": can_schedule(user, community),
        }
    }

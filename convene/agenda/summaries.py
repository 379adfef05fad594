"""What the community page shows about the organisational agenda: in two queries."""

from __future__ import annotations

from typing import Any

from convene.agenda.models import Contribution, Uptake
from convene.communities.models import Community
from convene.people.models import User

SHOWN = 5


def community_panel(community: Community, user: User, *, readable: bool) -> dict[str, Any]:
    """Context for templates/agenda/_community_panel.html on the community page."""
    if not readable:
        return {}
    return {
        "agenda_panel": {
            "uptakes": list(
                Uptake.objects.filter(community=community)
                .select_related("issue")
                .order_by("-created_at")[:SHOWN]
            ),
            "contributions": list(
                Contribution.objects.filter(community=community)
                .select_related("addressed_to")
                .order_by("-created_at")[:SHOWN]
            ),
        }
    }

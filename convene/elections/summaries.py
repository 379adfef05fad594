"""What the community page shows about elections: in two or three queries, whatever the history."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef

from convene.communities.models import Community
from convene.elections import services
from convene.elections.models import Election, Nomination, Receipt
from convene.people.models import User


def community_panel(community: Community, user: User, *, readable: bool) -> dict[str, Any]:
    """Context for templates/elections/_community_panel.html on the community page."""
    if not readable:
        return {}
    election = (
        Election.objects.filter(community=community)
        .not_closed()
        .annotate(
            has_voted=Exists(Receipt.objects.filter(election=OuterRef("pk"), voter=user.pk)),
            asked=Exists(
                Nomination.objects.filter(
                    election=OuterRef("pk"), nominee=user.pk, status=Nomination.Status.PENDING
                )
            ),
        )
        .first()
    )
    if election is not None:
        election.community = community
    # Read only: a page view on the community's front page writes nothing. The history page
    # and the daily command record a hand-appointed convenor's term.
    term = services.current_term(community)
    convenor = None
    if term is None:
        convenor = community.memberships.current().convenors().select_related("user").first()
    return {
        "election_panel": {
            "term": term,
            "convenor": convenor.user if convenor else None,
            "election": election,
            "phase": election.phase() if election else None,
            "phases": Election.Phase,
        }
    }

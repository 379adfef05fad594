"""What the community and project pages show about resources."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from convene.communities.models import Community
from convene.people.models import User
from convene.projects.models import Project
from convene.projects.services import is_lead
from convene.resources.ledger import community_balances, project_balances
from convene.resources.parameters import current_period, may_set_parameters
from convene.resources.requests import MAY_ASK


def community_panel(community: Community, user: User, *, readable: bool) -> dict[str, Any]:
    """Context for templates/resources/_community_panel.html on the community page.

    For those who read the community, its sponsor and administrators. It costs no
    query: the page is already at its query budget, so the envelopes' figures
    load into the panel from ``resources:community_summary`` once the page is shown.
    """
    sponsors = community.sponsor_id is not None and community.sponsor_id == user.pk
    if not (readable or sponsors or may_set_parameters(user)):
        return {}
    return {
        "resources_panel": {
            "summary_url": reverse("resources:community_summary", args=[community.slug])
        }
    }


def community_summary(community: Community) -> dict[str, Any]:
    """What is left of each of the community's envelopes this period: three queries."""
    period = current_period()
    balances = [b for b in community_balances(community, period) if b.has_envelope]
    return {"community": community, "period": period, "balances": balances}


def project_panel(project: Project, user: User) -> dict[str, Any]:
    """Context for templates/resources/_project_panel.html on a project's page: two queries."""
    lead = is_lead(user, project)
    return {
        "resources_panel": {
            "balances": [b for b in project_balances(project) if b.allocated],
            "may_request": lead and project.status in MAY_ASK,
        }
    }

"""Issues and contributions at each stage, built through the services."""

from __future__ import annotations

from convene.agenda import services
from convene.agenda.models import Contribution, Issue
from convene.communities.models import Community
from convene.people.models import User
from tests.api.conftest import api_as  # noqa: F401  (the API tests' token clients)


def make_issue(actor: User, title: str = "Hand-offs between shifts", **options: object) -> Issue:
    fields: dict = {"description": "Work falls between the night and day shifts.", **options}
    return services.raise_issue(actor=actor, title=title, **fields)


def draft(issue: Issue, community: Community, convenor: User, **options: object) -> Contribution:
    """A community takes the issue up and drafts a contribution with one version."""
    if not issue.uptakes.filter(community=community).exists():
        services.take_up_issue(actor=convenor, issue=issue, community=community)
    fields: dict = {
        "title": f"{community} on {issue.title}",
        "analysis": "The hand-over note is optional, so it is often skipped.",
        "options": "1. Make it mandatory. 2. Overlap shifts by fifteen minutes.",
        "recommendation": "Overlap shifts for a trial quarter.",
        **options,
    }
    return services.start_contribution(actor=convenor, issue=issue, community=community, **fields)


def submitted(
    issue: Issue, community: Community, convenor: User, to: User, **options: object
) -> Contribution:
    contribution = draft(issue, community, convenor, **options)
    return services.submit_contribution(actor=convenor, contribution=contribution, addressed_to=to)

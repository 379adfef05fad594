"""The one way views and the API fetch issues, contributions and actions for a person.

Each helper returns the object or raises Http404: a private community's
contribution is indistinguishable from one that does not exist to anyone
but its members and the executive it is addressed to.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from convene.agenda.models import Action, Contribution, ContributionVersion, Issue
from convene.people.models import User


def get_issue_for_user(user: User | AnonymousUser, issue_id: uuid.UUID) -> Issue:
    return get_object_or_404(
        Issue.objects.visible_to(user).select_related("raised_by", "source_post__community"),
        pk=issue_id,
    )


def get_contribution_for_user(
    user: User | AnonymousUser, contribution_id: uuid.UUID
) -> Contribution:
    return get_object_or_404(
        Contribution.objects.visible_to(user)
        .with_links_for(user)
        .select_related(
            "issue", "community", "lead", "addressed_to", "submitted_by", "thread_post"
        ),
        pk=contribution_id,
    )


def get_version_for_user(
    user: User | AnonymousUser, contribution: Contribution, number: int
) -> ContributionVersion:
    version = get_object_or_404(
        ContributionVersion.objects.select_related("author"),
        contribution=contribution,
        number=number if 0 < number < 2**31 else 0,
    )
    version.contribution = contribution
    return version


def get_action_for_user(user: User | AnonymousUser, action_id: int) -> Action:
    visible = Contribution.objects.visible_to(user)
    return get_object_or_404(
        Action.objects.select_related("response__contribution", "owner").filter(
            response__contribution__in=visible
        ),
        pk=action_id if 0 < action_id < 2**31 else 0,
    )

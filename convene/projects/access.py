"""The one way views and the API fetch projects, their roles and register entries for a person.

Each helper returns the object or raises Http404: a private community's
project is indistinguishable from one that does not exist to anyone who may
not read it.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from convene.communities.models import Community
from convene.people.models import User
from convene.projects.models import Innovation, Milestone, Project, ProjectRole

LARGEST_ID = 2**31


def get_project_for_user(user: User | AnonymousUser, project_id: uuid.UUID) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(user).select_related(
            "community", "created_by", "discussion__community"
        ),
        pk=project_id,
    )


def get_role_for_user(user: User | AnonymousUser, project: Project, role_id: int) -> ProjectRole:
    role = get_object_or_404(
        ProjectRole.objects.select_related("person"),
        project=project,
        pk=role_id if 0 < role_id < LARGEST_ID else 0,
    )
    role.project = project
    return role


def get_milestone_for_user(
    user: User | AnonymousUser, project: Project, milestone_id: int
) -> Milestone:
    milestone = get_object_or_404(
        Milestone.objects.all(),
        project=project,
        pk=milestone_id if 0 < milestone_id < LARGEST_ID else 0,
    )
    milestone.project = project
    return milestone


def get_innovation_for_user(user: User | AnonymousUser, innovation_id: uuid.UUID) -> Innovation:
    return get_object_or_404(
        Innovation.objects.visible_to(user).for_list(user).select_related("added_by"),
        pk=innovation_id,
    )


def get_community_projects_for_user(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose projects the person may see: one they read, or one they sponsor."""
    community = get_object_or_404(Community.objects.select_related("sponsor"), slug=slug)
    if not user.is_authenticated:
        raise Http404
    sponsors = community.sponsor_id == user.pk and user.is_active
    if not sponsors and not Community.objects.readable_by(user).filter(pk=community.pk).exists():
        raise Http404
    return community

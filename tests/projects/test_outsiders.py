"""Outsiders get a 404 from every project page and API endpoint, and change nothing.

A private community's projects are 404 to everyone who may not read the
community, administrators included; its sponsor sees them.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from convene.audit.models import AuditEvent
from convene.projects import services
from convene.projects.models import Project
from tests.conftest import client_for
from tests.projects.conftest import active, open_role

JSON = "application/json"


@pytest.fixture
def project(people) -> Project:
    project = active(people.private_community, people.member, people.convenor)
    open_role(project, people.member)
    services.add_milestone(
        actor=people.member,
        project=project,
        title="Trial",
        due_on=timezone.localdate() + datetime.timedelta(days=9),
    )
    return project


def _pages(project: Project) -> list[tuple[str, str]]:
    role = project.roles.get(is_lead=False)
    milestone = project.milestones.get()
    pk = project.pk
    slug = project.community.slug
    return [
        ("get", reverse("projects:community_projects", args=[slug])),
        ("get", reverse("projects:project_create", args=[slug])),
        ("post", reverse("projects:project_create", args=[slug])),
        ("get", reverse("projects:project_detail", args=[pk])),
        ("get", reverse("projects:project_edit", args=[pk])),
        ("post", reverse("projects:project_edit", args=[pk])),
        *[
            ("post", reverse("projects:project_step", args=[pk, step]))
            for step in ("propose", "approve", "decline", "withdraw", "start", "close")
        ],
        ("get", reverse("projects:team", args=[pk])),
        ("post", reverse("projects:team", args=[pk])),
        *[
            ("post", reverse("projects:role_action", args=[pk, role.pk, action]))
            for action in ("volunteer", "fill", "release", "remove")
        ],
        ("get", reverse("projects:updates", args=[pk])),
        ("post", reverse("projects:updates", args=[pk])),
        ("get", reverse("projects:milestones", args=[pk])),
        ("post", reverse("projects:milestones", args=[pk])),
        ("post", reverse("projects:milestone_mark", args=[pk, milestone.pk])),
        ("get", reverse("projects:close_out", args=[pk])),
        ("post", reverse("projects:close_out", args=[pk])),
        ("get", reverse("projects:innovation_create", args=[pk])),
        ("post", reverse("projects:innovation_create", args=[pk])),
    ]


def _api(project: Project) -> list[tuple[str, str]]:
    role = project.roles.get(is_lead=False)
    milestone = project.milestones.get()
    base = f"/api/v1/projects/{project.pk}"
    return [
        ("get", f"/api/v1/projects?community={project.community.slug}"),
        ("post", "/api/v1/projects"),
        ("get", base),
        ("put", base),
        *[
            ("post", f"{base}/{step}")
            for step in ("propose", "approve", "decline", "withdraw", "start", "close")
        ],
        ("get", f"{base}/roles"),
        ("post", f"{base}/roles"),
        *[
            ("post", f"{base}/roles/{role.pk}/{action}")
            for action in ("volunteer", "fill", "release")
        ],
        ("delete", f"{base}/roles/{role.pk}"),
        ("get", f"{base}/updates"),
        ("post", f"{base}/updates"),
        ("get", f"{base}/milestones"),
        ("post", f"{base}/milestones"),
        ("put", f"{base}/milestones/{milestone.pk}"),
        ("get", f"{base}/close-out"),
        ("post", f"{base}/close-out"),
        ("post", f"{base}/innovations"),
    ]


PROPOSAL = {"title": "Mine now", "problem": "x", "intended_outcomes": "y"}


def _body(url: str) -> dict:
    """A body each endpoint's schema accepts, so only the access check can refuse it."""
    if url == "/api/v1/projects":
        return {**PROPOSAL, "community": "quiet-room"}
    if url.count("/") == 4:
        return PROPOSAL
    tail = url.rsplit("/", 1)[-1]
    if tail == "close-out":
        return {
            "expected_outcomes": "x",
            "actual_outcomes": "y",
            "lessons": "z",
            "review_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        }
    if tail == "milestones":
        return {"title": "Mine", "due_on": timezone.localdate().isoformat()}
    return {
        "name": "x",
        "person": "x",
        "title": "x",
        "summary": "x",
        "body": "x",
        "reason": "x",
        "done": True,
    }


@pytest.mark.parametrize("who", ["outsider", "admin", "executive"])
def test_every_project_page_is_404_to_those_who_cannot_read_a_private_community(
    people, project, who
):
    client = client_for(getattr(people, who))
    before = AuditEvent.objects.count()
    for method, url in _pages(project):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("who", ["outsider", "admin"])
def test_every_project_endpoint_is_404_to_those_who_cannot_read_a_private_community(
    people, project, api_as, who
):
    client = api_as(getattr(people, who))
    before = AuditEvent.objects.count()
    for method, url in _api(project):
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, _body(url), content_type=JSON)
        assert response.status_code == 404, (method, url, response.status_code)
    assert AuditEvent.objects.count() == before


def test_the_outsider_sees_no_private_project_in_any_list(people, project, api_as):
    client = client_for(people.outsider)
    assert project.title not in client.get(reverse("projects:project_list")).content.decode()
    assert api_as(people.outsider).get("/api/v1/projects").json()["items"] == []


def test_the_sponsor_of_a_private_community_sees_its_projects(people, project):
    sponsor = client_for(people.sponsor)
    assert sponsor.get(project.get_absolute_url()).status_code == 200
    listing = sponsor.get(reverse("projects:community_projects", args=["quiet-room"]))
    assert project.title in listing.content.decode()


def test_a_project_that_does_not_exist_is_404(as_member):
    missing = "00000000-0000-0000-0000-000000000000"
    assert as_member.get(f"/projects/{missing}/").status_code == 404
    assert as_member.post(f"/projects/{missing}/roles/99999999999/volunteer/").status_code == 404

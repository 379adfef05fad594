"""A project says which organisational issue it works on, in its proposal and over the API."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from convene.projects import services
from convene.projects.models import Project
from convene.projects.services import NO_SUCH_ISSUE, ProjectError
from tests.agenda.conftest import make_issue
from tests.conftest import client_for
from tests.projects.conftest import draft

JSON = "application/json"


def _proposal(**fields: Any) -> dict[str, Any]:
    return {
        "title": "Shared hand-over notes",
        "problem": "Work falls between the shifts.",
        "intended_outcomes": "Every shift starts knowing what the last one left.",
        "challenge": "adaptive",
        **fields,
    }


def test_a_member_chooses_the_issue_in_the_proposal_form(people):
    issue = make_issue(people.executive)
    client = client_for(people.member)
    url = reverse("projects:project_create", args=[people.open_community.slug])
    form = client.get(url + f"?issue={issue.pk}").content.decode()
    assert f'<option value="{issue.pk}" selected>' in form
    response = client.post(url, _proposal(issue=issue.pk))
    project = Project.objects.get()
    assert response.status_code == 302 and project.issue == issue


def test_the_lead_changes_or_clears_the_issue_while_the_proposal_is_open(people):
    first, second = make_issue(people.executive, "First"), make_issue(people.executive, "Second")
    project = draft(people.open_community, people.member)
    client = client_for(people.member)
    url = reverse("projects:project_edit", args=[project.pk])
    assert client.post(url, _proposal(issue=first.pk)).status_code == 302
    project.refresh_from_db()
    assert project.issue == first
    page = client.get(url).content.decode()
    assert f'<option value="{first.pk}" selected>' in page and str(second.pk) in page
    assert client.post(url, _proposal(issue="")).status_code == 302
    project.refresh_from_db()
    assert project.issue is None


def test_a_made_up_issue_is_a_form_error_and_nothing_is_saved(people):
    client = client_for(people.member)
    url = reverse("projects:project_create", args=[people.open_community.slug])
    response = client.post(url, _proposal(issue=uuid.uuid4()))
    assert response.status_code == 400
    assert "Choose an issue from the organisational agenda." in response.content.decode()
    assert not Project.objects.exists()


def test_an_issue_the_person_cannot_see_is_refused_as_if_it_did_not_exist(people):
    issue = make_issue(people.executive)
    project = draft(people.open_community, people.member)
    # Issues are hidden only from accounts that are no longer active.
    people.member.is_active = False
    people.member.save(update_fields=["is_active"])
    with pytest.raises(ProjectError, match=NO_SUCH_ISSUE):
        services.edit_proposal(actor=people.member, project=project, issue=issue, **_proposal())
    with pytest.raises(ProjectError, match=NO_SUCH_ISSUE):
        services.issue_for(people.member, issue.pk)
    with pytest.raises(ProjectError, match=NO_SUCH_ISSUE):
        services.issue_for(people.convenor, uuid.uuid4())
    project.refresh_from_db()
    assert project.issue is None


def test_the_project_page_names_the_issue_it_works_on(people):
    issue = make_issue(people.executive, "Hand-overs at shift change")
    project = services.draft_project(
        actor=people.member, community=people.open_community, issue=issue, **_proposal()
    )
    page = client_for(people.outsider).get(project.get_absolute_url()).content.decode()
    assert 'id="project-issue"' in page and issue.get_absolute_url() in page
    listing = client_for(people.outsider).get(reverse("projects:project_list")).content.decode()
    assert "works on" in listing and "Hand-overs at shift change" in listing


def test_a_project_without_an_issue_names_none(people):
    project = draft(people.open_community, people.member)
    page = client_for(people.member).get(project.get_absolute_url()).content.decode()
    assert 'id="project-issue"' not in page


def test_the_api_reads_and_writes_the_issue_a_project_works_on(people, api_as):
    issue, other = make_issue(people.executive, "First"), make_issue(people.executive, "Second")
    client = api_as(people.member)
    created = client.post(
        "/api/v1/projects",
        {**_proposal(), "community": people.open_community.slug, "issue": str(issue.pk)},
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    assert created.json()["issue"] == str(issue.pk)
    project_id = created.json()["id"]
    edited = client.put(
        f"/api/v1/projects/{project_id}", {**_proposal(), "issue": str(other.pk)}, content_type=JSON
    )
    assert edited.status_code == 200 and edited.json()["issue"] == str(other.pk)
    listed = client.get(f"/api/v1/projects?issue={other.pk}").json()["items"]
    assert [row["id"] for row in listed] == [project_id]
    assert client.get(f"/api/v1/projects?issue={issue.pk}").json()["items"] == []


def test_the_api_refuses_a_made_up_issue_with_the_same_error_and_saves_nothing(people, api_as):
    client = api_as(people.member)
    refused = client.post(
        "/api/v1/projects",
        {**_proposal(), "community": people.open_community.slug, "issue": str(uuid.uuid4())},
        content_type=JSON,
    )
    assert refused.status_code == 400 and refused.json()["detail"] == NO_SUCH_ISSUE
    assert not Project.objects.exists()


def test_outsiders_cannot_read_or_change_a_private_projects_issue(people, api_as):
    issue = make_issue(people.executive)
    project = services.draft_project(
        actor=people.member, community=people.private_community, issue=issue, **_proposal()
    )
    outsider = api_as(people.outsider)
    assert outsider.get(f"/api/v1/projects/{project.pk}").status_code == 404
    changed = outsider.put(
        f"/api/v1/projects/{project.pk}", {**_proposal(), "issue": None}, content_type=JSON
    )
    assert changed.status_code == 404
    assert outsider.get(f"/api/v1/projects?issue={issue.pk}").json()["items"] == []
    project.refresh_from_db()
    assert project.issue == issue

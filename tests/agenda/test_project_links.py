"""Issues show the projects working on them, and contributions the project they draw on,
each only to those who may see it."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from convene.agenda import services
from convene.agenda.models import Contribution
from convene.agenda.services import AgendaError
from convene.projects import services as projects
from convene.projects.models import Project
from tests.agenda.conftest import draft, make_issue, submitted
from tests.conftest import client_for
from tests.factories import make_community, make_person

JSON = "application/json"


def _project(community, lead, title: str, issue=None) -> Project:
    return projects.draft_project(
        actor=lead,
        community=community,
        title=title,
        problem="Work falls between the shifts.",
        intended_outcomes="Every shift starts knowing what the last one left.",
        issue=issue,
    )


# -- The issue page ----------------------------------------------------------------------


def test_the_issue_page_lists_the_projects_working_on_it(people):
    issue = make_issue(people.executive)
    _project(people.open_community, people.member, "Open notes", issue)
    _project(people.open_community, people.member, "Unrelated")
    page = client_for(people.outsider).get(issue.get_absolute_url()).content.decode()
    assert "Open notes" in page and "Unrelated" not in page


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [("outsider", False), ("executive", False), ("member", True), ("sponsor", True)],
)
def test_a_private_communitys_project_shows_on_the_issue_page_only_to_who_may_see_it(
    people, viewer, sees
):
    issue = make_issue(people.executive)
    _project(people.private_community, people.member, "Quiet notes", issue)
    page = client_for(getattr(people, viewer)).get(issue.get_absolute_url()).content.decode()
    assert ("Quiet notes" in page) is sees
    listing = client_for(getattr(people, viewer)).get(reverse("agenda:issue_list")).content
    assert (b'data-projects="1"' in listing) is sees


def test_members_of_a_community_that_took_the_issue_up_may_start_a_project_on_it(people):
    issue = make_issue(people.executive)
    services.take_up_issue(actor=people.convenor, issue=issue, community=people.open_community)
    start = reverse("projects:project_create", args=[people.open_community.slug])
    assert start in client_for(people.member).get(issue.get_absolute_url()).content.decode()
    assert start not in client_for(people.outsider).get(issue.get_absolute_url()).content.decode()


def test_the_api_counts_only_the_projects_the_person_may_see(people, api_as):
    issue = make_issue(people.executive)
    _project(people.private_community, people.member, "Quiet notes", issue)
    _project(people.open_community, people.member, "Open notes", issue)
    assert (
        api_as(people.member).get(f"/api/v1/agenda/issues/{issue.pk}").json()["project_count"] == 2
    )
    assert (
        api_as(people.outsider).get(f"/api/v1/agenda/issues/{issue.pk}").json()["project_count"]
        == 1
    )


# -- A contribution's project ------------------------------------------------------------


def test_a_contribution_names_a_project_of_its_community_and_its_page_shows_it(people):
    issue = make_issue(people.executive)
    project = _project(people.open_community, people.member, "Open notes", issue)
    contribution = draft(issue, people.open_community, people.convenor, project=project)
    assert contribution.project == project
    page = client_for(people.outsider).get(contribution.get_absolute_url()).content.decode()
    assert 'id="contribution-project"' in page and project.get_absolute_url() in page


def test_the_contribution_form_offers_the_communitys_projects(people):
    issue = make_issue(people.executive)
    services.take_up_issue(actor=people.convenor, issue=issue, community=people.open_community)
    project = _project(people.open_community, people.member, "Open notes")
    other = _project(make_community("Elsewhere", members=[people.outsider]), people.outsider, "X")
    client = client_for(people.member)
    url = reverse("agenda:contribution_create", args=[issue.pk])
    form = client.get(url).content.decode()
    assert str(project.pk) in form and str(other.pk) not in form
    response = client.post(
        url,
        {"title": "Our view", "community": "open-circle", "project": project.pk, "analysis": "A"},
    )
    assert response.status_code == 302
    assert Contribution.objects.get().project == project


def test_a_project_of_another_community_is_refused_and_nothing_is_saved(people):
    issue = make_issue(people.executive)
    services.take_up_issue(actor=people.convenor, issue=issue, community=people.open_community)
    elsewhere = _project(people.private_community, people.member, "Quiet notes")
    with pytest.raises(AgendaError, match="Open Circle has no such project"):
        services.start_contribution(
            actor=people.member,
            issue=issue,
            community=people.open_community,
            title="Our view",
            project=elsewhere,
        )
    with pytest.raises(AgendaError, match="Only a community's contribution"):
        services.start_contribution(
            actor=people.member, issue=issue, title="A group's view", project=elsewhere
        )
    assert not Contribution.objects.exists()


def test_members_change_the_project_at_any_stage_and_others_may_not(people):
    issue = make_issue(people.executive)
    first = _project(people.open_community, people.member, "First")
    second = _project(people.open_community, people.member, "Second")
    contribution = submitted(
        issue, people.open_community, people.convenor, people.executive, project=first
    )
    url = reverse("agenda:contribution_project", args=[contribution.pk])
    assert client_for(people.member).post(url, {"project": second.pk}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.project == second
    with pytest.raises(AgendaError, match="Only the contribution's community"):
        services.link_project(actor=people.executive, contribution=contribution, project=None)
    refused = client_for(people.executive).post(url, {"project": ""})
    assert refused.status_code == 400
    contribution.refresh_from_db()
    assert contribution.project == second
    assert client_for(people.member).post(url, {"project": ""}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.project is None


@pytest.mark.parametrize(("addressee", "sees"), [("executive", False), ("sponsor", True)])
def test_whoever_answers_a_private_contribution_sees_its_project_only_if_they_may(
    people, addressee, sees
):
    issue = make_issue(people.executive)
    project = _project(people.private_community, people.member, "Quiet notes")
    answerer = getattr(people, addressee)
    contribution = submitted(
        issue, people.private_community, people.convenor, answerer, project=project
    )
    page = client_for(answerer).get(contribution.get_absolute_url()).content.decode()
    assert ("Quiet notes" in page) is sees
    assert 'id="project-heading"' not in page
    member = client_for(people.member).get(contribution.get_absolute_url()).content.decode()
    assert "Quiet notes" in member and 'id="project-heading"' in member


def test_outsiders_get_404_for_a_private_contributions_project(people, api_as):
    issue = make_issue(people.executive)
    project = _project(people.private_community, people.member, "Quiet notes")
    contribution = draft(issue, people.private_community, people.convenor, project=project)
    url = reverse("agenda:contribution_project", args=[contribution.pk])
    assert client_for(people.outsider).post(url, {"project": ""}).status_code == 404
    api = api_as(people.outsider)
    path = f"/api/v1/agenda/contributions/{contribution.pk}/project"
    assert api.put(path, {"project": None}, content_type=JSON).status_code == 404
    contribution.refresh_from_db()
    assert contribution.project == project


# -- The API -----------------------------------------------------------------------------


def test_the_api_reads_and_writes_a_contributions_project(people, api_as):
    issue = make_issue(people.executive)
    services.take_up_issue(actor=people.convenor, issue=issue, community=people.open_community)
    project = _project(people.open_community, people.member, "Open notes")
    client = api_as(people.member)
    started = client.post(
        f"/api/v1/agenda/issues/{issue.pk}/contributions",
        {"title": "Our view", "community": "open-circle", "project": str(project.pk)},
        content_type=JSON,
    )
    assert started.status_code == 201, started.json()
    assert started.json()["project"] == str(project.pk)
    path = f"/api/v1/agenda/contributions/{started.json()['id']}/project"
    cleared = client.put(path, {"project": None}, content_type=JSON)
    assert cleared.status_code == 200 and cleared.json()["project"] is None
    again = client.put(path, {"project": str(project.pk)}, content_type=JSON)
    assert again.json()["project"] == str(project.pk)
    assert client.get(f"/api/v1/agenda/issues/{issue.pk}/contributions").json()[0]["project"] == (
        str(project.pk)
    )


def test_the_api_refuses_a_hidden_project_exactly_as_a_made_up_one(people, api_as):
    issue = make_issue(people.executive)
    services.take_up_issue(actor=people.convenor, issue=issue, community=people.open_community)
    stranger = make_person("Sam Stranger")
    hidden = _project(
        make_community("Back Room", private=True, convenor=stranger), stranger, "Hidden"
    )
    contribution = draft(issue, people.open_community, people.convenor)
    client = api_as(people.member)
    path = f"/api/v1/agenda/contributions/{contribution.pk}/project"
    details = {
        client.put(path, {"project": str(project_id)}, content_type=JSON).json()["detail"]
        for project_id in (hidden.pk, uuid.uuid4())
    }
    assert details == {"Open Circle has no such project; name one of its own."}
    contribution.refresh_from_db()
    assert contribution.project is None


def test_an_addressed_executive_reads_no_project_id_from_a_private_contribution(people, api_as):
    issue = make_issue(people.executive)
    project = _project(people.private_community, people.member, "Quiet notes")
    contribution = submitted(
        issue, people.private_community, people.convenor, people.executive, project=project
    )
    executive = api_as(people.executive)
    assert (
        executive.get(f"/api/v1/agenda/contributions/{contribution.pk}").json()["project"] is None
    )
    assert executive.get("/api/v1/agenda/queue").json()[0]["project"] is None
    member = api_as(people.member)
    assert member.get(f"/api/v1/agenda/contributions/{contribution.pk}").json()["project"] == str(
        project.pk
    )

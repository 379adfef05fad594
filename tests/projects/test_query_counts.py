"""Every project list costs the same number of queries for 2 rows as for 40."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Membership
from convene.projects import services
from convene.projects.models import Project
from convene.projects.summaries import community_panel
from tests.agenda.conftest import make_issue
from tests.conftest import client_for
from tests.factories import make_person, make_unit
from tests.projects.conftest import active, open_role

PAGES = {
    "project_list": 6,
    "community_projects": 9,
    "innovation_list": 5,
    "updates": 7,
    "milestones": 6,
    "team": 8,
}
API = {"/api/v1/projects": 4, "/api/v1/innovations": 3, "updates": 3, "roles": 3}
DETAIL_AT_MOST = 25
PANEL_QUERIES = 1


def _queries(fetch: Callable[[], object]) -> int:
    fetch()
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert getattr(response, "status_code", None) == 200
    return len(queries)


def _build(people, count: int) -> Project:
    """`count` projects, each with a helper and an open role, and one project with `count`
    updates, milestones, roles and innovations."""
    unit = make_unit("Night shift")
    main = active(people.open_community, people.member, people.convenor, title="Main")
    for n in range(count):
        helper = make_person(f"Helper {n}")
        Membership.objects.create(community=people.open_community, user=helper)
        private = n % 3 == 0
        lead = people.member if private else helper
        project = services.draft_project(
            actor=lead,
            community=people.private_community if private else people.open_community,
            title=f"Project {n}",
            problem="A problem.",
            intended_outcomes="An outcome.",
            issue=make_issue(helper, title=f"Issue {n}"),
        )
        open_role(project, lead)
        open_role(main, people.member, f"Open role {n}")
        services.add_role(actor=people.member, project=main, name=f"Role {n}", person=helper)
        services.post_update(actor=helper, project=main, body=f"Update {n} with *Markdown*.")
        services.add_milestone(
            actor=helper,
            project=main,
            title=f"Milestone {n}",
            due_on=timezone.localdate() + datetime.timedelta(days=n),
        )
        services.record_innovation(
            actor=helper,
            project=main,
            title=f"Innovation {n}",
            summary="Something new.",
            status="piloted" if n % 2 else "idea",
            unit=unit if n % 2 else None,
        )
    return main


@pytest.mark.parametrize("count", [2, 40])
def test_every_project_page_costs_a_fixed_number_of_queries(people, count):
    main = _build(people, count)
    client = client_for(people.member)
    urls = {
        "project_list": reverse("projects:project_list") + "?scope=all",
        "community_projects": reverse("projects:community_projects", args=["open-circle"]),
        "innovation_list": reverse("projects:innovation_list"),
        "updates": reverse("projects:updates", args=[main.pk]),
        "milestones": reverse("projects:milestones", args=[main.pk]),
        "team": reverse("projects:team", args=[main.pk]),
    }
    counts = {name: _queries(partial(client.get, url)) for name, url in urls.items()}
    assert counts == PAGES
    listing = client.get(urls["project_list"]).content.decode()
    assert listing.count("works on <a") == count
    assert _queries(lambda: client.get(main.get_absolute_url())) <= DETAIL_AT_MOST


@pytest.mark.parametrize("count", [2, 40])
def test_the_community_page_panel_costs_one_query(people, count, django_assert_num_queries):
    _build(people, count)
    with django_assert_num_queries(PANEL_QUERIES):
        panel = community_panel(people.open_community, people.member, readable=True)
    assert [project.title for project in panel["project_panel"]["projects"]] == ["Main"]


@pytest.mark.parametrize("count", [2, 40])
def test_every_project_list_in_the_api_costs_a_fixed_number_of_queries(people, api_as, count):
    main = _build(people, count)
    client = api_as(people.member)
    urls = {
        "/api/v1/projects": "/api/v1/projects",
        "/api/v1/innovations": "/api/v1/innovations",
        "updates": f"/api/v1/projects/{main.pk}/updates",
        "roles": f"/api/v1/projects/{main.pk}/roles",
    }
    counts = {name: _queries(partial(client.get, url)) for name, url in urls.items()}
    assert counts == API
    issues = [row["issue"] for row in client.get("/api/v1/projects").json()["items"]]
    assert sum(issue is not None for issue in issues) == count

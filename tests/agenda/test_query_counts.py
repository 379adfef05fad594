"""The issue list (with each issue's projects) and the executive queue cost the same number of
queries for 2 rows as for 40."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from convene.agenda import services
from convene.agenda.models import Contribution
from convene.discussions import services as discussions
from convene.projects import services as projects
from tests.agenda.conftest import make_issue, submitted
from tests.conftest import client_for
from tests.factories import make_community, make_person

ISSUE_LIST_QUERIES = 6
QUEUE_QUERIES = 10
API_QUEUE_QUERIES = 2
API_ISSUE_LIST_QUERIES = 4
API_CONTRIBUTION_LIST_QUERIES = 3


def _queries(fetch: Callable[[], object]) -> int:
    fetch()
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert getattr(response, "status_code", None) == 200
    return len(queries)


def _issues(people, count: int) -> None:
    for n in range(count):
        raiser = make_person(f"Raiser {n}")
        issue = make_issue(raiser, title=f"Issue {n}", tags=[f"tag {n}", "shared"])
        services.support_issue(actor=people.member, issue=issue)
        services.support_issue(actor=raiser, issue=issue)
        services.take_up_issue(actor=people.convenor, issue=issue, community=people.open_community)
        # A project on every issue, half in the private community the member belongs to.
        community = people.private_community if n % 2 else people.open_community
        projects.draft_project(
            actor=people.member,
            community=community,
            title=f"Project {n}",
            problem="A problem.",
            intended_outcomes="An outcome.",
            issue=issue,
        )


def _awaiting(people, count: int) -> None:
    for n in range(count):
        convenor = make_person(f"Convenor {n}")
        community = make_community(f"Circle {n}", convenor=convenor, private=n % 2 == 0)
        submitted(
            make_issue(people.member, title=f"Issue {n}"), community, convenor, people.executive
        )


@pytest.mark.parametrize("count", [2, 40])
def test_the_issue_list_costs_a_fixed_number_of_queries(people, count):
    _issues(people, count)
    client = client_for(people.member)
    for sort in ("support", "recent"):
        url = reverse("agenda:issue_list") + f"?sort={sort}"
        assert _queries(partial(client.get, url)) == ISSUE_LIST_QUERIES
    page = client.get(reverse("agenda:issue_list")).content.decode()
    assert page.count('data-projects="1"') == count


@pytest.mark.parametrize("count", [2, 40])
def test_the_executive_queue_costs_a_fixed_number_of_queries(people, count):
    _awaiting(people, count)
    contribution = submitted(
        make_issue(people.member), people.open_community, people.convenor, people.executive
    )
    services.respond(
        actor=people.executive,
        contribution=contribution,
        outcome="accepted",
        actions=[services.ActionPlan("Report back", people.convenor, timezone.localdate())],
    )
    client = client_for(people.executive)
    page = client.get(reverse("agenda:queue"))
    assert page.content.decode().count("Overdue") == 0
    assert page.content.decode().count("<td>Circle ") == count
    assert _queries(lambda: client.get(reverse("agenda:queue"))) == QUEUE_QUERIES


@pytest.mark.parametrize("count", [2, 40])
def test_the_queue_and_an_issues_contributions_in_the_api_cost_a_fixed_number_of_queries(
    people, api_as, count
):
    _awaiting(people, count)
    issue = make_issue(people.member, title="Shared")
    for n in range(count):
        community = people.private_community if n % 2 else people.open_community
        project = projects.draft_project(
            actor=people.member,
            community=community,
            title=f"Project {n}",
            problem="A problem.",
            intended_outcomes="An outcome.",
        )
        submitted(
            issue, community, people.convenor, people.executive, title=f"C{n}", project=project
        )
    for community in (people.open_community, people.private_community):
        post = discussions.create_post(
            actor=people.convenor, community=community, title="Responses", body="Here."
        )
        Contribution.objects.filter(community=community).update(thread_post=post)
    executive, member = api_as(people.executive), api_as(people.member)
    queue = executive.get("/api/v1/agenda/queue").json()
    assert len(queue) == 2 * count
    assert sum(row["project"] is not None for row in queue) == count // 2
    assert _queries(lambda: executive.get("/api/v1/agenda/queue")) == API_QUEUE_QUERIES
    listing = f"/api/v1/agenda/issues/{issue.pk}/contributions"
    rows = executive.get(listing).json()
    # The executive reads the open community's threads and projects, not the private one's.
    assert sum(row["thread_url"] is not None for row in rows) == count // 2
    assert sum(row["project"] is not None for row in rows) == count // 2
    assert all(row["project"] for row in member.get(listing).json())
    assert _queries(lambda: executive.get(listing)) == API_CONTRIBUTION_LIST_QUERIES


@pytest.mark.parametrize("count", [2, 40])
def test_the_issue_list_in_the_api_costs_a_fixed_number_of_queries(people, api_as, count):
    _issues(people, count)
    client = api_as(people.outsider)
    rows = client.get("/api/v1/agenda/issues?limit=100").json()["items"]
    # The outsider sees the open community's projects only: every other issue's.
    assert sum(row["project_count"] for row in rows) == (count + 1) // 2
    assert _queries(lambda: client.get("/api/v1/agenda/issues?limit=100")) == API_ISSUE_LIST_QUERIES

"""The response-time measure on controlled dates: weekends do not count, the target day does."""

from __future__ import annotations

import datetime

import time_machine
from django.urls import reverse

from convene.agenda import measures, services
from convene.agenda.models import AgendaSettings
from convene.projects import services as projects
from convene.projects.models import Project
from tests.agenda.conftest import make_issue, submitted
from tests.conftest import client_for
from tests.factories import make_community, make_person

UTC = datetime.UTC


def at(day: int, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 11, 0, tzinfo=UTC)


def answer_after(people, community, submitted_on, answered_on, outcome="accepted", body=""):
    with time_machine.travel(submitted_on, tick=False):
        contribution = submitted(
            make_issue(people.executive, title=f"Issue {community}"),
            community,
            people.convenor,
            people.executive,
        )
    with time_machine.travel(answered_on, tick=False):
        return services.respond(
            actor=people.executive, contribution=contribution, outcome=outcome, body=body
        )


def test_median_and_share_within_target_count_working_days_only(people):
    AgendaSettings.objects.update_or_create(pk=1, defaults={"response_working_days": 5})
    circles = [make_community(f"Circle {n}", convenor=people.convenor) for n in range(4)]
    # Friday to Monday over a weekend: 1 working day.
    fast = answer_after(people, circles[0], at(6), at(9))
    # Friday 6th, target Friday 13th: answered on the target day itself, 5 days, within.
    boundary = answer_after(people, circles[1], at(6), at(13), "accepted_in_part")
    # Friday 6th, answered Monday 16th: 6 working days, one after the target.
    late = answer_after(people, circles[2], at(6), at(16), "declined", "Not this year.")
    # Saturday 7th: counting starts on Monday, so Tuesday 10th is 2 working days.
    weekend = answer_after(people, circles[3], at(7), at(10))
    assert [fast.working_days, boundary.working_days, late.working_days] == [1, 5, 6]
    assert weekend.working_days == 2
    assert [r.within_target for r in (fast, boundary, late, weekend)] == [True, True, False, True]
    with time_machine.travel(at(20), tick=False):
        figures = measures.measures_for(people.executive)
    assert figures.responses == 4
    assert figures.median_days == 3.5  # of 1, 2, 5 and 6
    assert figures.within_target == 3 and figures.within_target_percent == 75
    assert (figures.accepted, figures.accepted_in_part, figures.declined) == (2, 1, 1)


def test_overdue_counts_what_is_awaited_past_its_target(people):
    AgendaSettings.objects.update_or_create(pk=1, defaults={"response_working_days": 2})
    with time_machine.travel(at(6), tick=False):  # target Tuesday 10th
        submitted(
            make_issue(people.executive), people.open_community, people.convenor, people.executive
        )
    with time_machine.travel(at(10), tick=False):
        assert measures.measures_for(people.executive).overdue == 0
    with time_machine.travel(at(11), tick=False):
        figures = measures.measures_for(people.executive)
    assert (figures.awaiting, figures.overdue) == (1, 1)


def test_members_see_their_own_communities_figures_and_no_names_they_may_not_see(people):
    other = make_community("Hidden Circle", private=True, convenor=people.sponsor)
    issue = make_issue(people.executive)
    services.take_up_issue(actor=people.convenor, issue=issue, community=people.open_community)
    services.take_up_issue(actor=people.sponsor, issue=issue, community=other)
    mine = measures.measures_for(people.member)
    assert [row["community__name"] for row in mine.uptakes] == ["Open Circle"]
    assert mine.hidden_uptakes == 0
    everyone = measures.measures_for(people.executive)
    assert [row["community__name"] for row in everyone.uptakes] == ["Open Circle"]
    assert everyone.hidden_uptakes == 1


def test_the_queue_shows_the_executives_own_figures_only(people):
    mine = submitted(
        make_issue(people.member), people.open_community, people.convenor, people.executive
    )
    theirs = submitted(
        make_issue(people.member, title="Other"),
        people.open_community,
        people.convenor,
        people.sponsor,
    )
    services.respond(actor=people.executive, contribution=mine, outcome="accepted")
    services.respond(actor=people.sponsor, contribution=theirs, outcome="accepted")
    figures = measures.compute(people.executive, "yours", None, responder=people.executive)
    assert figures.responses == 1


def _working_on(issue, community, lead, status):
    project = projects.draft_project(
        actor=lead,
        community=community,
        title=f"{status} on {issue}",
        problem="A problem.",
        intended_outcomes="An outcome.",
        issue=issue,
    )
    Project.objects.filter(pk=project.pk).update(status=status)
    return project


def test_issues_with_projects_count_each_issue_once_and_keep_private_communities_unnamed(
    people, api_as
):
    first, second, third, fourth = (
        make_issue(people.executive, title=name) for name in ("First", "Second", "Third", "Fourth")
    )
    stranger = make_person("Sam Stranger")
    back_room = make_community("Back Room", private=True, convenor=stranger)
    open_circle, quiet_room = people.open_community, people.private_community
    _working_on(first, open_circle, people.member, "proposed")
    _working_on(first, open_circle, people.member, "completed")
    _working_on(second, open_circle, people.member, "active")
    _working_on(first, quiet_room, people.member, "approved")
    _working_on(third, back_room, stranger, "closed")
    # Drafts and refused proposals have not taken the issue on.
    for status in ("draft", "declined", "withdrawn"):
        _working_on(fourth, open_circle, people.member, status)

    mine = measures.measures_for(people.member)
    assert mine.issues_with_projects == 2  # first and second, first counted once
    assert [(row["community__name"], row["issues"]) for row in mine.project_issues] == [
        ("Open Circle", 2),
        ("Quiet Room", 1),
    ]
    assert mine.hidden_project_issues == 0

    everyone = measures.measures_for(people.executive)
    assert everyone.issues_with_projects == 3
    assert [(row["community__name"], row["issues"]) for row in everyone.project_issues] == [
        ("Open Circle", 2)
    ]
    assert everyone.hidden_project_issues == 2  # first (Quiet Room) and third (Back Room)

    page = client_for(people.member).get(reverse("agenda:measures")).content.decode()
    assert '<span data-measure="issues-with-projects">2</span>' in page
    assert "<td>Quiet Room</td><td>1</td>" in page
    page = client_for(people.executive).get(reverse("agenda:measures")).content.decode()
    assert "<td>Quiet Room</td>" not in page and "<td>Private communities</td><td>2</td>" in page
    figures = api_as(people.executive).get("/api/v1/agenda/measures").json()
    assert figures["issues_with_projects"] == 3
    assert figures["issues_with_projects_by_community"] == [
        {"community": "open-circle", "name": "Open Circle", "issues": 2}
    ]
    assert figures["issues_with_projects_in_private_communities"] == 2

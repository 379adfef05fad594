"""Raising, supporting and taking up issues."""

from __future__ import annotations

import pytest

from convene.agenda import services
from convene.agenda.models import Issue, Support, Uptake
from convene.agenda.services import AgendaError
from tests.agenda.conftest import make_issue


def test_an_executive_raises_an_emerging_issue_with_tags(people):
    issue = make_issue(
        people.executive, timing="emerging", nature="technical", tags=["Shifts", "Safety"]
    )
    assert issue.status == Issue.Status.OPEN and issue.timing == "emerging"
    assert sorted(tag.name for tag in issue.tags.all()) == ["Safety", "Shifts"]
    assert "<p>Work falls" in issue.description_html


def test_an_issue_needs_a_title(people):
    with pytest.raises(AgendaError, match="title cannot be empty"):
        make_issue(people.member, title="  ")
    assert not Issue.objects.exists()


def test_supporting_twice_is_refused_and_changes_nothing(people):
    issue = make_issue(people.executive)
    services.support_issue(actor=people.member, issue=issue)
    with pytest.raises(AgendaError, match="already support"):
        services.support_issue(actor=people.member, issue=issue)
    assert Support.objects.filter(issue=issue).count() == 1


def test_support_can_be_withdrawn_once(people):
    issue = make_issue(people.executive)
    services.support_issue(actor=people.member, issue=issue)
    services.withdraw_support(actor=people.member, issue=issue)
    with pytest.raises(AgendaError, match="had not supported"):
        services.withdraw_support(actor=people.member, issue=issue)


def test_only_a_convenor_takes_an_issue_up_and_only_once(people):
    issue = make_issue(people.executive)
    with pytest.raises(AgendaError, match="Only the convenors"):
        services.take_up_issue(actor=people.member, issue=issue, community=people.open_community)
    services.take_up_issue(actor=people.convenor, issue=issue, community=people.open_community)
    services.take_up_issue(actor=people.convenor, issue=issue, community=people.private_community)
    with pytest.raises(AgendaError, match="already taken"):
        services.take_up_issue(actor=people.convenor, issue=issue, community=people.open_community)
    assert Uptake.objects.filter(issue=issue).count() == 2
    issue.refresh_from_db()
    assert issue.status == Issue.Status.WORKED_ON

"""Drafting in versions, submitting, responding, and the thread the community reads."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from convene.agenda import services
from convene.agenda.models import AgendaSettings, Contribution, Issue, Response
from convene.agenda.services import ActionPlan, AgendaError
from convene.discussions.models import Post
from convene.notifications.models import Notification
from tests.agenda.conftest import draft, make_issue, submitted

LONDON = datetime.timezone(datetime.timedelta(0))


def at(day: int, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 10, 0, tzinfo=LONDON)


def test_every_version_is_kept_with_its_author(people):
    contribution = draft(make_issue(people.executive), people.open_community, people.convenor)
    services.add_version(
        actor=people.member,
        contribution=contribution,
        analysis="Sharper analysis.",
        options="",
        recommendation="Overlap shifts.",
        note="Tightened.",
    )
    versions = list(contribution.versions.order_by("number"))
    assert [(v.number, v.author) for v in versions] == [(1, people.convenor), (2, people.member)]
    assert people.member in contribution.contributors.all()


def test_an_outsider_cannot_draft_a_communitys_contribution(people):
    contribution = draft(make_issue(people.executive), people.open_community, people.convenor)
    with pytest.raises(AgendaError, match="community or group"):
        services.add_version(
            actor=people.outsider,
            contribution=contribution,
            analysis="Mine.",
            options="",
            recommendation="",
        )
    assert contribution.versions.count() == 1


def test_submitting_an_empty_contribution_is_refused(people):
    contribution = draft(
        make_issue(people.executive),
        people.open_community,
        people.convenor,
        analysis="",
        options="",
        recommendation="",
    )
    with pytest.raises(AgendaError, match="empty"):
        services.submit_contribution(
            actor=people.convenor, contribution=contribution, addressed_to=people.executive
        )
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.DRAFT and contribution.submitted_at is None


def test_submitting_twice_is_refused(people):
    contribution = submitted(
        make_issue(people.executive), people.open_community, people.convenor, people.executive
    )
    with pytest.raises(AgendaError, match="already been submitted"):
        services.submit_contribution(
            actor=people.convenor, contribution=contribution, addressed_to=people.sponsor
        )
    contribution.refresh_from_db()
    assert contribution.addressed_to == people.executive and contribution.submission_count == 1


def test_only_the_convenor_submits_and_only_to_an_executive_or_sponsor(people):
    contribution = draft(make_issue(people.executive), people.open_community, people.convenor)
    with pytest.raises(AgendaError, match="convenor"):
        services.submit_contribution(
            actor=people.member, contribution=contribution, addressed_to=people.executive
        )
    with pytest.raises(AgendaError, match="not an executive or a sponsor"):
        services.submit_contribution(
            actor=people.convenor, contribution=contribution, addressed_to=people.outsider
        )


def test_the_target_is_twenty_working_days_from_submission_by_default(people):
    with time_machine.travel(at(6), tick=False):  # a Friday
        contribution = submitted(
            make_issue(people.executive), people.open_community, people.convenor, people.executive
        )
    assert contribution.target_on == datetime.date(2026, 4, 3)  # four weeks on, a Friday


def test_administrators_set_the_organisations_target(people):
    AgendaSettings.objects.update_or_create(pk=1, defaults={"response_working_days": 5})
    with time_machine.travel(at(6), tick=False):
        contribution = submitted(
            make_issue(people.executive), people.open_community, people.convenor, people.executive
        )
    assert contribution.target_on == datetime.date(2026, 3, 13)


def test_responding_to_a_contribution_not_addressed_to_you_is_refused(people):
    contribution = submitted(
        make_issue(people.executive), people.open_community, people.convenor, people.executive
    )
    with pytest.raises(AgendaError, match="not addressed to you"):
        services.respond(actor=people.sponsor, contribution=contribution, outcome="accepted")
    assert not Response.objects.exists()
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.SUBMITTED


def test_declining_needs_reasons(people):
    contribution = submitted(
        make_issue(people.executive), people.open_community, people.convenor, people.executive
    )
    with pytest.raises(AgendaError, match="reasons"):
        services.respond(actor=people.executive, contribution=contribution, outcome="declined")
    assert not Response.objects.exists()


def test_a_response_is_posted_into_the_communitys_thread_and_tells_the_contributors(
    people, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(6), tick=False):
        contribution = submitted(
            make_issue(people.executive), people.open_community, people.convenor, people.executive
        )
    with (
        time_machine.travel(at(11), tick=False),  # the Wednesday after
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = services.respond(
            actor=people.executive,
            contribution=contribution,
            outcome="accepted_in_part",
            body="Yes to the trial; not to the extra pay.",
            actions=[
                ActionPlan("Brief the shift leads", people.convenor, datetime.date(2026, 4, 1))
            ],
        )
    assert response.working_days == 3 and response.within_target
    post = Post.objects.get(community=people.open_community)
    assert post.author == people.executive
    assert "in 3 working days, within the target of 3 April 2026" in post.body
    assert "Brief the shift leads" in post.body
    assert Notification.objects.filter(recipient=people.convenor, kind="agenda").exists()
    contribution.refresh_from_db()
    contribution.issue.refresh_from_db()
    assert contribution.status == Contribution.Status.ANSWERED
    assert contribution.issue.status == Issue.Status.ANSWERED


def test_more_information_returns_it_to_draft_and_the_next_submission_restarts_the_clock(people):
    with time_machine.travel(at(2), tick=False):
        contribution = submitted(
            make_issue(people.executive), people.open_community, people.convenor, people.executive
        )
    with time_machine.travel(at(4), tick=False):
        services.respond(
            actor=people.executive,
            contribution=contribution,
            outcome="more_information",
            body="What would the overlap cost?",
        )
        contribution.refresh_from_db()
        assert contribution.status == Contribution.Status.DRAFT
        services.add_version(
            actor=people.convenor,
            contribution=contribution,
            analysis="Costed.",
            options="",
            recommendation="Overlap.",
        )
    with time_machine.travel(at(9), tick=False):
        services.submit_contribution(
            actor=people.convenor, contribution=contribution, addressed_to=people.executive
        )
    contribution.refresh_from_db()
    assert contribution.target_on == datetime.date(2026, 4, 6)  # 20 working days from 9 March
    with time_machine.travel(at(10), tick=False):
        second = services.respond(
            actor=people.executive, contribution=contribution, outcome="accepted"
        )
    assert second.submission == 2 and second.working_days == 1
    assert [r.working_days for r in contribution.responses.order_by("submission")] == [2, 1]
    assert Post.objects.filter(community=people.open_community).count() == 1  # reused


def test_actions_are_done_by_their_owner(people):
    contribution = submitted(
        make_issue(people.executive), people.open_community, people.convenor, people.executive
    )
    response = services.respond(
        actor=people.executive,
        contribution=contribution,
        outcome="accepted",
        actions=[ActionPlan("Write the guide", people.convenor, timezone.localdate())],
    )
    action = response.actions.get()
    with pytest.raises(AgendaError, match="owner"):
        services.complete_action(actor=people.member, action=action)
    services.complete_action(actor=people.convenor, action=action)
    with pytest.raises(AgendaError, match="already done"):
        services.complete_action(actor=people.convenor, action=action)

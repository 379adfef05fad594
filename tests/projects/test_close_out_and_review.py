"""Completing a project with its close-out, and the daily reminder to review it."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from convene.notifications.models import Notification
from convene.projects import services
from convene.projects.models import CloseOut, Project
from convene.projects.services import ProjectError
from tests.projects.conftest import active, completed, proposed


def _remind() -> str:
    out = StringIO()
    call_command("remind_project_reviews", stdout=out)
    return out.getvalue()


def test_a_close_out_completes_an_active_project(people):
    project = completed(people.open_community, people.member, people.convenor)
    assert project.status == Project.Status.COMPLETED and project.ended_at
    assert "Four of five teams" in project.close_out.actual_outcomes


def test_only_an_active_project_is_completed_and_only_by_its_leads(people):
    fields: dict = {
        "expected_outcomes": "x",
        "actual_outcomes": "y",
        "lessons": "z",
        "review_on": timezone.localdate() + datetime.timedelta(days=60),
    }
    waiting = proposed(people.open_community, people.member)
    with pytest.raises(ProjectError, match=r"Only an active project can be completed."):
        services.complete_project(actor=people.member, project=waiting, **fields)
    running = active(people.open_community, people.member, people.convenor, title="Second")
    with pytest.raises(ProjectError, match=r"Only the project's leads can do that."):
        services.complete_project(actor=people.convenor, project=running, **fields)
    assert not CloseOut.objects.exists()


def test_the_review_date_is_after_today(people, as_member):
    project = active(people.open_community, people.member, people.convenor)
    response = as_member.post(
        reverse("projects:close_out", args=[project.pk]),
        {
            "expected_outcomes": "x",
            "actual_outcomes": "y",
            "lessons": "z",
            "review_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Set the review date after today." in response.content.decode()
    project.refresh_from_db()
    assert project.status == Project.Status.ACTIVE and not CloseOut.objects.exists()


def test_the_close_out_shows_on_the_project_page(people, as_member):
    project = completed(people.open_community, people.member, people.convenor)
    page = as_member.get(project.get_absolute_url()).content.decode()
    assert "What actually happened" in page and "Start with the people who hand over" in page


def test_the_leads_are_reminded_once_on_or_after_the_review_date(people):
    project = completed(people.open_community, people.member, people.convenor)
    review_on = project.close_out.review_on
    assert "0 projects" in _remind()
    with time_machine.travel(review_on + datetime.timedelta(days=2), tick=False):
        assert "Reminded the leads of 1 project." in _remind()
        assert "0 projects" in _remind()
    reminders = Notification.objects.filter(
        recipient=people.member, key__startswith="project-review"
    )
    assert reminders.count() == 1
    assert "Time to look back" in reminders.get().message
    project.close_out.refresh_from_db()
    assert project.close_out.review_reminded_at

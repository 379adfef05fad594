"""The demo's organisational agenda: issues of each kind, answered, awaited and overdue work."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from convene.agenda import measures
from convene.agenda.models import Action, Contribution, Issue, Response
from convene.people.models import User
from tests.conftest import client_for


def test_the_demo_agenda_has_figures_for_the_measures_page(db):
    call_command("seed_demo", password="pw", verbosity=0)
    assert {i.timing for i in Issue.objects.all()} == {"actual", "emerging"}
    assert {i.nature for i in Issue.objects.all()} == {"adaptive", "technical"}
    assert all(i.supports.exists() for i in Issue.objects.all())
    answered = Response.objects.get(outcome="accepted_in_part")
    assert answered.working_days == 12 and answered.within_target
    assert Action.objects.filter(done_at__isnull=False).exists()
    assert Action.objects.filter(done_at__isnull=True).exists()
    harriet = User.objects.get(email="executive@northgate.example")
    figures = measures.measures_for(harriet)
    assert figures.responses == 2 and figures.median_days is not None
    assert figures.awaiting == 2 and figures.overdue == 1
    assert Contribution.objects.get(status="draft").versions.count() == 2


def test_harriet_sees_her_overdue_contribution_in_her_queue(db):
    call_command("seed_demo", password="pw", verbosity=0)
    harriet = User.objects.get(email="executive@northgate.example")
    page = client_for(harriet).get(reverse("agenda:queue")).content.decode()
    assert "What the exit data says about fairness" in page and "Overdue" in page
    measures_page = client_for(harriet).get(reverse("agenda:measures")).content.decode()
    assert "50% (1 of 2)" in measures_page

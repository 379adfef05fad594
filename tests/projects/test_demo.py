"""The demo's projects: every state, teams with open roles, progress, a close-out, the register."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from convene.people.models import User
from convene.projects.models import CloseOut, Innovation, Project, ProjectRole
from tests.conftest import client_for


def test_the_demo_has_projects_in_every_state_and_the_personas_see_them(db):
    call_command("seed_demo", password="pw", verbosity=0)
    assert set(Project.objects.values_list("status", flat=True)) == set(Project.Status.values)
    assert ProjectRole.objects.filter(person__isnull=True).exists()
    assert CloseOut.objects.get().project.status == "completed"
    assert set(Innovation.objects.values_list("status", flat=True)) == {
        "idea",
        "piloted",
        "adopted",
    }
    sam = User.objects.get(email="member@northgate.example")
    mine = client_for(sam).get(reverse("projects:project_list") + "?scope=mine").content.decode()
    assert "Change stories from the front line" in mine and "A one-page team dashboard" in mine
    grace = User.objects.get(email="convenor@northgate.example")
    listing = client_for(grace).get(reverse("projects:project_list")).content.decode()
    assert "Buddying for first-time managers" in listing
    for role in ProjectRole.objects.filter(is_lead=True).select_related("person", "project"):
        assert role.person is not None
        assert client_for(role.person).get(role.project.get_absolute_url()).status_code == 200
    register = client_for(sam).get(reverse("projects:innovation_list")).content.decode()
    assert "First ninety days conversation guide" in register
    assert "Buddying for first-time managers" not in register


def test_demo_projects_work_on_agenda_issues_and_only_readers_see_the_private_one(db):
    call_command("seed_demo", password="pw", verbosity=0)
    handover = Project.objects.get(title="Hand-over notes that actually get written")
    buddying = Project.objects.get(title="Buddying for first-time managers")
    assert handover.issue is not None and "Hand-overs" in handover.issue.title
    assert buddying.issue is not None and "budget cycle" in buddying.issue.title
    assert handover.contributions.get().community == handover.community
    assert buddying.contributions.get().community == buddying.community
    grace = User.objects.get(email="convenor@northgate.example")
    harriet = User.objects.get(email="executive@northgate.example")
    issue_url = buddying.issue.get_absolute_url()
    assert buddying.title in client_for(grace).get(issue_url).content.decode()
    assert not Project.objects.visible_to(harriet).filter(pk=buddying.pk).exists()
    assert buddying.title not in client_for(harriet).get(issue_url).content.decode()
    handover_page = client_for(harriet).get(handover.issue.get_absolute_url()).content.decode()
    assert handover.title in handover_page
    measures_page = client_for(harriet).get(reverse("agenda:measures")).content.decode()
    assert '<span data-measure="issues-with-projects">2</span>' in measures_page

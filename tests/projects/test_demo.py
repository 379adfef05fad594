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

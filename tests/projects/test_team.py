"""The team: members volunteer for open roles; leads add, fill, release and remove roles."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from convene.communities.models import Membership
from convene.notifications.models import Notification
from convene.projects import services
from convene.projects.models import ProjectRole
from convene.projects.services import ProjectError
from tests.conftest import client_for
from tests.factories import make_person
from tests.projects.conftest import active, draft, open_role


def _member(community, name="Nia Newcomer"):
    person = make_person(name)
    Membership.objects.create(community=community, user=person)
    return person


def test_a_member_volunteers_for_an_open_role_and_the_lead_is_told(
    people, django_capture_on_commit_callbacks
):
    project = draft(people.open_community, people.member)
    role = open_role(project, people.member)
    helper = _member(people.open_community)
    with django_capture_on_commit_callbacks(execute=True):
        services.volunteer(actor=helper, role=role)
    role.refresh_from_db()
    assert role.person == helper
    told = Notification.objects.get(recipient=people.member, kind=Notification.Kind.PROJECT)
    assert "Nia Newcomer volunteered" in told.message


def test_only_current_members_volunteer(people):
    project = draft(people.open_community, people.member)
    role = open_role(project, people.member)
    former = _member(people.open_community, "Fran Former")
    Membership.objects.filter(user=former).update(left_at=timezone.now())
    for person in (people.outsider, people.sponsor, former):
        with pytest.raises(ProjectError, match=r"Only current members of Open Circle can join"):
            services.volunteer(actor=person, role=role)
    role.refresh_from_db()
    assert role.is_open


def test_a_taken_role_cannot_be_volunteered_for_again(people):
    project = draft(people.open_community, people.member)
    role = open_role(project, people.member)
    first, second = _member(people.open_community), _member(people.open_community, "Sol Second")
    services.volunteer(actor=first, role=role)
    with pytest.raises(ProjectError, match=r"Someone else has taken this role."):
        services.volunteer(actor=second, role=role)
    role.refresh_from_db()
    assert role.person == first


def test_one_person_holds_one_role_in_a_project(people):
    project = draft(people.open_community, people.member)
    role = open_role(project, people.member)
    with pytest.raises(ProjectError, match=r"Maya Member already has a role in this project."):
        services.volunteer(actor=people.member, role=role)


def test_the_lead_fills_releases_and_removes_roles(people, django_capture_on_commit_callbacks):
    project = draft(people.open_community, people.member)
    role = open_role(project, people.member)
    helper = _member(people.open_community)
    with django_capture_on_commit_callbacks(execute=True):
        services.fill_role(actor=people.member, role=role, person=helper)
    assert Notification.objects.filter(recipient=helper, message__contains="gave you a role")
    with pytest.raises(ProjectError, match=r"already holds this role"):
        services.fill_role(actor=people.member, role=role, person=people.convenor)
    services.release_role(actor=people.member, role=role)
    role.refresh_from_db()
    assert role.is_open
    services.remove_role(actor=people.member, role=role)
    assert not ProjectRole.objects.filter(pk=role.pk).exists()


def test_someone_in_a_role_may_step_down_but_not_release_others(people):
    project = draft(people.open_community, people.member)
    first, second = _member(people.open_community), _member(people.open_community, "Sol Second")
    one = services.add_role(actor=people.member, project=project, name="Analyst", person=first)
    two = services.add_role(actor=people.member, project=project, name="Scribe", person=second)
    with pytest.raises(ProjectError, match=r"Only the project's leads, or the person in the role"):
        services.release_role(actor=first, role=two)
    services.release_role(actor=first, role=one)
    one.refresh_from_db()
    assert one.is_open


def test_the_last_lead_stays_and_a_lead_role_is_never_open(people):
    project = draft(people.open_community, people.member)
    lead = project.roles.get()
    with pytest.raises(ProjectError, match=r"A project keeps at least one lead."):
        services.remove_role(actor=people.member, role=lead)
    with pytest.raises(ProjectError, match=r"A lead role cannot be left open"):
        services.release_role(actor=people.member, role=lead)
    with pytest.raises(ProjectError, match=r"A lead role needs a person in it."):
        services.add_role(actor=people.member, project=project, name="Co-lead", is_lead=True)


def test_a_co_lead_shares_the_leads_powers(people):
    project = draft(people.open_community, people.member)
    co_lead = _member(people.open_community, "Cleo Colead")
    services.add_role(
        actor=people.member, project=project, name="Co-lead", person=co_lead, is_lead=True
    )
    services.propose_project(actor=co_lead, project=project)
    project.refresh_from_db()
    assert project.status == "proposed"


def test_only_leads_change_the_team(people):
    project = draft(people.open_community, people.member)
    role = open_role(project, people.member)
    with pytest.raises(ProjectError, match=r"Only the project's leads can do that."):
        services.add_role(actor=people.convenor, project=project, name="Spare")
    with pytest.raises(ProjectError, match=r"Only the project's leads can do that."):
        services.remove_role(actor=people.convenor, role=role)


def test_a_role_needs_a_name(people):
    project = draft(people.open_community, people.member)
    with pytest.raises(ProjectError, match=r"Give the role a name."):
        services.add_role(actor=people.member, project=project, name="   ")
    assert project.roles.count() == 1


def test_a_member_volunteers_from_the_project_page(people):
    project = active(people.open_community, people.member, people.convenor)
    role = open_role(project, people.member)
    helper = _member(people.open_community)
    client = client_for(helper)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Volunteer" in page
    done = client.post(
        reverse("projects:role_action", args=[project.pk, role.pk, "volunteer"]), follow=True
    )
    assert "You are now “Note-taker” in the team. Thank you." in done.content.decode()
    role.refresh_from_db()
    assert role.person == helper


def test_a_lead_fills_a_role_from_the_team_page(people, as_member):
    project = draft(people.open_community, people.member)
    role = open_role(project, people.member)
    helper = _member(people.open_community)
    done = as_member.post(
        reverse("projects:role_action", args=[project.pk, role.pk, "fill"]),
        {"person": helper.pk, "next": "team"},
    )
    assert done.status_code == 302 and done["Location"] == reverse(
        "projects:team", args=[project.pk]
    )
    role.refresh_from_db()
    assert role.person == helper
    nobody = as_member.post(
        reverse("projects:role_action", args=[project.pk, role.pk, "fill"]),
        {"person": people.outsider.pk},
        follow=True,
    )
    assert "Choose a member of the community for the role." in nobody.content.decode()

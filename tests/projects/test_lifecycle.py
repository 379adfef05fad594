"""A project's lifecycle: who moves it on, and what is refused with a clear message."""

from __future__ import annotations

import pytest

from convene.audit.models import AuditEvent
from convene.notifications.models import Notification
from convene.projects import services
from convene.projects.models import Project, ProjectDecision
from convene.projects.services import ProjectError
from tests.factories import make_community, make_person
from tests.projects.conftest import active, approved, draft, proposed


def _unchanged(project: Project, status: str) -> None:
    project.refresh_from_db()
    assert project.status == status


def test_a_member_drafts_a_project_and_becomes_its_lead(people):
    project = draft(people.open_community, people.member)
    assert project.status == Project.Status.DRAFT
    lead = project.roles.get()
    assert lead.person == people.member and lead.is_lead
    assert AuditEvent.objects.filter(action="project.drafted", subject_id=str(project.pk)).exists()


def test_someone_outside_the_community_cannot_draft_there(people):
    with pytest.raises(ProjectError, match=r"Only current members of Open Circle"):
        draft(people.open_community, people.outsider)
    assert not Project.objects.exists()


def test_the_lead_proposes_and_the_convenor_and_sponsor_are_told(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = proposed(people.open_community, people.member)
    assert project.status == Project.Status.PROPOSED and project.proposed_at
    told = set(
        Notification.objects.filter(kind=Notification.Kind.PROJECT).values_list(
            "recipient", flat=True
        )
    )
    assert told == {people.convenor.pk, people.sponsor.pk}


def test_only_a_lead_proposes(people):
    project = draft(people.open_community, people.member)
    with pytest.raises(ProjectError, match=r"Only the project's leads can do that."):
        services.propose_project(actor=people.convenor, project=project)
    _unchanged(project, Project.Status.DRAFT)


@pytest.mark.parametrize("decider", ["convenor", "sponsor"])
def test_the_convenor_or_the_sponsor_approves_a_proposal(
    people, decider, django_capture_on_commit_callbacks
):
    project = proposed(people.open_community, people.member)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_project(
            actor=getattr(people, decider), project=project, reason="Go for it."
        )
    _unchanged(project, Project.Status.APPROVED)
    decision = ProjectDecision.objects.get(project=project)
    assert decision.kind == "approved" and decision.reason == "Go for it."
    assert Notification.objects.filter(recipient=people.member, message__contains="approved")


def test_a_member_or_executive_who_is_neither_convenor_nor_sponsor_cannot_decide(people):
    project = proposed(people.open_community, people.member)
    other = make_person("Other Member")
    people.open_community.memberships.create(user=other)
    for person in (other, people.executive, people.admin):
        with pytest.raises(ProjectError, match=r"Only the convenors or the sponsor"):
            services.approve_project(actor=person, project=project)
    _unchanged(project, Project.Status.PROPOSED)


def test_a_convenor_who_leads_the_project_cannot_approve_it(people):
    project = proposed(people.open_community, people.convenor)
    with pytest.raises(ProjectError, match=r"You lead this project, so someone else decides"):
        services.approve_project(actor=people.convenor, project=project)
    services.approve_project(actor=people.sponsor, project=project)
    _unchanged(project, Project.Status.APPROVED)


def test_a_decline_needs_a_reason_and_ends_the_project(people):
    project = proposed(people.open_community, people.member)
    with pytest.raises(ProjectError, match=r"Give a reason."):
        services.decline_project(actor=people.sponsor, project=project, reason="  ")
    _unchanged(project, Project.Status.PROPOSED)
    services.decline_project(actor=people.sponsor, project=project, reason="Not this quarter.")
    _unchanged(project, Project.Status.DECLINED)
    with pytest.raises(
        ProjectError, match=r"This project is declined, so it can no longer change."
    ):
        services.edit_proposal(
            actor=people.member, project=project, title="Again", problem="x", intended_outcomes="y"
        )


def test_a_draft_cannot_be_approved_or_started(people):
    project = draft(people.open_community, people.member)
    with pytest.raises(
        ProjectError, match=r"Only a proposed project can be approved. This one is draft."
    ):
        services.approve_project(actor=people.convenor, project=project)
    with pytest.raises(ProjectError, match=r"A project starts once it is approved."):
        services.start_project(actor=people.member, project=project)
    _unchanged(project, Project.Status.DRAFT)


def test_the_lead_starts_an_approved_project(people):
    project = active(people.open_community, people.member, people.convenor)
    assert project.status == Project.Status.ACTIVE and project.started_at


def test_closing_early_needs_a_reason_and_then_nothing_changes(people):
    project = active(people.open_community, people.member, people.convenor)
    with pytest.raises(ProjectError, match=r"Give a reason."):
        services.close_project(actor=people.convenor, project=project, reason="")
    services.close_project(actor=people.convenor, project=project, reason="The unit merged.")
    _unchanged(project, Project.Status.CLOSED)
    assert project.ended_at
    closed = "This project is closed, so it can no longer change."
    with pytest.raises(ProjectError, match=closed):
        services.start_project(actor=people.member, project=project)
    with pytest.raises(ProjectError, match=closed):
        services.close_project(actor=people.member, project=project, reason="Again.")
    with pytest.raises(ProjectError, match=closed):
        services.add_role(actor=people.member, project=project, name="Helper")


def test_only_leads_and_convenors_close_a_project(people):
    project = active(people.open_community, people.member, people.convenor)
    with pytest.raises(
        ProjectError, match=r"Only the project's leads or the community's convenors"
    ):
        services.close_project(actor=people.sponsor, project=project, reason="Money.")
    _unchanged(project, Project.Status.ACTIVE)


def test_an_active_project_is_closed_not_withdrawn(people):
    project = active(people.open_community, people.member, people.convenor)
    with pytest.raises(ProjectError, match=r"A project that has started is closed, not withdrawn."):
        services.withdraw_project(actor=people.member, project=project)
    _unchanged(project, Project.Status.ACTIVE)


def test_the_lead_withdraws_an_approved_project(people):
    project = approved(people.open_community, people.member, people.sponsor)
    services.withdraw_project(actor=people.member, project=project, reason="We found a better way.")
    _unchanged(project, Project.Status.WITHDRAWN)
    assert project.decisions.filter(kind="withdrawn").exists()


def test_a_proposal_can_only_be_proposed_once(people):
    project = proposed(people.open_community, people.member)
    with pytest.raises(ProjectError, match=r"Only a draft can be proposed. This one is proposed."):
        services.propose_project(actor=people.member, project=project)


def test_a_private_communitys_sponsor_decides_without_being_a_member(people):
    project = proposed(people.private_community, people.member)
    services.approve_project(actor=people.sponsor, project=project)
    _unchanged(project, Project.Status.APPROVED)


def test_a_leader_of_another_community_cannot_decide(people):
    elsewhere = make_person("Elsewhere Convenor")
    make_community("Other Place", convenor=elsewhere)
    project = proposed(people.open_community, people.member)
    with pytest.raises(ProjectError):
        services.approve_project(actor=elsewhere, project=project)
    _unchanged(project, Project.Status.PROPOSED)


def test_the_sponsor_of_a_private_community_sees_the_proposal_notification(
    people, django_capture_on_commit_callbacks
):
    people.private_community.sponsor = make_person("Pat Private Sponsor", is_executive=True)
    people.private_community.save(update_fields=["sponsor"])
    with django_capture_on_commit_callbacks(execute=True):
        project = proposed(people.private_community, people.member)
    sponsor = people.private_community.sponsor
    assert sponsor is not None
    seen = Notification.objects.for_user(sponsor)
    assert seen.filter(url=project.get_absolute_url()).exists()

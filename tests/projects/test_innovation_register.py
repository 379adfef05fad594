"""The innovation register: open to everyone signed in, without a private project's content."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.projects import services
from convene.projects.models import Innovation, InnovationStatusChange
from convene.projects.services import ProjectError
from tests.conftest import client_for
from tests.factories import make_unit
from tests.projects.conftest import active, completed, draft


def _entry(project, actor, title="Two-line hand-over note", **options) -> Innovation:
    return services.record_innovation(
        actor=actor,
        project=project,
        title=title,
        summary="A hand-over note short enough to be written every time.",
        **options,
    )


def test_the_team_or_the_convenor_adds_an_entry_once_the_project_is_under_way(people):
    project = draft(people.open_community, people.member)
    with pytest.raises(ProjectError, match=r"Add innovations once the project is under way."):
        _entry(project, people.member)
    project = active(people.open_community, people.member, people.convenor, title="Second")
    _entry(project, people.member)
    _entry(project, people.convenor, title="Shift buddy")
    for person in (people.sponsor, people.executive, people.outsider):
        with pytest.raises(ProjectError, match=r"Only the project's team or the community's"):
            _entry(project, person, title="Not mine")
    assert Innovation.objects.count() == 2
    assert InnovationStatusChange.objects.count() == 2


def test_a_completed_project_can_still_add_what_it_created(people):
    project = completed(people.open_community, people.member, people.convenor)
    assert _entry(project, people.member).status == Innovation.Status.IDEA


def test_every_signed_in_person_reads_the_register_but_not_a_private_projects_content(people):
    secret = active(people.private_community, people.member, people.convenor, title="Quiet work")
    entry = _entry(secret, people.member)
    for who in ("outsider", "executive", "admin", "sponsor"):
        client = client_for(getattr(people, who))
        listing = client.get(reverse("projects:innovation_list")).content.decode()
        assert "Two-line hand-over note" in listing
        assert "Quiet work" not in listing and "Quiet Room" not in listing
        assert "From a project in a private community" in listing
        page = client.get(entry.get_absolute_url())
        assert page.status_code == 200 and "Quiet work" not in page.content.decode()
    member_page = client_for(people.member).get(entry.get_absolute_url()).content.decode()
    assert "Quiet work" in member_page and secret.get_absolute_url() in member_page


def test_an_open_projects_entry_links_to_the_project_for_everyone(people):
    project = active(people.open_community, people.member, people.convenor, title="Open work")
    _entry(project, people.member)
    listing = client_for(people.outsider).get(reverse("projects:innovation_list")).content.decode()
    assert "Open work" in listing and project.get_absolute_url() in listing


def test_the_register_is_for_people_who_are_signed_in(people, client):
    project = active(people.open_community, people.member, people.convenor)
    entry = _entry(project, people.member)
    for url in (reverse("projects:innovation_list"), entry.get_absolute_url()):
        assert client.get(url).status_code == 302


def test_executives_and_administrators_record_adoption_and_history_is_kept(people):
    project = active(people.open_community, people.member, people.convenor)
    entry = _entry(project, people.member)
    unit = make_unit("Night shift")
    services.set_adoption(actor=people.executive, innovation=entry, status="piloted", unit=unit)
    services.set_adoption(
        actor=people.admin, innovation=entry, status="adopted", unit=unit, note="Everywhere now."
    )
    entry.refresh_from_db()
    assert entry.status == "adopted" and entry.unit == unit
    assert list(entry.history.values_list("status", flat=True)) == ["adopted", "piloted", "idea"]
    for person in (people.member, people.convenor):
        with pytest.raises(ProjectError, match=r"Only executives and administrators"):
            services.set_adoption(actor=person, innovation=entry, status="idea")
    with pytest.raises(ProjectError, match=r"That is already its status."):
        services.set_adoption(actor=people.admin, innovation=entry, status="adopted", unit=unit)


def test_adoption_needs_the_adopting_unit(people):
    project = active(people.open_community, people.member, people.convenor)
    entry = _entry(project, people.member)
    with pytest.raises(ProjectError, match=r"Name the unit that adopted it."):
        services.set_adoption(actor=people.executive, innovation=entry, status="adopted")
    entry.refresh_from_db()
    assert entry.status == "idea" and entry.history.count() == 1


def test_an_executive_records_adoption_from_the_entry_page(people):
    project = active(people.open_community, people.member, people.convenor)
    entry = _entry(project, people.member)
    unit = make_unit("Fleet")
    executive = client_for(people.executive)
    assert "Record adoption" in executive.get(entry.get_absolute_url()).content.decode()
    bad = executive.post(entry.get_absolute_url(), {"status": "adopted"})
    assert bad.status_code == 400 and "Name the unit that adopted it." in bad.content.decode()
    done = executive.post(entry.get_absolute_url(), {"status": "adopted", "unit": unit.pk})
    assert done.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "adopted"
    member = client_for(people.member)
    assert "Record adoption" not in member.get(entry.get_absolute_url()).content.decode()
    refused = member.post(entry.get_absolute_url(), {"status": "idea"})
    assert refused.status_code == 400
    entry.refresh_from_db()
    assert entry.status == "adopted"


def test_the_team_adds_an_entry_from_the_project_page(people, as_member):
    project = active(people.open_community, people.member, people.convenor)
    assert "Add to the register" in as_member.get(project.get_absolute_url()).content.decode()
    empty = as_member.post(reverse("projects:innovation_create", args=[project.pk]), {"title": ""})
    assert empty.status_code == 400 and not Innovation.objects.exists()
    added = as_member.post(
        reverse("projects:innovation_create", args=[project.pk]),
        {"title": "Shift buddy", "summary": "Pair each new starter.", "status": "idea"},
    )
    entry = Innovation.objects.get()
    assert added.status_code == 302 and added["Location"] == entry.get_absolute_url()


def test_an_unknown_entry_is_404(as_member):
    missing = "00000000-0000-0000-0000-000000000000"
    assert as_member.get(reverse("projects:innovation_detail", args=[missing])).status_code == 404

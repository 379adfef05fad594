"""Administrators set the organisation's response target in the admin; there is only one."""

from __future__ import annotations

from convene.agenda.models import AgendaSettings
from tests.conftest import client_for
from tests.factories import make_person


def test_an_administrator_changes_the_target_in_the_admin(db):
    staff = make_person("Staff Admin", is_administrator=True, is_staff=True, is_superuser=True)
    settings = AgendaSettings.current()
    client = client_for(staff)
    url = f"/admin/agenda/agendasettings/{settings.pk}/change/"
    assert client.get(url).status_code == 200
    saved = client.post(url, {"response_working_days": "15"})
    assert saved.status_code == 302
    assert AgendaSettings.current().response_working_days == 15
    assert client.get("/admin/agenda/agendasettings/add/").status_code == 403


def test_a_target_outside_the_range_is_refused(db):
    staff = make_person("Staff Admin", is_administrator=True, is_staff=True, is_superuser=True)
    url = f"/admin/agenda/agendasettings/{AgendaSettings.current().pk}/change/"
    refused = client_for(staff).post(url, {"response_working_days": "0"})
    assert refused.status_code == 200 and "from 1 to 120" in refused.content.decode()
    assert AgendaSettings.current().response_working_days == 20

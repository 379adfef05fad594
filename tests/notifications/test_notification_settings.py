"""Choosing how notifications arrive by e-mail, on the settings page."""

from __future__ import annotations

from convene.notifications import services
from convene.notifications.models import Preference

SETTINGS = "/notifications/settings/"


def test_the_settings_page_shows_the_current_choice(people, as_member):
    assert 'value="immediate" required id="id_email_0" checked' in as_member.get(SETTINGS).text
    services.set_preference(actor=people.member, email="daily")
    assert 'value="daily" required id="id_email_1" checked' in as_member.get(SETTINGS).text


def test_choosing_the_daily_digest_saves_it(people, as_member):
    response = as_member.post(SETTINGS, {"email": "daily"}, follow=True)
    assert "Saved." in response.content.decode()
    assert Preference.email_for(people.member) == "daily"


def test_an_unknown_choice_is_a_form_error(people, as_member):
    response = as_member.post(SETTINGS, {"email": "hourly"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Preference.objects.exists()


def test_your_profile_links_to_your_notification_settings(people, as_member, as_outsider):
    profile = people.member.get_absolute_url()
    assert SETTINGS in as_member.get(profile).content.decode()
    assert SETTINGS not in as_outsider.get(profile).content.decode()

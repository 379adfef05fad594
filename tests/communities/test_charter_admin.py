"""The admin site lists charter versions without their words, as administrators read no
private community's charter in Convene."""

from __future__ import annotations

from tests.communities.charter_data import adopted
from tests.conftest import client_for
from tests.factories import make_person


def test_the_admin_shows_who_wrote_a_private_version_and_when_but_not_its_words(people):
    version = adopted(
        people.private_community,
        people.convenor,
        purpose="Private purpose.",
        norms="Secret norms.",
        rhythm="Hidden rhythm.",
        offer="Quiet offer.",
        note="Quiet note.",
    )
    admin = client_for(make_person("Tess Technical", is_staff=True, is_superuser=True))
    listing = admin.get("/admin/communities/charterversion/").content.decode()
    page = admin.get(f"/admin/communities/charterversion/{version.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quiet Room" in listing and "Quiet Room" in html
    assert people.convenor.full_name in html and "Current charter" in html
    for words in ("Private purpose", "Secret norms", "Hidden rhythm", "Quiet offer", "Quiet note"):
        assert words not in html and words not in listing

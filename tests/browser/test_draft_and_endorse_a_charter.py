"""The convenor drafts the charter beside shared reflections; a member endorses; it is adopted."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.browser.test_sign_in_and_open_a_community import browser_page  # noqa: F401
from tests.browser.test_take_part_in_a_conversation import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_convenor_drafts_a_member_endorses_and_the_charter_is_adopted(
    live_server,
    browser_page,  # noqa: F811
):
    call_command("seed_demo", password="browser-test-pw", verbosity=0)
    page, base = browser_page, live_server.url
    charter = f"{base}/communities/new-managers-circle/charter/"

    sign_in(page, base, "convenor@northgate.example")
    page.goto(charter)
    page.get_by_role("link", name="Draft a new version").click()
    page.get_by_role("heading", name="What members have shared").wait_for()
    assert page.get_by_role("heading", name="What does community mean for me?").count() == 1
    page.get_by_label("Rhythm of meeting").fill("Every three weeks, and triads if you wish.")
    page.get_by_label("What changed").fill("Triads are optional, as Liam asked.")
    page.get_by_role("button", name="Save and propose to the members").click()
    page.get_by_role("heading", name="Charter version 3").wait_for()
    page.context.clear_cookies()

    sign_in(page, base, "andrew.wright@northgate.example")
    page.goto(charter)
    page.get_by_role("button", name="Endorse version 3").click()
    page.get_by_text("You have endorsed this version.").wait_for()
    assert page.get_by_text("1 of 12 members has endorsed version 3.").count() == 1
    page.get_by_label("Your comment").fill("Thank you: this works for my rota.")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.get_by_text("this works for my rota").wait_for()
    page.context.clear_cookies()

    sign_in(page, base, "convenor@northgate.example")
    page.goto(charter)
    page.get_by_role("button", name="Adopt version 3").click()
    page.get_by_text("Version 3 adopted").wait_for()
    page.goto(f"{base}/communities/new-managers-circle/")
    page.get_by_text("Every three weeks, and triads if you wish.").wait_for()

"""A convenor forms triads, is told why a move cannot be made, swaps two people and
publishes; a member finds their group and sets a stretch goal to share with it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from convene.peergroups.models import Round
from tests.browser.test_sign_in_and_open_a_community import browser_page  # noqa: F401
from tests.browser.test_take_part_in_a_conversation import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_convenor_forms_adjusts_and_publishes_triads_then_a_member_sets_a_goal(
    live_server,
    browser_page,  # noqa: F811
):
    call_command("seed_demo", password="browser-test-pw", verbosity=0)
    page, base = browser_page, live_server.url

    sign_in(page, base, "convenor@northgate.example")
    page.goto(f"{base}/communities/new-managers-circle/")
    page.get_by_role("link", name="Form diverse peer groups").click()
    page.get_by_label("Title").fill("Winter triads")
    page.get_by_role("button", name="Form groups").click()
    page.get_by_role("heading", name="Winter triads").wait_for()
    page.get_by_text("Why this mix").first.wait_for()

    round = Round.objects.get(title="Winter triads")
    first = round.placements.filter(group__number=1).select_related("user")[0].user
    second = round.placements.filter(group__number=2).select_related("user")[0].user
    page.locator("#id_person").fill(first.handle)
    page.locator("#id_to_group").fill("99")
    page.get_by_role("button", name="Move").click()
    page.get_by_role("alert").filter(has_text="There is no group 99").wait_for()

    page.locator("#id_first").fill(first.handle)
    page.locator("#id_second").fill(second.handle)
    page.get_by_role("button", name="Swap").click()
    page.locator("#group-1").get_by_text(f"@{second.handle}").wait_for()
    page.locator("#group-2").get_by_text(f"@{first.handle}").wait_for()

    page.get_by_role("button", name="Publish and tell members").click()
    page.get_by_text("Published: every member is told.").wait_for()
    page.context.clear_cookies()

    sign_in(page, base, first.email)
    page.goto(f"{base}/peer-groups/")
    page.get_by_role("link", name="Winter triads · group 2").click()
    page.get_by_role("heading", name="Who is in the group").wait_for()
    page.get_by_role("link", name="My stretch goals").first.click()
    page.get_by_label("Title").fill("Say no to one meeting a week")
    page.get_by_label("Me and my peer groups").check()
    page.get_by_role("button", name="Set this goal").click()
    page.get_by_text("Say no to one meeting a week").first.wait_for()

"""A convenor schedules a Troika Consulting gathering, a member says they will come, and the
member's personal calendar feed carries it."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.core.management import call_command
from django.utils import timezone

from convene.communities.models import Membership
from convene.gatherings.models import Rsvp
from tests.browser.test_sign_in_and_open_a_community import browser_page  # noqa: F401
from tests.browser.test_take_part_in_a_conversation import sign_in

pytestmark = pytest.mark.browser

TITLE = "Troika Consulting: first-year dilemmas"


@pytest.mark.django_db(transaction=True)
def test_convenor_schedules_troika_and_it_reaches_a_members_calendar(
    live_server,
    browser_page,  # noqa: F811
):
    call_command("seed_demo", password="browser-test-pw", verbosity=0)
    page, base = browser_page, live_server.url
    day = timezone.localdate() + datetime.timedelta(days=10)

    sign_in(page, base, "convenor@northgate.example")
    page.goto(f"{base}/communities/new-managers-circle/")
    page.get_by_role("link", name="Schedule a gathering").click()
    page.get_by_role("link", name="Troika Consulting").click()
    page.get_by_text("Convene suggests").wait_for()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Starts").fill(f"{day:%Y-%m-%d}T12:30")
    page.get_by_label("Ends").fill(f"{day:%Y-%m-%d}T13:30")
    page.get_by_label("Place").fill("Quiet room, Harbour House, Leeds")
    page.get_by_role("button", name="Schedule").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    page.get_by_role("cell", name="Think about your challenge").wait_for()
    page.get_by_role("cell", name="12:30\u201312:31").wait_for()
    page.context.clear_cookies()

    member = (
        Membership.objects.current()
        .filter(community__slug="new-managers-circle", role=Membership.Role.MEMBER)
        .select_related("user")
        .order_by("user__email")[0]
        .user
    )
    sign_in(page, base, member.email)
    page.goto(f"{base}/gatherings/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Yes, I will come").check()
    page.get_by_role("button", name="Answer").click()
    page.get_by_text("Thank you: your answer is saved.").wait_for()
    assert Rsvp.objects.get(gathering__title=TITLE, user=member).answer == "yes"

    page.goto(f"{base}/gatherings/")
    address = page.locator("#calendar-address-main").input_value()
    webcal = page.get_by_role("link", name="Subscribe in your calendar app").get_attribute("href")
    assert webcal is not None and webcal.startswith("webcal://") and "key=" in webcal
    page.context.clear_cookies()  # a calendar app has only the address
    feed = page.request.get(address)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.body()).events
    [troika] = [e for e in events if str(e["summary"]).startswith(TITLE)]
    assert troika.decoded("dtstart").strftime("%H:%M") == "12:30"
    assert str(troika["status"]) == "CONFIRMED"

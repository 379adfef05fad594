"""A demo member posts, a colleague replies and encourages, and the member is notified."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.browser.test_sign_in_and_open_a_community import browser_page  # noqa: F401

pytestmark = pytest.mark.browser


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("browser-test-pw")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your communities").wait_for()


@pytest.mark.django_db(transaction=True)
def test_a_member_posts_and_hears_about_the_reply(live_server, browser_page):  # noqa: F811
    call_command("seed_demo", password="browser-test-pw", verbosity=0)
    page, base = browser_page, live_server.url

    sign_in(page, base, "convenor@northgate.example")
    page.goto(f"{base}/communities/new-managers-circle/posts/new/")
    page.get_by_label("Title").fill("Handing over a rota I built")
    page.get_by_label("Body").fill("How did you let go of **something you made**?")
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("heading", name="Handing over a rota I built").wait_for()
    post_url = page.url
    page.context.clear_cookies()

    sign_in(page, base, "jaspreet.dhillon@northgate.example")
    page.goto(post_url)
    page.get_by_label("Your comment").fill("Write down why it works, then step back.")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.get_by_text("Write down why it works").wait_for()
    page.locator(".post .reaction", has_text="Encourage").click()
    page.locator(".post .reaction-mine", has_text="Encourage").wait_for()
    page.context.clear_cookies()

    sign_in(page, base, "convenor@northgate.example")
    page.goto(f"{base}/notifications/")
    assert page.get_by_text("commented on “Handing over a rota I built”").count() == 1

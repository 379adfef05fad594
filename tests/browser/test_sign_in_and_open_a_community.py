"""A demo member signs in through the browser and opens one of their communities."""

from __future__ import annotations

import os
import shutil

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page():
    if CHROMIUM is None:
        pytest.skip("the system Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM calls the test makes
    # before and after are still plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        yield page
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_demo_member_signs_in_and_opens_a_community(live_server, browser_page):
    call_command("seed_demo", password="browser-test-pw", verbosity=0)
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("member@northgate.example")
    page.get_by_label("Password").fill("browser-test-pw")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your communities").wait_for()

    page.locator(".community-card h3 a").first.click()
    page.get_by_role("heading", name="Members").wait_for()
    assert page.locator(".badge-role", has_text="You: Member").count() == 1
    assert page.locator("main").get_by_text("Convenor").count() >= 1

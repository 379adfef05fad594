"""An executive raises an emerging issue; a community takes it up, drafts and submits a
contribution; the executive responds; the community reads the response, with its measured
time, in its own conversation."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from convene.agenda.models import Contribution, Response
from tests.browser.test_sign_in_and_open_a_community import browser_page  # noqa: F401
from tests.browser.test_take_part_in_a_conversation import sign_in

pytestmark = pytest.mark.browser

ISSUE = "Customers asking about their smart-meter graphs"
CONTRIBUTION = "New Managers' Circle on smart-meter questions"


@pytest.mark.django_db(transaction=True)
def test_an_issue_travels_from_executive_to_community_and_back(
    live_server,
    browser_page,  # noqa: F811
):
    call_command("seed_demo", password="browser-test-pw", verbosity=0)
    page, base = browser_page, live_server.url

    sign_in(page, base, "executive@northgate.example")
    page.get_by_role("link", name="Agenda").click()
    page.get_by_role("link", name="Raise an issue").click()
    page.get_by_label("Title").fill(ISSUE)
    page.get_by_label("Description").fill("The contact centre cannot yet explain *gaps*.")
    page.get_by_label("Emerging").check()
    page.get_by_label("Adaptive").check()
    page.get_by_label("Tags").fill("Customers, Data")
    page.get_by_role("button", name="Raise the issue").click()
    page.get_by_role("heading", name=ISSUE).wait_for()
    issue_url = page.url
    page.context.clear_cookies()

    sign_in(page, base, "convenor@northgate.example")
    page.goto(issue_url)
    page.get_by_label("For the community").select_option(label="New Managers' Circle")
    page.get_by_role("button", name="Take it up").click()
    page.get_by_text("New Managers' Circle has taken this issue up.").wait_for()
    page.get_by_role("link", name="Draft a contribution").click()
    page.get_by_label("Title").fill(CONTRIBUTION)
    page.get_by_label("Community").select_option(label="New Managers' Circle")
    page.get_by_label("Analysis").fill("New managers field these calls first.")
    page.get_by_label("Options").fill("1. A script. 2. A named expert on call.")
    page.get_by_label("Recommendation").fill("A named expert on call, for a quarter.")
    page.get_by_role("button", name="Save the first draft").click()
    page.get_by_role("heading", name=CONTRIBUTION).wait_for()
    page.get_by_label("Submit to").select_option(label="Harriet Lloyd")
    page.get_by_role("button", name="Submit the contribution").click()
    page.get_by_text("Submitted. A response is due by").wait_for()
    contribution_url = page.url
    page.context.clear_cookies()

    sign_in(page, base, "executive@northgate.example")
    page.get_by_role("link", name="Agenda").click()
    page.get_by_role("link", name="Awaiting my response").click()
    page.get_by_role("link", name=CONTRIBUTION).click()
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("Your response").fill("Agreed: name the expert by Friday.")
    page.get_by_role("button", name="Send the response").click()
    page.get_by_text("Your response is posted").wait_for()
    page.context.clear_cookies()

    response = Response.objects.get(contribution__title=CONTRIBUTION)
    assert Contribution.objects.get(title=CONTRIBUTION).status == "answered"
    sign_in(page, base, "convenor@northgate.example")
    page.goto(contribution_url)
    page.get_by_text("Responded in 0 working days").wait_for()
    page.get_by_role("link", name="The conversation in New Managers' Circle").click()
    page.get_by_role("heading", name=f"Response to our contribution: {CONTRIBUTION}").wait_for()
    page.get_by_text("responded to").first.wait_for()
    assert "in 0 working days, within the target" in page.content()
    assert "Agreed: name the expert by Friday." in page.content()
    assert response.post is not None and page.url.endswith(response.post.get_absolute_url())

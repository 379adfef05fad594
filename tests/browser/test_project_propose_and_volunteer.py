"""A convenor drafts a project in her community, adds an open role and proposes it; a member
volunteers for the role; the sponsor approves it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from convene.communities.models import Community, Membership
from convene.projects.models import Project
from tests.browser.test_sign_in_and_open_a_community import browser_page  # noqa: F401
from tests.browser.test_take_part_in_a_conversation import sign_in

pytestmark = pytest.mark.browser

CIRCLE = "New Managers' Circle"
TITLE = "Welcome packs written by new managers"


@pytest.mark.django_db(transaction=True)
def test_a_convenor_proposes_a_project_and_a_member_volunteers(
    live_server,
    browser_page,  # noqa: F811
):
    call_command("seed_demo", password="browser-test-pw", verbosity=0)
    page, base = browser_page, live_server.url
    circle = Community.objects.get(name=CIRCLE)
    member = (
        Membership.objects.current()
        .filter(community=circle, role=Membership.Role.MEMBER)
        .exclude(user__project_roles__isnull=False)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    assert member is not None

    sign_in(page, base, "convenor@northgate.example")
    page.goto(f"{base}{circle.get_absolute_url()}")
    page.get_by_role("link", name="Start a project").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("The problem").fill(
        "Our welcome packs are written by people who joined *years* ago."
    )
    page.get_by_label("Intended outcomes").fill("A pack each new manager finds useful in week one.")
    page.get_by_label("Adaptive").check()
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    project_url = page.url
    page.get_by_role("link", name="Manage the team").click()
    page.get_by_role("textbox", name="Role").fill("Pack reviewer")
    page.get_by_role("button", name="Add the role").click()
    page.get_by_text("The role “Pack reviewer” is added.").wait_for()
    page.goto(project_url)
    page.get_by_role("button", name="Propose it").click()
    page.get_by_text("Proposed. The convenors and sponsor are told.").wait_for()
    page.context.clear_cookies()

    sign_in(page, base, member.user.email)
    page.get_by_role("link", name="Projects").first.click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Volunteer").click()
    page.get_by_text("You are now “Pack reviewer” in the team. Thank you.").wait_for()
    page.context.clear_cookies()

    sponsor = circle.sponsor
    assert sponsor is not None
    sign_in(page, base, sponsor.email)
    page.goto(project_url)
    page.get_by_label("A note for the team (optional)").fill("Yes, and share it with HR.")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Approved. The team is told.").wait_for()

    project = Project.objects.get(title=TITLE)
    assert project.status == Project.Status.APPROVED
    assert project.roles.get(name="Pack reviewer").person == member.user

"""A demo community's project from proposal to the innovation register, resourced on the way.

Sam proposes a project in Leading Through Change and its convenor approves it;
Sam asks for money, his own released time and an expert's hours; his line
manager consents and the expert accepts; the convenor approves within the
period's rules; Sam claims spending with a receipt and logs hours, closes the
project out, and adds what it made to the innovation register.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.people.models import User
from convene.projects.models import Innovation, Project
from convene.resources.forms.ledger import allocation_label
from convene.resources.models import (
    Allocation,
    Envelope,
    ExpertOffer,
    LedgerEntry,
    Period,
    ResourceRequest,
)
from tests.browser.test_sign_in_and_open_a_community import browser_page  # noqa: F401
from tests.browser.test_take_part_in_a_conversation import sign_in

pytestmark = pytest.mark.browser

SAM = "member@northgate.example"
CHANGE = "Leading Through Change"
TITLE = "Walking the new rota with the night shift"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_a_project_is_resourced_within_the_rules_and_reaches_the_register(
    live_server,
    browser_page,  # noqa: F811
):
    call_command("seed_demo", password="browser-test-pw", verbosity=0)
    page, base = browser_page, live_server.url
    change = Community.objects.get(name=CHANGE)
    sam = User.objects.get(email=SAM)
    assert sam.line_manager is not None
    convenor = Membership.objects.current().get(community=change, role="convenor").user
    offer = ExpertOffer.objects.get(topic="Interviewing and telling stories")
    funding = Envelope.objects.get(
        community=change, kind="funding", period__in=Period.objects.current()
    )
    before = funding.remaining

    def as_person(email: str) -> None:
        page.context.clear_cookies()
        sign_in(page, base, email)

    # Sam proposes a project; the convenor approves it; Sam starts it.
    as_person(SAM)
    page.goto(f"{base}{change.get_absolute_url()}")
    page.get_by_role("link", name="Start a project").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("The problem").fill("Night staff hear about rota changes last.")
    page.get_by_label("Intended outcomes").fill("Night staff shape the next rota change.")
    page.get_by_label("Adaptive").check()
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    project_url = page.url
    page.get_by_role("button", name="Propose it").click()
    page.get_by_text("Proposed.").first.wait_for()

    as_person(convenor.email)
    page.goto(project_url)
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Approved. The team is told.").wait_for()

    as_person(SAM)
    page.goto(project_url)
    page.get_by_role("button", name="Start the project").click()
    page.get_by_role("link", name="Ask for resources").click()

    # Money, Sam's own released time and an expert's hours.
    page.get_by_label("What the resources are for").fill("Two night visits and a write-up.")
    page.get_by_role("button", name="Save the draft").click()
    add_line(page, "funding", "240", "Taxis and refreshments for two night visits")
    add_line(page, "time", "6", "Sam's time on the night visits", person=sam.full_name)
    add_line(page, "expertise", "3", "Help to write up what night staff said", offer=offer.topic)
    page.get_by_role("button", name="Submit the request").click()
    page.get_by_text("Awaiting approval").first.wait_for()
    request_url = page.url

    # The line manager consents and the expert accepts.
    for email, button in ((sam.line_manager.email, "Give consent"), (offer.expert.email, "Accept")):
        as_person(email)
        page.goto(f"{base}/resources/consents/")
        page.get_by_role("button", name=button).first.click()
        page.get_by_role("heading", name="Consents").first.wait_for()

    # Under the period's rules the convenor alone approves amounts this size.
    as_person(convenor.email)
    page.goto(f"{base}/resources/requests/awaiting/")
    page.goto(request_url)
    page.get_by_label("Approved", exact=True).check()
    page.get_by_label("Reason").fill("Small, and night staff are too often left out.")
    page.get_by_role("button", name="Record my decision").click()
    page.get_by_text("Approved", exact=True).first.wait_for()

    # Sam claims with a receipt and logs his hours.
    as_person(SAM)
    project = Project.objects.get(title=TITLE)
    page.goto(project_url)
    page.get_by_role("link", name="Resources and ledger").click()
    claim = page.locator("form", has=page.get_by_role("button", name="Record the claim"))
    claim.get_by_label("Allocation").select_option(label=label_of(project, "funding"))
    claim.get_by_label("Description").fill("Taxis for the first night visit")
    claim.get_by_label("Amount (£)").fill("64.50")
    claim.get_by_label("Receipt").set_input_files(
        {"name": "taxi.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    claim.get_by_role("button", name="Record the claim").click()
    page.get_by_role("cell", name="Taxis for the first night visit").first.wait_for()
    hours = page.locator("form", has=page.get_by_role("button", name="Log the hours"))
    hours.get_by_label("Allocation").select_option(label=label_of(project, "time"))
    hours.get_by_label("Hours").fill("3")
    hours.get_by_label("Worked on").fill(timezone.localdate().isoformat())
    hours.get_by_label("Note").fill("First night visit")
    hours.get_by_role("button", name="Log the hours").click()
    page.get_by_role("cell", name="First night visit").first.wait_for()

    # Sam closes the project out and adds its innovation to the register.
    page.goto(project_url)
    page.get_by_role("link", name="Complete with a close-out").click()
    page.get_by_label("What we expected").fill("Night staff shape the rota.")
    page.get_by_label("What actually happened").fill("They redesigned the hand-over hour.")
    page.get_by_label("Lessons learned").fill("Go to people at their hours, not ours.")
    page.get_by_label("Review on").fill("2027-06-01")
    page.get_by_role("button", name="Complete the project").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    page.get_by_role("link", name="Add to the register").click()
    page.get_by_label("Title").fill("A night-shift hand-over hour")
    page.get_by_label("Summary").fill("The hand-over hour designed with night staff.")
    page.get_by_role("button", name="Add it").click()
    page.goto(f"{base}/projects/innovations/")
    page.get_by_role("link", name="A night-shift hand-over hour").wait_for()

    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    assert Innovation.objects.filter(project=project).exists()
    request = ResourceRequest.objects.get(project=project)
    assert request.status == ResourceRequest.Status.APPROVED
    assert (request.needs_convenor, request.needs_sponsor) == (True, False)
    allocations = {a.envelope.kind: a for a in Allocation.objects.filter(project=project)}
    assert allocations["funding"].spent == Decimal("64.50")
    assert allocations["time"].spent == Decimal("3")
    assert LedgerEntry.objects.get(allocation=allocations["funding"], entry="spend").receipt
    # Completing returned what was not used, so the community's envelope only
    # lost what was actually spent.
    funding.refresh_from_db()
    assert funding.remaining == before - Decimal("64.50")


def add_line(page, kind: str, amount: str, purpose: str, *, person=None, offer=None) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Add the line"))
    form.get_by_label("What you ask for").select_option(kind)
    form.get_by_label("Amount").fill(amount)
    form.get_by_label("Purpose").fill(purpose)
    if person:
        form.get_by_label("Whose time").select_option(label=person)
    if offer:
        option = form.get_by_label("Which expert's offer").locator("option", has_text=offer)
        form.get_by_label("Which expert's offer").select_option(option.get_attribute("value"))
    form.get_by_role("button", name="Add the line").click()
    page.get_by_role("cell", name=purpose).wait_for()


def label_of(project: Project, kind: str) -> str:
    """The allocation's option in the claim and hours forms."""
    return allocation_label(Allocation.objects.get(project=project, envelope__kind=kind))

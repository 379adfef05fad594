"""A convenor opens nominations; members nominate, accept and vote; the convenor closes the
election, and everyone sees the result, round by round, and the anonymised ballots."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from convene.elections.models import Election
from tests.browser.test_sign_in_and_open_a_community import browser_page  # noqa: F401
from tests.browser.test_take_part_in_a_conversation import sign_in
from tests.factories import make_community, make_person

pytestmark = pytest.mark.browser

PASSWORD = "browser-test-pw"


def person(name: str):
    user = make_person(name)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db(transaction=True)
def test_nominate_accept_vote_close_and_read_the_result(live_server, browser_page):  # noqa: F811
    convenor, amara, ben = person("Connie Convenor"), person("Amara Osei"), person("Ben Hart")
    community = make_community("Shift Leaders", convenor=convenor, members=[amara, ben])
    page, base = browser_page, live_server.url
    now = timezone.now()

    sign_in(page, base, convenor.email)
    page.goto(f"{base}{community.get_absolute_url()}")
    page.get_by_role("link", name="Convenors and elections").click()
    page.get_by_role("link", name="Open nominations").click()
    page.get_by_label("Voting opens").fill(local(now + datetime.timedelta(days=2)))
    page.get_by_label("Voting closes").fill(local(now + datetime.timedelta(days=4)))
    page.get_by_role("button", name="Open nominations").click()
    page.get_by_text("Nominations are open: every member has been told.").wait_for()
    page.get_by_label("Member to nominate").select_option(label="Amara Osei")
    page.get_by_role("button", name="Nominate", exact=True).click()
    page.get_by_text("Nominated. The nominee has been asked to accept.").wait_for()
    election = Election.objects.get()
    page.context.clear_cookies()

    sign_in(page, base, amara.email)
    page.goto(f"{base}{election.get_absolute_url()}")
    page.get_by_label("Your statement (optional)").fill("I will keep our huddles short.")
    page.get_by_role("button", name="Accept and stand").click()
    page.get_by_text("I will keep our huddles short.").wait_for()
    page.context.clear_cookies()

    sign_in(page, base, ben.email)
    page.goto(f"{base}{election.get_absolute_url()}")
    page.get_by_label("Member to nominate").select_option(label="Ben Hart")
    page.get_by_label("Statement").fill("I would bring the night shift's voice.")
    page.get_by_role("button", name="Nominate", exact=True).click()
    page.get_by_text("I would bring the night shift's voice.").wait_for()

    # The clock moves on to the voting window.
    Election.objects.filter(pk=election.pk).update(
        nominations_open_at=timezone.now() - datetime.timedelta(hours=2),
        voting_opens_at=timezone.now() - datetime.timedelta(hours=1),
    )
    page.goto(f"{base}{election.get_absolute_url()}")
    page.get_by_role("link", name="Vote now").click()
    page.get_by_label("1st choice").select_option(label="Ben Hart")
    page.get_by_label("2nd choice").select_option(label="Ben Hart")
    page.get_by_role("button", name="Cast my vote").click()
    page.get_by_text("The ballot ranks a candidate more than once.").wait_for()
    page.get_by_label("2nd choice").select_option(label="Amara Osei")
    page.get_by_role("button", name="Cast my vote").click()
    page.get_by_text("Your vote is cast.").wait_for()
    page.get_by_text("You have voted").wait_for()
    assert page.get_by_role("heading", name="Result").count() == 0
    page.context.clear_cookies()

    for voter in (amara, convenor):
        sign_in(page, base, voter.email)
        page.goto(f"{base}{election.get_absolute_url()}")
        page.get_by_role("link", name="Vote now").click()
        page.get_by_label("1st choice").select_option(label="Amara Osei")
        page.get_by_role("button", name="Cast my vote").click()
        page.get_by_text("Your vote is cast.").wait_for()
        if voter != convenor:
            page.context.clear_cookies()

    # Voting ends, on the day the new term starts; the convenor counts and hands over.
    Election.objects.filter(pk=election.pk).update(
        voting_closes_at=timezone.now() - datetime.timedelta(minutes=1),
        term_starts_on=timezone.localdate(),
    )
    page.goto(f"{base}{election.get_absolute_url()}")
    page.get_by_role("button", name="Close and count").click()
    page.get_by_text("Elected: Amara Osei.").wait_for()
    page.get_by_role("heading", name="How ties are broken").wait_for()
    page.get_by_role("link", name="See every anonymised ballot and count it yourself").click()
    page.get_by_role("heading", name="The anonymised ballots").wait_for()
    assert page.locator("tbody tr").count() == 3
    page.goto(f"{base}{community.get_absolute_url()}")
    page.get_by_text("Amara Osei is convenor, elected").wait_for()
    page.get_by_role("link", name="Convenors and elections").click()
    page.get_by_role("cell", name="Amara Osei Current").wait_for()

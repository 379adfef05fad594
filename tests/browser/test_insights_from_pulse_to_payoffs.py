"""Issue 9 tried as new users would: from a pulse answered to the payoffs a sponsor reads.

Sam answers the open self-efficacy pulse of Leading Through Change, keeping a
private copy, and cannot answer it twice; Harriet gives her view of the
community with an example; the community's convenor runs a live ripple-mapping
session in which Sam adds an effect that the convenor places and exports; David
reads the payoffs with their charts and tables. Courageous Conversations is
private and not David's, so its own sponsor, Gareth Price, checks that its
four-person pulses show no mean.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from convene.communities.models import Community, Membership
from convene.people.models import User
from convene.ripples.models import Effect, RippleMap
from convene.surveys.models import Answer, Instrument, OwnAnswer, Receipt, Response, Survey
from tests.browser.test_sign_in_and_open_a_community import browser_page  # noqa: F401
from tests.browser.test_take_part_in_a_conversation import sign_in

pytestmark = pytest.mark.browser

SAM = "member@northgate.example"
HARRIET = "executive@northgate.example"
DAVID = "sponsor@northgate.example"
GARETH = "gareth.price@northgate.example"
CHANGE = "Leading Through Change"
SMALL = "Courageous Conversations"
PULSE = "Leader self-efficacy: Leading Through Change"
VIEW = "Executives' view: Leading Through Change"
EXAMPLE = "They ran open sessions on the new rota and changed it after hearing the night shift."
EFFECT = "A second depot copied our Monday huddle after visiting us"
HUDDLES = "Our depot starts each week with a ten-minute huddle"
HIDDEN = "fewer than 5 responses"
PULSE_HEADINGS = (
    "Leader self-efficacy pulse",
    "Collective efficacy pulse",
    "Executives' perception pulse",
)


@pytest.mark.django_db(transaction=True)
def test_insights_from_a_pulse_to_the_payoffs(live_server, browser_page):  # noqa: F811
    call_command("seed_demo", password="browser-test-pw", verbosity=0)
    page, base = browser_page, live_server.url

    sam_answers_his_pulse_once(page, base)
    harriet_gives_her_view_with_an_example(page, base)
    a_live_session_maps_what_sam_adds(page, base)
    david_reads_the_payoffs(page, base)
    the_small_community_shows_no_mean(page, base)


def as_person(page, base: str, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, email)


def open_insights(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    page.get_by_role("heading", name="Insights", level=1).wait_for()


def open_your_surveys(page) -> None:
    page.locator(".user-menu summary").click()
    page.get_by_role("link", name="Your surveys").click()
    page.get_by_role("heading", name="Surveys and pulses", level=1).wait_for()


def section(page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))


def listed(page, heading: str, survey: Survey):
    """The survey's entry under a heading of "Your surveys"; earlier waves share its title."""
    link = page.locator(f'a[href="/surveys/{survey.pk}/"]')
    return section(page, heading).locator("li", has=link)


def choose(page, answers: dict[str, str], *, otherwise: str) -> None:
    """Click one label in each question's group: the one named for it, else `otherwise`."""
    for group in page.locator("form.goal-form fieldset").all():
        legend = group.locator("legend").inner_text()
        label = next((a for q, a in answers.items() if q in legend), otherwise)
        group.locator("label").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()


# -- 1. Sam answers his pulse, once, and sees his trend ------------------------


def sam_answers_his_pulse_once(page, base: str) -> None:
    sam = User.objects.get(email=SAM)
    survey = Survey.objects.get(title=PULSE, status=Survey.Status.OPEN)
    responses_before = survey.responses.count()
    as_person(page, base, SAM)

    open_insights(page)
    surveys_card = page.locator(".card", has_text="Surveys and pulses")
    assert "waiting for your answer" in surveys_card.inner_text()
    page.get_by_role("link", name="Surveys and pulses").click()
    listed(page, "Waiting for you", survey).get_by_role("link", name=PULSE).click()
    page.get_by_role("heading", name=PULSE, level=1).wait_for()
    # The same pulse left open in a second tab, to send again after answering.
    second_tab = page.context.browser.new_context(storage_state=page.context.storage_state())
    stale = second_tab.new_page()
    stale.goto(page.url)

    choose(page, {}, otherwise="4")
    page.get_by_label("Keep a private copy of my ratings").check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Thank you: your answers are in.").wait_for()
    assert "Leading Through Change · Open" in listed(page, "Answered", survey).inner_text()
    assert listed(page, "Waiting for you", survey).count() == 0

    # Sending the stale tab's form is refused, and the page offers no form any more.
    choose(stale, {}, otherwise="2")
    stale.get_by_role("button", name="Send my answers").click()
    stale.get_by_text("You have already answered this survey.").wait_for()
    assert stale.get_by_role("button", name="Send my answers").count() == 0
    second_tab.close()
    listed(page, "Answered", survey).get_by_role("link", name=PULSE).click()
    page.get_by_text("Thank you: you have answered this survey.").wait_for()
    assert page.get_by_role("button", name="Send my answers").count() == 0

    assert Receipt.objects.filter(survey=survey, person=sam).count() == 1
    assert survey.responses.count() == responses_before + 1
    assert not Response.objects.filter(respondent=sam).exists()
    kept = OwnAnswer.objects.filter(person=sam, question__survey=survey)
    assert sorted(kept.values_list("rating", flat=True)) == [4] * survey.questions.count()

    page.get_by_role("link", name="← Surveys and pulses").click()
    page.locator(".page-header").get_by_role("link", name="Your pulse answers").click()
    page.get_by_role("heading", name="Your pulse answers", level=1).wait_for()
    trend = page.get_by_role("table", name="Leader self-efficacy: your ratings by dimension")
    this_wave = f"{timezone.localdate(survey.opens_at):%-d %b %Y}"
    # The text as written: the table's style shows its headings in capitals.
    headings = [text.strip() for text in trend.locator("thead th").all_text_contents()]
    assert this_wave in headings
    row = trend.locator("tr", has=page.get_by_role("rowheader", name="Leading change"))
    cell = row.locator("td").nth(headings.index(this_wave) - 1)
    assert cell.inner_text() == own_average(sam, survey, "Leading change")


def own_average(person: User, survey: Survey, dimension: str) -> str:
    """Sam's kept ratings on one dimension of every self-efficacy pulse opened with this one."""
    ratings = OwnAnswer.objects.filter(
        person=person,
        question__dimension=dimension,
        question__survey__instrument=Instrument.SELF_EFFICACY,
        question__survey__opens_at=survey.opens_at,
    ).values_list("rating", flat=True)
    assert len(ratings) >= 1
    return str(round(sum(ratings) / len(ratings), 1))


# -- 2. Harriet gives her view of the community ------------------------------


def harriet_gives_her_view_with_an_example(page, base: str) -> None:
    harriet = User.objects.get(email=HARRIET)
    survey = Survey.objects.get(title=VIEW, status=Survey.Status.OPEN)
    as_person(page, base, HARRIET)

    open_your_surveys(page)
    listed(page, "Waiting for you", survey).get_by_role("link", name=VIEW).click()
    page.get_by_role("heading", name=VIEW, level=1).wait_for()
    choose(
        page,
        {"Compared with six months ago": "Stronger", "could step up one level": "26% to 50%"},
        otherwise="4",
    )
    page.get_by_label("Describe one thing you have seen this community do").fill(EXAMPLE)
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Thank you: your answers are in.").wait_for()
    assert "Leading Through Change · Open" in listed(page, "Answered", survey).inner_text()

    assert Receipt.objects.filter(survey=survey, person=harriet).count() == 1
    example = Answer.objects.get(response__survey=survey, text=EXAMPLE)
    assert example.response.respondent is None
    assert example.response.answers.filter(options__text="Stronger").count() == 1


# -- 3. A live ripple-mapping session ----------------------------------------


def a_live_session_maps_what_sam_adds(page, base: str) -> None:
    change = Community.objects.get(name=CHANGE)
    convenor = Membership.objects.current().get(community=change, role="convenor").user
    ripple_map = RippleMap.objects.get(community=change)
    huddles = Effect.objects.get(map=ripple_map, text__startswith=HUDDLES)
    as_person(page, base, convenor.email)

    open_insights(page)
    page.get_by_role("link", name="Ripple-effects maps").click()
    page.get_by_role("link", name=ripple_map.title).click()
    page.get_by_role("heading", name=ripple_map.title, level=1).wait_for()
    page.get_by_role("button", name="Open a live session").click()
    page.get_by_text("The live session is open.").wait_for()
    page.get_by_text("Live session open", exact=True).wait_for()

    # Sam, on his phone, adds an effect while the session is open.
    sam_context = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    phone = sam_context.new_page()
    sign_in(phone, base, SAM)
    open_insights(phone)
    phone.get_by_role("link", name="Ripple-effects maps").click()
    phone.get_by_role("row", name=ripple_map.title).get_by_text("Live now").wait_for()
    phone.get_by_role("link", name=ripple_map.title).click()
    phone.get_by_label("What changed?").fill(EFFECT)
    phone.get_by_label("Ripple level").select_option(label="2 · Their teams and units")
    phone.get_by_label("Social: relationships and trust across silos").check()
    phone.get_by_label("Told by").select_option(label="Sam Okafor")
    phone.get_by_role("button", name="Add to the map").click()
    phone.get_by_text("Added. The map-maker will place it on the map.").wait_for()
    sam_context.close()
    added = Effect.objects.get(map=ripple_map, text=EFFECT)
    assert not added.placed

    # The convenor's page polls, so Sam's effect appears without a reload.
    waiting = page.locator(f"#effect-{added.pk}")
    section(page, "Waiting to be placed (1)").get_by_text(EFFECT).wait_for(timeout=15_000)
    parent = waiting.get_by_label("Grew from")
    option = parent.locator("option", has_text=HUDDLES)
    parent.select_option(option.get_attribute("value"))
    waiting.get_by_label("Level").select_option(label="3 · The wider organisation")
    waiting.get_by_role("button", name="Place").click()
    page.get_by_text("Placed on the map.").wait_for()

    drawn = section(page, "Effects, branch by branch")
    drawn.locator(f"#effect-{huddles.pk} #effect-{added.pk}").get_by_text(EFFECT).wait_for()
    assert page.get_by_role("heading", name=re.compile("Waiting to be placed")).count() == 0
    page.get_by_role("button", name="Close the live session").click()
    page.get_by_text("The live session is closed.").wait_for()
    page.get_by_text("No live session", exact=True).wait_for()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    row = next(row for row in rows if row["Effect text"] == EFFECT)
    assert (row["Grew from"], row["Ripple level"]) == (str(huddles.pk), "3")
    assert row["Storyteller"] == "Sam Okafor"

    added.refresh_from_db()
    ripple_map.refresh_from_db()
    assert (added.placed, added.parent_id, added.level) == (True, huddles.pk, 3)
    assert not ripple_map.is_live


# -- 4. The payoffs, and what stays hidden -----------------------------------


def open_payoffs(page) -> None:
    open_insights(page)
    page.get_by_role("link", name="Payoffs", exact=True).click()
    page.get_by_role("heading", name="Payoffs", level=1).wait_for()


def pulses_loaded(page) -> None:
    for heading in PULSE_HEADINGS:
        page.get_by_role("heading", name=heading).wait_for()


def david_reads_the_payoffs(page, base: str) -> None:
    as_person(page, base, DAVID)
    open_payoffs(page)

    matrix = page.get_by_role("table", name="Story steps by value-creation cycle and community")
    assert CHANGE in [text.strip() for text in matrix.locator("thead th").all_text_contents()]
    assert matrix.locator("tbody th[scope=row]").count() >= 1
    assert page.locator("svg[role=img]").count() >= 1
    pulses_loaded(page)
    confidence = page.get_by_role(
        "table", name="Average rating on the leader self-efficacy pulse, by month the survey opened"
    )
    assert re.fullmatch(r"\d\.\d+", confidence.locator("tbody td").first.inner_text())
    # A private community David neither sponsors nor belongs to is not offered at all.
    filters = page.get_by_role("form", name="Choose communities and a period")
    assert filters.get_by_label(CHANGE).count() == 1
    assert filters.get_by_label(SMALL).count() == 0


def the_small_community_shows_no_mean(page, base: str) -> None:
    assert Community.objects.filter(name=SMALL, sponsor__email=GARETH).exists()
    as_person(page, base, GARETH)
    open_payoffs(page)

    page.get_by_label(SMALL).check()
    page.get_by_role("button", name="Show").click()
    page.get_by_text(f"Showing {SMALL};").wait_for()
    pulses_loaded(page)
    for name in ("leader self-efficacy", "collective efficacy"):
        table = page.get_by_role(
            "table", name=f"Average rating on the {name} pulse, by month the survey opened"
        )
        cells = table.locator("tbody td").all_inner_texts()
        assert cells and set(cells) == {HIDDEN}
    assert page.get_by_text(f'A figure shown as "{HIDDEN}" is hidden').count() >= 2

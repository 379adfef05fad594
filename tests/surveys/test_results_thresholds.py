"""No figure describes fewer respondents than the organisation's threshold, anywhere."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from convene.insights.anonymity import Policy
from convene.surveys.models import AnonymitySettings, Survey
from tests.conftest import client_for
from tests.surveys.test_results_builders import (
    EVERYONE_ALIKE,
    add_choice,
    add_free_text,
    add_rating,
    make_survey,
    respond,
    respond_many,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(people):
    return make_survey(people.open_community)


@pytest.fixture
def as_sponsor(people):
    return client_for(people.sponsor)


def fetch(client, survey, dimension=""):
    page = client.get(
        reverse("surveys:results", args=[survey.pk]), {"dimension": dimension or "site"}
    )
    csv = client.get(reverse("surveys:results_csv", args=[survey.pk]))
    api = client.get(
        f"/api/v1/surveys/{survey.pk}/results", {"dimension": dimension} if dimension else {}
    )
    assert page.status_code == csv.status_code == api.status_code == 200
    return page.content.decode(), csv.content.decode(), api.json()


def test_four_responses_show_nothing_on_page_csv_or_api(survey, as_sponsor):
    question = add_rating(survey)
    respond_many(survey, question, [1, 2, 4, 5])
    page, csv, api = fetch(as_sponsor, survey)
    assert "Fewer than 5 responses so far" in page
    assert "4 respondents" not in page and "on average" not in page and "<svg" not in page
    assert "Total,Everyone,hidden,,,,\r\n" in csv
    assert csv.count(",hidden,") == csv.count("\r\n") - 1
    total = api["questions"][0]["total"]
    assert total == {
        "dimension": "",
        "group": "",
        "status": "hidden",
        "respondents": None,
        "mean": None,
        "distribution": None,
        "as_of_week": None,
    }
    assert all(
        c["status"] == "hidden"
        for cells in api["questions"][0]["breakdowns"].values()
        for c in cells
    )


def test_five_responses_show_the_total_everywhere(survey, as_sponsor):
    question = add_rating(survey)
    respond_many(survey, question, [1, 2, 4, 5, 5])
    page, csv, api = fetch(as_sponsor, survey)
    assert "5 respondents" in page and "3.40 out of 5" in page
    assert '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="100%" aria-hidden="true"' in page
    assert "<caption>Answers to question 1</caption>" in page
    assert "Total,Everyone,shown,5,3.40,1: 1; 2: 1; 3: 0; 4: 1; 5: 2,1" in csv
    total = api["questions"][0]["total"]
    assert (total["respondents"], total["mean"], total["distribution"]) == (5, 3.4, [1, 1, 0, 1, 2])


def test_a_breakdown_cell_of_two_is_hidden_with_a_complementary_cell(survey, as_sponsor):
    question = add_rating(survey)
    for site, ratings in {"Leeds": [3] * 5, "York": [4] * 5, "Hull": [1, 2]}.items():
        respond_many(survey, question, ratings, groups={**EVERYONE_ALIKE, "site": site})
    page, csv, api = fetch(as_sponsor, survey, dimension="site")
    cells = {c["group"]: c for c in api["questions"][0]["breakdowns"]["site"]}
    assert cells["Hull"]["status"] == "hidden" and cells["Hull"]["respondents"] is None
    assert cells["Leeds"]["status"] == "hidden", "Leeds must be hidden so Hull = total - York fails"
    assert (cells["York"]["status"], cells["York"]["respondents"]) == ("shown", 5)
    assert api["questions"][0]["total"]["respondents"] == 12
    assert "Site,Hull,hidden,,,,\r\n" in csv and "Site,Leeds,hidden,,,,\r\n" in csv
    assert page.count("withheld to protect a smaller group") == 2


def test_choice_questions_count_each_option_over_released_groups_only(survey, as_sponsor):
    question = add_choice(survey, ["Gatherings", "Projects", "Peer groups"], multiple=True)
    for chosen in (["Gatherings"], ["Gatherings", "Projects"], [], ["Projects"]):
        respond(survey, {question: chosen})
    _, _, api = fetch(as_sponsor, survey)
    assert api["questions"][0]["total"]["status"] == "hidden"
    respond(survey, {question: ["Gatherings", "Peer groups"]})
    _, csv, api = fetch(as_sponsor, survey)
    total = api["questions"][0]["total"]
    assert (total["respondents"], total["distribution"]) == (5, [3, 2, 1])
    assert "Gatherings: 3; Projects: 2; Peer groups: 1" in csv


def test_comments_need_the_free_text_minimum(survey, as_sponsor):
    question = add_free_text(survey)
    for n in range(9):
        respond(survey, {question: f"Comment number {n}"})
    page, _, api = fetch(as_sponsor, survey)
    assert "Comment number" not in page and api["questions"][0]["comments"] == []
    assert "Fewer than 10 comments so far" in page
    respond(survey, {question: "Comment number 9"})
    page, _, api = fetch(as_sponsor, survey)
    assert sorted(api["questions"][0]["comments"]) == [f"Comment number {n}" for n in range(10)]
    assert len(re.findall(r"Comment number \d", page)) == 10


def test_new_comments_wait_for_a_whole_batch(people, as_sponsor):
    survey = make_survey(
        people.open_community, opens_at=timezone.now() - datetime.timedelta(days=15)
    )
    question = add_free_text(survey)
    for n in range(10):
        respond(survey, {question: f"Early {n}"}, period=0)
    respond(survey, {question: "Late"}, period=1)
    _, _, api = fetch(as_sponsor, survey)
    result = api["questions"][0]
    assert "Late" not in result["comments"] and len(result["comments"]) == 10
    assert (result["comments_status"], result["comments_as_of_week"]) == ("held", 1)


def test_a_total_is_held_until_enough_new_answers_arrive(people, as_sponsor):
    survey = make_survey(
        people.open_community, opens_at=timezone.now() - datetime.timedelta(days=15)
    )
    question = add_rating(survey)
    respond_many(survey, question, [5] * 5, period=0)
    respond_many(survey, question, [1] * 4, period=1)
    page, csv, api = fetch(as_sponsor, survey)
    total = api["questions"][0]["total"]
    assert (total["status"], total["respondents"], total["mean"], total["as_of_week"]) == (
        "held",
        5,
        5.0,
        1,
    )
    assert "As of week 1" in page and "Total,Everyone,held,5,5.00" in csv


def test_a_lower_threshold_set_by_the_organisation_applies(survey, as_sponsor):
    AnonymitySettings.objects.create(pk=1, minimum=3, free_text_minimum=3)
    question = add_rating(survey)
    respond_many(survey, question, [2, 3, 4])
    page, _, api = fetch(as_sponsor, survey)
    assert api["minimum"] == 3 and api["questions"][0]["total"]["respondents"] == 3
    assert "fewer than 3 people" in page


def test_the_threshold_can_never_go_below_three():
    with pytest.raises(ValueError):
        Policy(minimum=2, free_text_minimum=10)
    with pytest.raises(ValidationError):
        AnonymitySettings(pk=1, minimum=2, free_text_minimum=10).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        AnonymitySettings.objects.create(pk=1, minimum=2, free_text_minimum=10)


def test_asking_for_an_unknown_breakdown_is_a_clear_400(survey, as_sponsor):
    response = as_sponsor.get(f"/api/v1/surveys/{survey.pk}/results", {"dimension": "shoe size"})
    assert response.status_code == 400
    assert "There is no breakdown by “shoe size”" in response.json()["detail"]
    page = as_sponsor.get(reverse("surveys:results", args=[survey.pk]), {"dimension": "shoe size"})
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    assert Survey.objects.filter(pk=survey.pk).exists()


def test_csv_quotes_text_a_spreadsheet_would_run_as_a_formula(survey, as_sponsor):
    question = add_choice(survey, ["=HYPERLINK(1)", "Fine"], text="=1+1 how was it?")
    for _ in range(5):
        respond(survey, {question: ["=HYPERLINK(1)"]}, groups={**EVERYONE_ALIKE, "site": "-Leeds"})
    _, csv, _ = fetch(as_sponsor, survey)
    assert "'=1+1 how was it?" in csv and "'-Leeds" in csv and "'=HYPERLINK(1): 5" in csv
    assert ",=" not in csv and ",-" not in csv

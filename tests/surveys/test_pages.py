"""The survey pages: answering, managing, schedules, thresholds and your own trend."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.surveys import services
from convene.surveys.models import OwnAnswer, Schedule, Survey
from tests.conftest import client_for
from tests.surveys.conftest import good_answers, stored


def _post_answers(survey, answers, **extra):
    data = {}
    for question_id, value in answers.items():
        data[f"q{question_id}"] = value
    return {**data, **extra}


def test_the_list_shows_what_is_waiting_and_explains_the_threshold(people, survey, as_member):
    page = as_member.get(reverse("surveys:survey_list"))
    assert page.status_code == 200
    assert survey.title in page.text
    assert "fewer than <strong>5</strong> people" in page.text


def test_a_member_answers_through_the_form(people, survey, as_member):
    url = reverse("surveys:survey_detail", args=[survey.pk])
    page = as_member.get(url)
    assert 'type="radio"' in page.text and "<legend" in page.text
    assert "1 (Not at all)" in page.text and "5 (Completely)" in page.text
    response = as_member.post(url, _post_answers(survey, good_answers(survey), keep_own_copy="on"))
    assert response.status_code == 302
    assert stored() == (1, 1, 4)
    assert OwnAnswer.objects.filter(person=people.member).count() == 1
    again = as_member.get(url)
    assert "you have answered this survey" in again.text
    assert '<form method="post" class="goal-form"' not in again.text


def test_a_bad_answer_shows_beside_its_question_and_stores_nothing(people, survey, as_member):
    answers = good_answers(survey)
    rating = survey.questions.get(position=1)
    answers[rating.pk] = "6"
    page = as_member.post(
        reverse("surveys:survey_detail", args=[survey.pk]), _post_answers(survey, answers)
    )
    assert page.status_code == 200
    assert "with a number from 1 to 5" in page.text
    assert stored() == (0, 0, 0)


def test_a_second_response_through_the_form_is_refused(people, survey, as_member):
    url = reverse("surveys:survey_detail", args=[survey.pk])
    as_member.post(url, _post_answers(survey, good_answers(survey)))
    as_member.post(url, _post_answers(survey, good_answers(survey)))
    assert stored() == (1, 1, 4)


def test_an_outsider_gets_404_for_a_survey_and_its_management(people, survey, as_outsider):
    for name in ("survey_detail", "survey_edit"):
        assert as_outsider.get(reverse(f"surveys:{name}", args=[survey.pk])).status_code == 404
    response = as_outsider.post(
        reverse("surveys:survey_detail", args=[survey.pk]),
        _post_answers(survey, good_answers(survey)),
    )
    assert response.status_code == 404
    assert stored() == (0, 0, 0)
    assert as_outsider.get(reverse("surveys:survey_manage")).status_code == 404


def test_a_member_cannot_manage(people, survey, as_member):
    assert as_member.get(reverse("surveys:survey_edit", args=[survey.pk])).status_code == 404
    assert as_member.post(reverse("surveys:survey_close", args=[survey.pk])).status_code == 404
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.OPEN


def test_a_convenor_drafts_edits_and_opens_a_survey_in_the_browser(people, as_convenor):
    response = as_convenor.post(
        reverse("surveys:survey_create"),
        {
            "title": "Gathering feedback",
            "community": people.open_community.pk,
            "audience": "members",
            "is_anonymous": "on",
        },
    )
    survey = Survey.objects.get(title="Gathering feedback")
    assert response.url == reverse("surveys:survey_edit", args=[survey.pk])
    add = reverse("surveys:question_add", args=[survey.pk])
    bad = as_convenor.post(add, {"kind": "single_choice", "text": "Format?", "options": "Only one"})
    assert "at least two options" in bad.text
    as_convenor.post(
        add, {"kind": "rating", "text": "How useful was it?", "scale": "5", "is_required": "on"}
    )
    as_convenor.post(add, {"kind": "free_text", "text": "Anything else?"})
    second = survey.questions.get(position=2)
    as_convenor.post(
        reverse("surveys:question_move", args=[survey.pk, second.pk]), {"direction": "up"}
    )
    assert survey.questions.get(position=1).text == "Anything else?"
    as_convenor.post(reverse("surveys:survey_open", args=[survey.pk]), {"closes_on": ""})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert survey.invitations.count() == 2
    editor = as_convenor.get(reverse("surveys:survey_edit", args=[survey.pk]))
    assert "0 of 2 asked have answered" in editor.text


def test_a_convenor_drafts_a_pulse_from_the_template(people, as_convenor):
    as_convenor.post(
        reverse("surveys:pulse_create"),
        {"instrument": "collective_efficacy", "community": people.open_community.pk},
    )
    assert Survey.objects.get().questions.count() == 4


def test_schedules_and_thresholds_are_for_administrators_only(people, as_convenor, as_admin):
    for name in ("schedule_list", "anonymity_settings"):
        assert as_convenor.get(reverse(f"surveys:{name}")).status_code == 404
        assert as_admin.get(reverse(f"surveys:{name}")).status_code == 200


def test_an_administrator_creates_and_pauses_a_schedule(people, as_admin):
    as_admin.post(
        reverse("surveys:schedule_list"),
        {
            "title": "Collective efficacy",
            "instrument": "collective_efficacy",
            "cadence": "six_monthly",
            "open_days": "21",
            "reminder_days": "7",
            "next_run_on": "2027-01-04",
            "is_active": "on",
        },
    )
    schedule = Schedule.objects.get()
    as_admin.post(
        reverse("surveys:schedule_edit", args=[schedule.pk]),
        {
            "title": "Collective efficacy",
            "instrument": "collective_efficacy",
            "cadence": "six_monthly",
            "open_days": "21",
            "reminder_days": "7",
            "next_run_on": "2027-01-04",
        },
    )
    schedule.refresh_from_db()
    assert not schedule.is_active


def test_a_threshold_below_three_gets_a_form_error(people, as_admin):
    page = as_admin.post(
        reverse("surveys:anonymity_settings"), {"minimum": "2", "free_text_minimum": "10"}
    )
    assert "may not be below 3" in page.text


def test_your_pulse_answers_show_only_your_own_copies(people, pulse):
    answers = {q.pk: 4 for q in pulse.questions.all()}
    services.respond(survey=pulse, actor=people.member, answers=answers, keep_own_copy=True)
    mine = client_for(people.member).get(reverse("surveys:own_trend"))
    assert (
        "<svg" in mine.text
        and "<caption>Leader self-efficacy: your ratings by dimension" in mine.text
    )
    assert "Leading change" in mine.text
    root = mine.text[mine.text.index("<svg") :].split(">", 1)[0]
    assert "viewBox" in root and "width=" not in root  # scales to fit a phone
    theirs = client_for(people.convenor).get(reverse("surveys:own_trend"))
    assert "Leading change" not in theirs.text and "Nothing here yet" in theirs.text


@pytest.mark.parametrize("count", [2, 30])
def test_the_survey_list_costs_the_same_queries_for_few_or_many(
    people, as_member, count, django_assert_num_queries
):
    for _ in range(count):
        draft = services.draft_pulse(
            actor=people.admin, instrument="self_efficacy", community=people.open_community
        )
        services.open_survey(actor=people.admin, survey=draft)
    with django_assert_num_queries(6):
        page = as_member.get(reverse("surveys:survey_list"))
    assert page.text.count("Leader self-efficacy") >= count


@pytest.mark.parametrize("count", [2, 30])
def test_the_management_list_costs_the_same_queries_for_few_or_many(
    people, as_admin, count, django_assert_num_queries
):
    for number in range(count):
        services.draft_survey(
            actor=people.admin, title=f"Survey {number}", community=people.open_community
        )
    with django_assert_num_queries(6):
        as_admin.get(reverse("surveys:survey_manage"))


def test_answering_stays_within_the_query_budget(people, pulse, django_assert_max_num_queries):
    client = client_for(people.member)
    url = reverse("surveys:survey_detail", args=[pulse.pk])
    answers = {question.pk: 3 for question in pulse.questions.all()}
    with django_assert_max_num_queries(25):
        client.get(url)
    with django_assert_max_num_queries(25):
        response = client.post(url, _post_answers(pulse, answers, keep_own_copy="on"))
    assert response.status_code == 302
    assert OwnAnswer.objects.filter(person=people.member).count() == 7


def test_someone_who_manages_but_was_not_asked_is_told_why_nothing_was_stored(
    people, survey, as_admin
):
    url = reverse("surveys:survey_detail", args=[survey.pk])
    page = as_admin.post(url, _post_answers(survey, good_answers(survey)))
    assert "This survey was not put to you." in page.text
    assert stored() == (0, 0, 0)


def test_private_copies_are_not_in_the_admin_site():
    from django.contrib import admin

    assert OwnAnswer not in admin.site._registry


def test_the_manage_link_shows_for_those_who_lead_a_community(people, as_member, as_convenor):
    manage = reverse("surveys:survey_manage")
    assert manage not in as_member.get(reverse("surveys:survey_list")).text
    assert manage in as_convenor.get(reverse("surveys:survey_list")).text

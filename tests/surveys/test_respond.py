"""Answering a survey: once, within its window, only when asked, and nothing stored on error."""

from __future__ import annotations

import datetime
import math

import pytest
from django.utils import timezone

from convene.audit.models import AuditEvent
from convene.surveys import services
from convene.surveys.models import ANSWER_TEXT_LIMIT, Answer, OwnAnswer, Response, Survey
from convene.surveys.services import SurveyError
from tests.factories import make_function, make_person, make_site, make_unit
from tests.surveys.conftest import custom_survey, good_answers, opened, stored


def _questions(survey: Survey):
    return list(survey.questions.order_by("position"))


def test_a_member_answers_and_the_answers_name_no_one(
    people, survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.respond(survey=survey, actor=people.member, answers=good_answers(survey))
    response = Response.objects.get(survey=survey)
    assert response.respondent is None
    rating, single, multiple, text = _questions(survey)
    answers = {answer.question_id: answer for answer in response.answers.all()}
    assert answers[rating.pk].rating == 4
    assert list(answers[single.pk].options.all()) == [single.options.first()]
    assert answers[multiple.pk].options.count() == 2
    assert answers[text.pk].text == "More time for peer coaching."
    assert survey.receipts.filter(person=people.member).exists()
    assert AuditEvent.objects.filter(action="survey.answered", actor=people.member).exists()


def test_a_survey_that_is_not_anonymous_records_the_respondent(people):
    named = opened(
        custom_survey(people.convenor, people.open_community, anonymous=False), people.convenor
    )
    services.respond(survey=named, actor=people.member, answers=good_answers(named))
    assert Response.objects.get(survey=named).respondent == people.member


def test_the_response_keeps_the_respondents_groups_and_snapshot(people, survey):
    people.member.org_unit = make_unit("Fleet", make_function("Operations"))
    people.member.site = make_site("Leeds")
    people.member.level = "middle"
    people.member.started_on = datetime.date.today() - datetime.timedelta(days=365 * 3)
    people.member.save()
    later = survey.opens_at + datetime.timedelta(days=15)
    services.respond(survey=survey, actor=people.member, answers=good_answers(survey), now=later)
    response = Response.objects.get(survey=survey)
    assert response.period == 2
    assert response.groups == {
        "function": "Operations",
        "level": "Middle manager",
        "site": "Leeds",
        "tenure": "2 to 5 years",
        "role": "Member",
    }


def test_unknown_groups_are_not_stated(people, survey):
    services.respond(survey=survey, actor=people.convenor, answers=good_answers(survey))
    groups = Response.objects.get(survey=survey).groups
    assert groups["function"] == groups["site"] == groups["tenure"] == "Not stated"
    assert groups["role"] == "Convenor"


def test_keeping_an_own_copy_keeps_only_the_ratings_under_the_members_name(people, survey):
    services.respond(
        survey=survey, actor=people.member, answers=good_answers(survey), keep_own_copy=True
    )
    copies = OwnAnswer.objects.filter(person=people.member)
    assert [(copy.question, copy.rating) for copy in copies] == [(_questions(survey)[0], 4)]


def test_no_own_copy_unless_asked(people, survey):
    services.respond(survey=survey, actor=people.member, answers=good_answers(survey))
    assert not OwnAnswer.objects.exists()


def test_optional_questions_may_be_left_blank(people, survey):
    answers = good_answers(survey)
    *_, multiple, text = _questions(survey)
    answers[multiple.pk], answers[text.pk] = [], "   "
    services.respond(survey=survey, actor=people.member, answers=answers)
    assert Answer.objects.count() == 2


def _bad(survey, position, value):
    answers = good_answers(survey)
    answers[_questions(survey)[position].pk] = value
    return answers


@pytest.mark.parametrize(
    ("position", "value", "message"),
    [
        (0, 0, "with a number from 1 to 5"),
        (0, 6, "with a number from 1 to 5"),
        (0, "abc", "with a number from 1 to 5"),
        (0, math.nan, "with a number from 1 to 5"),
        (0, 2.5, "with a number from 1 to 5"),
        (0, True, "with a number from 1 to 5"),
        (0, None, "it is required"),
        (0, "", "it is required"),
        (1, 999999, "has no such option"),
        (1, "abc", "has no such option"),
        (1, "TWO", "has no such option"),
        (1, [], "it is required"),
        (2, [999999], "has no such option"),
        (3, "x" * (ANSWER_TEXT_LIMIT + 1), f"within {ANSWER_TEXT_LIMIT} characters"),
        (3, "a\x00b", "null character"),
        (3, 42, "in words"),
    ],
)
def test_a_bad_answer_is_refused_with_a_clear_message_and_nothing_is_stored(
    people, survey, position, value, message
):
    if value == "TWO":
        options = _questions(survey)[1].options.all()
        value = [options[0].pk, options[1].pk]
        message = "Choose only one answer"
    with pytest.raises(SurveyError, match=message) as error:
        services.respond(survey=survey, actor=people.member, answers=_bad(survey, position, value))
    assert error.value.errors.keys() == {_questions(survey)[position].pk}
    assert stored() == (0, 0, 0)
    assert not OwnAnswer.objects.exists()


def test_the_rating_message_names_the_question(people, survey):
    with pytest.raises(SurveyError) as error:
        services.respond(survey=survey, actor=people.member, answers=_bad(survey, 0, 9))
    assert str(error.value) == "Answer “How confident are you in the…” with a number from 1 to 5."


def test_every_bad_answer_is_reported_at_once(people, survey):
    answers = _bad(survey, 0, 7)
    answers[_questions(survey)[1].pk] = None
    with pytest.raises(SurveyError) as error:
        services.respond(survey=survey, actor=people.member, answers=answers)
    assert len(error.value.errors) == 2
    assert stored() == (0, 0, 0)


def test_an_answer_to_a_question_of_another_survey_is_refused(people, survey, pulse):
    answers = good_answers(survey)
    answers[pulse.questions.first().pk] = 3
    with pytest.raises(SurveyError, match="has no question"):
        services.respond(survey=survey, actor=people.member, answers=answers)
    assert stored() == (0, 0, 0)


def test_a_second_response_is_refused(people, survey):
    services.respond(survey=survey, actor=people.member, answers=good_answers(survey))
    with pytest.raises(SurveyError, match="already answered"):
        services.respond(survey=survey, actor=people.member, answers=good_answers(survey))
    assert stored() == (1, 1, 4)


def test_someone_not_asked_cannot_answer(people, survey):
    with pytest.raises(SurveyError, match="not put to you"):
        services.respond(survey=survey, actor=people.outsider, answers=good_answers(survey))
    assert stored() == (0, 0, 0)


def test_a_closed_survey_takes_no_answers(people, survey):
    services.close_survey(actor=people.convenor, survey=survey)
    with pytest.raises(SurveyError, match="has closed"):
        services.respond(survey=survey, actor=people.member, answers=good_answers(survey))
    assert stored() == (0, 0, 0)


def test_a_survey_past_its_closing_time_takes_no_answers(people, survey):
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now())
    with pytest.raises(SurveyError, match="has closed"):
        services.respond(survey=survey, actor=people.member, answers=good_answers(survey))
    assert stored() == (0, 0, 0)


def test_a_survey_not_open_yet_takes_no_answers(people, survey):
    early = survey.opens_at - datetime.timedelta(hours=1)
    with pytest.raises(SurveyError, match="not open yet"):
        services.respond(
            survey=survey, actor=people.member, answers=good_answers(survey), now=early
        )
    assert stored() == (0, 0, 0)


def test_a_new_member_after_opening_was_not_asked(people, survey):
    newcomer = make_person("Nia Newcomer")
    with pytest.raises(SurveyError, match="not put to you"):
        services.respond(survey=survey, actor=newcomer, answers=good_answers(survey))

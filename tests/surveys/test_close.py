"""Closing a survey: anonymous responses are rewritten so nothing ties them to a receipt."""

from __future__ import annotations

import pytest

from convene.audit.models import AuditEvent
from convene.surveys import services
from convene.surveys.models import Answer, Response, Survey
from convene.surveys.services import SurveyError
from tests.factories import make_person
from tests.surveys.conftest import custom_survey, good_answers, opened


def _answer_all(survey, people_list):
    for person in people_list:
        services.respond(survey=survey, actor=person, answers=good_answers(survey))


@pytest.fixture
def crowd(people):
    extra = [make_person(f"Member {n}") for n in range(6)]
    for person in extra:
        people.open_community.memberships.create(user=person)
    return extra


def test_responses_and_answers_link_to_no_one():
    person_fields = {"respondent"}  # only for surveys that are not anonymous
    for model in (Response, Answer):
        links = {
            field.name
            for field in model._meta.get_fields()
            if field.is_relation
            and field.related_model is not None
            and field.related_model._meta.label == "people.User"
        }
        assert links <= (person_fields if model is Response else set())


def test_closing_rewrites_anonymous_responses_with_new_ids_and_the_same_answers(people, crowd):
    survey = opened(custom_survey(people.convenor, people.open_community), people.convenor)
    _answer_all(survey, crowd)
    before_ids = set(Response.objects.values_list("pk", flat=True))
    before_answers = sorted(Answer.objects.values_list("question_id", "rating", "text"))
    options_before = Answer.options.through.objects.count()
    services.close_survey(actor=people.convenor, survey=survey)
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.CLOSED
    assert not before_ids & set(Response.objects.values_list("pk", flat=True))
    assert sorted(Answer.objects.values_list("question_id", "rating", "text")) == before_answers
    assert Answer.options.through.objects.count() == options_before
    assert Response.objects.filter(respondent__isnull=False).count() == 0


def test_closing_twice_is_refused(people, survey):
    services.close_survey(actor=people.convenor, survey=survey)
    with pytest.raises(SurveyError, match="Only an open survey"):
        services.close_survey(actor=people.convenor, survey=survey)


def test_a_member_cannot_close_a_survey(people, survey):
    with pytest.raises(SurveyError):
        services.close_survey(actor=people.member, survey=survey)


def test_closing_shuffles_the_order_in_which_answers_are_stored(people, crowd):
    survey = opened(custom_survey(people.convenor, people.open_community), people.convenor)
    text = survey.questions.get(position=4)
    for number, person in enumerate([*crowd, people.member, people.convenor]):
        answers = {**good_answers(survey), text.pk: f"Answer {number}"}
        services.respond(survey=survey, actor=person, answers=answers)

    def stored_order():
        answers = Answer.objects.filter(question=text).order_by("pk")
        return list(answers.values_list("text", flat=True))

    before = stored_order()
    services.close_survey(actor=people.convenor, survey=survey)
    after = stored_order()
    assert sorted(after) == sorted(before)
    assert after != before  # 8 answers: the same order by chance is 1 in 40,320


def test_the_audit_trail_of_a_close_holds_no_count_of_responses(people, survey):
    services.respond(survey=survey, actor=people.member, answers=good_answers(survey))
    services.close_survey(actor=people.convenor, survey=survey)
    event = AuditEvent.objects.get(action="survey.closed")
    assert "responses" not in event.details

"""A survey keeps the thresholds in force when it opened, so no two releases can be compared
across a change of threshold to single out a small group."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from convene.surveys import services
from convene.surveys.models import AnonymitySettings, Survey
from tests.conftest import client_for
from tests.surveys.conftest import custom_survey, opened
from tests.surveys.test_results_builders import add_rating, make_survey, respond_many

pytestmark = pytest.mark.django_db


def _lower_thresholds_to_three(people):
    services.set_anonymity(actor=people.admin, minimum=3, free_text_minimum=3)


def test_opening_fixes_the_thresholds_of_the_day_and_later_changes_apply_to_later_surveys(people):
    first = opened(custom_survey(people.convenor, people.open_community), people.convenor)
    _lower_thresholds_to_three(people)
    second = opened(custom_survey(people.convenor, people.open_community), people.convenor)
    first.refresh_from_db()
    assert (first.minimum, first.free_text_minimum) == (5, 10)
    assert (second.minimum, second.free_text_minimum) == (3, 3)
    assert first.policy().minimum == 5 and second.policy().minimum == 3


def test_lowering_the_threshold_does_not_release_an_open_surveys_small_group(people):
    survey = make_survey(people.open_community)
    Survey.objects.filter(pk=survey.pk).update(minimum=5, free_text_minimum=10)
    question = add_rating(survey)
    respond_many(survey, question, [1, 2, 4, 5])
    _lower_thresholds_to_three(people)

    api = client_for(people.sponsor).get(f"/api/v1/surveys/{survey.pk}/results").json()
    assert api["questions"][0]["total"]["status"] == "hidden"
    assert api["minimum"] == 5


def test_a_survey_can_never_hold_thresholds_below_three(people):
    survey = make_survey(people.open_community)
    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(minimum=2, free_text_minimum=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(minimum=5, free_text_minimum=4)
    assert AnonymitySettings.policy().minimum == 5

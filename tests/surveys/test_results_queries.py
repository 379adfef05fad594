"""The results page, CSV and API cost the same number of queries however big the survey."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from convene.surveys.models import Answer, Response
from tests.conftest import client_for
from tests.surveys.test_results_builders import (
    EVERYONE_ALIKE,
    add_choice,
    add_free_text,
    add_rating,
    make_survey,
)

pytestmark = pytest.mark.django_db

SITES = ("Leeds", "York", "Hull")


def build(community, questions, responses):
    survey = make_survey(community)
    asked = [add_free_text(survey), add_choice(survey, ["Yes", "No"])]
    asked += [add_rating(survey, f"Item {n}") for n in range(questions - len(asked))]
    for n in range(responses):
        response = Response.objects.create(
            survey=survey, groups={**EVERYONE_ALIKE, "site": SITES[n % 3]}, period=0
        )
        for question in asked:
            if question.kind == "rating":
                Answer.objects.create(response=response, question=question, rating=1 + n % 5)
            elif question.kind == "free_text":
                Answer.objects.create(response=response, question=question, text=f"Note {n}")
            else:
                answer = Answer.objects.create(response=response, question=question)
                answer.options.set(question.options.all()[: n % 2 + 1])
    return survey


# Session and person, the survey, the viewer's roles and readable communities, the
# policy, the questions and their options, the response count, then on a cold cache
# the answers and their chosen options. The page adds the unread notifications.
@pytest.mark.parametrize(
    ("address", "queries"),
    [("surveys:results", 12), ("surveys:results_csv", 11), ("api", 11)],
)
@pytest.mark.parametrize(("questions", "responses"), [(2, 5), (20, 40)])
def test_results_cost_a_fixed_number_of_queries(
    people, django_assert_num_queries, address, queries, questions, responses
):
    client = client_for(people.sponsor)
    survey = build(people.open_community, questions, responses)
    url = (
        f"/api/v1/surveys/{survey.pk}/results"
        if address == "api"
        else reverse(address, args=[survey.pk])
    )
    cache.clear()
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(queries - 2):
        assert client.get(url).status_code == 200, "a warm cache skips reading the answers"

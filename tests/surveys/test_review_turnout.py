"""How many have answered is itself a figure: below the threshold, the editor does not say."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.surveys import services
from tests.conftest import client_for
from tests.factories import make_person
from tests.surveys.conftest import good_answers


def answer(survey, count):
    for n in range(count):
        person = make_person(f"Respondent {n}")
        survey.community.memberships.create(user=person)
        survey.invitations.create(person=person)
        services.respond(actor=person, survey=survey, answers=good_answers(survey))


def editor(people, survey):
    response = client_for(people.convenor).get(reverse("surveys:survey_edit", args=[survey.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_four_answers_are_not_counted_on_the_editor(people, survey):
    answer(survey, 4)

    page = editor(people, survey)

    assert "4 of" not in page
    assert "Some of the 6 asked have answered; the number shows once it reaches 5" in page


@pytest.mark.parametrize("count", [5, 6])
def test_enough_answers_are_counted_on_the_editor(people, survey, count):
    answer(survey, count)

    assert f"{count} of" in editor(people, survey)

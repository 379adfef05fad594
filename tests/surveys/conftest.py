"""Surveys ready to answer, built through the services as a person would."""

from __future__ import annotations

import pytest

from convene.communities.models import Community
from convene.people.models import User
from convene.surveys import services
from convene.surveys.models import Answer, Instrument, QuestionKind, Receipt, Response, Survey


def custom_survey(actor: User, community: Community, *, anonymous: bool = True) -> Survey:
    """A draft with one question of each kind: rating, single and multiple choice, text."""
    survey = services.draft_survey(
        actor=actor, title="How are we doing?", community=community, is_anonymous=anonymous
    )
    services.add_question(
        actor=actor,
        survey=survey,
        kind=QuestionKind.RATING,
        text="How confident are you in the community's plans?",
        low_label="Not at all",
        high_label="Completely",
    )
    services.add_question(
        actor=actor,
        survey=survey,
        kind=QuestionKind.SINGLE_CHOICE,
        text="Which format suits you best?",
        options=["Action learning", "Troika consulting", "Open space"],
    )
    services.add_question(
        actor=actor,
        survey=survey,
        kind=QuestionKind.MULTIPLE_CHOICE,
        text="Which gatherings did you attend?",
        options=["Spring", "Summer", "Autumn"],
        is_required=False,
    )
    services.add_question(
        actor=actor,
        survey=survey,
        kind=QuestionKind.FREE_TEXT,
        text="What should we change?",
        is_required=False,
    )
    return survey


def opened(survey: Survey, actor: User) -> Survey:
    return services.open_survey(actor=actor, survey=survey)


def good_answers(survey: Survey) -> dict[int, object]:
    rating, single, multiple, text = survey.questions.order_by("position")
    return {
        rating.pk: 4,
        single.pk: single.options.all()[0].pk,
        multiple.pk: [option.pk for option in multiple.options.all()[:2]],
        text.pk: "More time for peer coaching.",
    }


def stored() -> tuple[int, int, int]:
    return Receipt.objects.count(), Response.objects.count(), Answer.objects.count()


@pytest.fixture
def survey(people) -> Survey:
    return opened(custom_survey(people.convenor, people.open_community), people.convenor)


@pytest.fixture
def pulse(people) -> Survey:
    draft = services.draft_pulse(
        actor=people.admin, instrument=Instrument.SELF_EFFICACY, community=people.open_community
    )
    return opened(draft, people.admin)

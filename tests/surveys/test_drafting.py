"""Drafting surveys and pulses, editing their questions, opening them to their audience."""

from __future__ import annotations

import pytest

from convene.notifications.models import Notification
from convene.surveys import services
from convene.surveys.models import Audience, Instrument, QuestionKind, Survey
from convene.surveys.services import SurveyError
from convene.values.models import Value
from tests.factories import make_community, make_person
from tests.surveys.conftest import custom_survey


def _texts(survey: Survey) -> list[str]:
    return list(survey.questions.order_by("position").values_list("text", flat=True))


def test_a_convenor_drafts_a_survey_for_their_community(people):
    survey = custom_survey(people.convenor, people.open_community)
    assert survey.status == Survey.Status.DRAFT
    assert [q.kind for q in survey.questions.order_by("position")] == [
        QuestionKind.RATING,
        QuestionKind.SINGLE_CHOICE,
        QuestionKind.MULTIPLE_CHOICE,
        QuestionKind.FREE_TEXT,
    ]
    assert list(survey.questions.get(position=2).options.values_list("position", "text")) == [
        (1, "Action learning"),
        (2, "Troika consulting"),
        (3, "Open space"),
    ]


def test_a_member_cannot_draft_a_survey_for_the_community(people):
    with pytest.raises(SurveyError, match="Only an administrator or the community's convenors"):
        services.draft_survey(actor=people.member, title="Mine", community=people.open_community)


def test_a_convenor_asks_only_their_own_members(people):
    with pytest.raises(SurveyError, match="own community's members only"):
        services.draft_survey(
            actor=people.convenor,
            title="Executives",
            community=people.open_community,
            audience=Audience.EXECUTIVES,
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "slider"}, "Choose a kind of question"),
        ({"text": "   "}, "Give the question"),
        ({"text": "x" * 301}, "within 300 characters"),
        ({"kind": QuestionKind.RATING, "scale": 9}, "between 2 and 7"),
        ({"kind": QuestionKind.SINGLE_CHOICE, "options": ["Only one"]}, "at least two options"),
        ({"kind": QuestionKind.SINGLE_CHOICE, "options": ["Yes", "yes"]}, "must be different"),
        ({"text": "a\x00b"}, "null character"),
    ],
)
def test_a_bad_question_is_refused_and_nothing_added(people, changes, message):
    survey = services.draft_survey(
        actor=people.admin, title="Check", community=people.open_community
    )
    fields = {"kind": QuestionKind.FREE_TEXT, "text": "Anything else?", **changes}
    with pytest.raises(SurveyError, match=message):
        services.add_question(actor=people.admin, survey=survey, **fields)
    assert not survey.questions.exists()


def test_questions_are_edited_moved_and_removed_while_draft(people):
    survey = custom_survey(people.convenor, people.open_community)
    rating, single, _, text = survey.questions.order_by("position")
    services.edit_question(
        actor=people.convenor,
        question=single,
        kind=QuestionKind.SINGLE_CHOICE,
        text="Which format next?",
        options=["Triads", "Fishbowl"],
    )
    assert list(single.options.values_list("text", flat=True)) == ["Triads", "Fishbowl"]
    services.move_question(actor=people.convenor, question=text, offset=-1)
    assert _texts(survey)[2:] == ["What should we change?", "Which gatherings did you attend?"]
    services.remove_question(actor=people.convenor, question=rating)
    assert list(survey.questions.values_list("position", flat=True)) == [1, 2, 3]
    with pytest.raises(SurveyError, match="cannot move further"):
        services.move_question(actor=people.convenor, question=single, offset=-1)


def test_questions_cannot_change_once_open(people, survey):
    with pytest.raises(SurveyError, match="only while the survey is a draft"):
        services.add_question(
            actor=people.convenor, survey=survey, kind=QuestionKind.FREE_TEXT, text="Late?"
        )


def test_opening_asks_the_current_members_and_tells_them(people):
    survey = custom_survey(people.convenor, people.open_community)
    services.open_survey(actor=people.convenor, survey=survey)
    asked = set(survey.invitations.values_list("person", flat=True))
    assert asked == {people.member.pk, people.convenor.pk}
    told = Notification.objects.filter(url=f"/surveys/{survey.pk}/")
    assert set(told.values_list("recipient", flat=True)) == {people.member.pk}  # not the opener


def test_an_executive_pulse_asks_executives_and_the_sponsor(people):
    survey = services.draft_pulse(
        actor=people.admin,
        instrument=Instrument.EXECUTIVE_PERCEPTION,
        community=people.open_community,
    )
    services.open_survey(actor=people.admin, survey=survey)
    asked = set(survey.invitations.values_list("person", flat=True))
    assert asked == {people.sponsor.pk, people.executive.pk}


def test_a_survey_for_everyone_asks_every_active_person(people):
    make_person("Gone Away", is_active=False)
    survey = services.draft_survey(actor=people.admin, title="All", audience=Audience.EVERYONE)
    services.add_question(
        actor=people.admin, survey=survey, kind=QuestionKind.FREE_TEXT, text="Ideas?"
    )
    services.open_survey(actor=people.admin, survey=survey)
    assert survey.invitations.count() == 6


def test_an_empty_draft_cannot_open(people):
    survey = services.draft_survey(
        actor=people.admin, title="Empty", community=people.open_community
    )
    with pytest.raises(SurveyError, match="at least one question"):
        services.open_survey(actor=people.admin, survey=survey)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_the_built_in_pulses_have_their_items_and_dimensions(people):
    counts = {}
    for instrument in (
        Instrument.SELF_EFFICACY,
        Instrument.COLLECTIVE_EFFICACY,
        Instrument.EXECUTIVE_PERCEPTION,
    ):
        survey = services.draft_pulse(
            actor=people.admin, instrument=instrument, community=people.open_community
        )
        counts[instrument] = survey.questions.count()
        assert not survey.questions.filter(dimension="").exists()
    assert counts == {
        Instrument.SELF_EFFICACY: 7,
        Instrument.COLLECTIVE_EFFICACY: 4,
        Instrument.EXECUTIVE_PERCEPTION: 8,
    }


def test_the_values_pulse_asks_one_item_per_active_value(people):
    with pytest.raises(SurveyError, match="no values to ask about"):
        services.draft_pulse(
            actor=people.admin, instrument=Instrument.VALUES, community=people.open_community
        )
    Value.objects.create(name="Integrity")
    Value.objects.create(name="Curiosity")
    Value.objects.create(name="Retired", is_active=False)
    survey = services.draft_pulse(
        actor=people.admin, instrument=Instrument.VALUES, community=people.open_community
    )
    assert sorted(survey.questions.values_list("value__name", flat=True)) == [
        "Curiosity",
        "Integrity",
    ]


def test_a_convenor_cannot_draft_for_another_community(people):
    other = make_community("Elsewhere")
    with pytest.raises(SurveyError):
        services.draft_pulse(
            actor=people.convenor, instrument=Instrument.SELF_EFFICACY, community=other
        )

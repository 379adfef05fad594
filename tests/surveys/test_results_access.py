"""Who may see a survey's results, and how much of them."""

from __future__ import annotations

import pytest

from convene.surveys.models import Survey
from convene.surveys.results import Access, may_see_results, results_access
from tests.factories import make_person
from tests.surveys.test_results_builders import make_survey

pytestmark = pytest.mark.django_db


def test_outsider_may_not_see_a_community_survey(people):
    survey = make_survey(people.open_community, status=Survey.Status.CLOSED)
    assert results_access(people.outsider, survey) is Access.NONE
    assert not may_see_results(people.outsider, survey)


def test_member_sees_totals_only_once_the_survey_is_closed(people):
    survey = make_survey(people.open_community)
    assert results_access(people.member, survey) is Access.NONE
    survey.status = Survey.Status.CLOSED
    assert results_access(people.member, survey) is Access.TOTALS


@pytest.mark.parametrize("persona", ["convenor", "sponsor", "admin"])
def test_leaders_sponsor_and_admin_see_breakdowns_while_open(people, persona):
    survey = make_survey(people.private_community)
    assert results_access(getattr(people, persona), survey) is Access.BREAKDOWNS


def test_executive_sees_breakdowns_only_for_communities_they_may_read(people):
    assert results_access(people.executive, make_survey(people.open_community)) is Access.BREAKDOWNS
    assert results_access(people.executive, make_survey(people.private_community)) is Access.NONE


def test_nobody_sees_a_draft(people):
    survey = make_survey(people.open_community, status=Survey.Status.DRAFT)
    assert results_access(people.admin, survey) is Access.NONE


def test_organisation_survey_is_open_to_everyone_after_close(people):
    survey = make_survey(None)
    assert results_access(people.outsider, survey) is Access.NONE
    assert results_access(people.executive, survey) is Access.BREAKDOWNS
    survey.status = Survey.Status.CLOSED
    assert results_access(people.outsider, survey) is Access.TOTALS


def test_deactivated_person_sees_nothing(people):
    survey = make_survey(people.open_community, status=Survey.Status.CLOSED)
    gone = make_person("Gone Away", is_active=False, is_administrator=True)
    assert results_access(gone, survey) is Access.NONE

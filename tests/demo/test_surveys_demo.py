"""The demo's pulses: two waves, a small community under the threshold, people left to answer."""

from __future__ import annotations

import pytest

from convene.communities.models import Community
from convene.demo.surveys import build_surveys
from convene.people.models import User
from convene.surveys.models import AnonymitySettings, Instrument, OwnAnswer, Schedule, Survey
from tests.demo.seeding import demo_before


@pytest.fixture
def demo(db):
    built = demo_before(build_surveys)
    return built, build_surveys(built)


def _survey(instrument, community, status):
    return Survey.objects.get(instrument=instrument, community__name=community, status=status)


def _summary_and_schedules(demo):
    _, summary = demo
    assert summary.startswith("3 pulse schedules, ")
    assert Schedule.objects.filter(is_active=True).count() == 3
    assert AnonymitySettings.policy().minimum == 5


def _two_waves(demo):
    closed = Survey.objects.filter(status=Survey.Status.CLOSED)
    open_now = Survey.objects.filter(status=Survey.Status.OPEN)
    built, _ = demo
    communities = len(built.communities)
    assert closed.count() == open_now.count() == 2 * communities + 4
    assert closed.filter(instrument=Instrument.VALUES).count() == 2


def _threshold(demo):
    for survey in Survey.objects.filter(instrument=Instrument.SELF_EFFICACY):
        count = survey.responses.count()
        assert survey.community is not None
        if survey.community.name == "Courageous Conversations":
            assert count == 4
        else:
            assert count >= 5


def _left_to_answer(demo):
    sam = User.objects.get(email="member@northgate.example")
    harriet = User.objects.get(email="executive@northgate.example")
    mine = _survey(Instrument.SELF_EFFICACY, "Leading Through Change", "open")
    assert mine.invitations.filter(person=sam).exists()
    assert not mine.receipts.filter(person=sam).exists()
    view = _survey(Instrument.EXECUTIVE_PERCEPTION, "Leading Through Change", "open")
    assert view.invitations.filter(person=harriet).exists()
    assert not view.receipts.filter(person=harriet).exists()
    assert view.responses.count() >= 5
    closed_view = _survey(Instrument.EXECUTIVE_PERCEPTION, "Leading Through Change", "closed")
    assert closed_view.responses.count() >= 5


def _growth(demo):
    sam = User.objects.get(email="member@northgate.example")
    kept = OwnAnswer.objects.filter(person=sam, question__survey__status="closed")
    built, _ = demo
    his = Community.objects.filter(
        pk__in=[c.pk for c in built.communities.values()],
        memberships__user=sam,
        memberships__left_at__isnull=True,
    )
    kept_efficacy = kept.filter(question__survey__instrument=Instrument.SELF_EFFICACY)
    assert kept_efficacy.count() == 7 * his.count()
    means = {}
    for status in ("closed", "open"):
        ratings = Survey.objects.filter(
            instrument=Instrument.SELF_EFFICACY, status=status
        ).values_list("responses__answers__rating", flat=True)
        values = [rating for rating in ratings if rating]
        means[status] = sum(values) / len(values)
    assert means["open"] > means["closed"]


def test_the_demo_has_schedules_two_waves_and_a_small_community_under_the_threshold(demo):
    _summary_and_schedules(demo)
    _two_waves(demo)
    _threshold(demo)


def test_sam_and_harriet_can_try_answering_and_sams_trend_shows_growth(demo):
    _left_to_answer(demo)
    _growth(demo)

"""Simultaneous submissions of one knowledge check, and simultaneous first visits to a
lesson's discussion: constraints and a row lock keep one of each.

These need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

from functools import partial

import pytest

from convene.discussions.models import Post
from convene.learning import services
from convene.learning.content import read_curriculum
from convene.learning.models import CheckAttempt, Lesson
from convene.learning.services import LearningError, load_curriculum
from tests.communities.test_concurrency import at_once
from tests.conftest import on_postgres
from tests.factories import make_person
from tests.learning.conftest import FIXTURE
from tests.learning.test_knowledge_check import answers_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def lesson() -> Lesson:
    load_curriculum(read_curriculum(FIXTURE))
    return Lesson.objects.get(slug="domain")


def test_eight_simultaneous_submissions_of_one_check_record_one(lesson):
    person = make_person()
    submit = partial(
        services.submit_check, actor=person, lesson=lesson, answers=answers_for(lesson)
    )
    outcomes = at_once(*[submit] * 8)
    refusals = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(refusals) == 7, outcomes
    assert all(isinstance(error, LearningError) for error in refusals), refusals
    assert all("already answered" in str(error) for error in refusals)
    assert CheckAttempt.objects.filter(person=person, lesson=lesson).count() == 1


def test_simultaneous_first_visitors_to_a_discussion_start_one_post(lesson):
    people = [make_person() for _ in range(6)]
    calls = [partial(services.open_discussion, actor=person, lesson=lesson) for person in people]
    outcomes = at_once(*calls)
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    assert Post.objects.count() == 1
    assert {getattr(outcome, "pk", None) for outcome in outcomes} == {Post.objects.get().pk}

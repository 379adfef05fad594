"""Progress: starting and completing lessons, modules and the whole programme."""

from __future__ import annotations

import datetime

import time_machine

from convene.communities.models import Membership
from convene.learning import services
from convene.learning.models import LessonProgress
from convene.learning.progress import programme_completed_on, programme_for


def test_opening_a_lesson_starts_it_once_and_joins_the_programme_community(people, curriculum):
    lesson = curriculum["domain"]
    first = services.start_lesson(actor=people.member, lesson=lesson)
    again = services.start_lesson(actor=people.member, lesson=lesson)
    assert first.pk == again.pk and first.completed_at is None
    assert (
        Membership.objects.current()
        .filter(community__slug="introductory-programme", user=people.member)
        .exists()
    )


def test_completing_a_lesson_twice_keeps_the_first_date(people, curriculum):
    lesson = curriculum["domain"]
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        services.complete_lesson(actor=people.member, lesson=lesson)
    with time_machine.travel(datetime.datetime(2026, 3, 9, 9, tzinfo=datetime.UTC), tick=False):
        progress = services.complete_lesson(actor=people.member, lesson=lesson)
    assert progress.completed_at == datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    assert LessonProgress.objects.filter(person=people.member).count() == 1


def test_a_module_counts_as_complete_only_when_every_lesson_is(people, curriculum):
    services.complete_lesson(actor=people.member, lesson=curriculum["domain"])
    services.start_lesson(actor=people.member, lesson=curriculum["periphery"])
    first, second = programme_for(people.member).modules
    assert (first.completed, first.started, first.is_complete) == (1, True, False)
    assert (second.completed, second.started) == (0, False)
    assert [s.status for s in first.lessons] == ["completed", "started"]


def test_the_programme_is_complete_on_the_day_of_the_last_lesson(people, curriculum):
    days = iter([1, 5, 9])
    for slug in ["domain", "periphery", "plural"]:
        moment = datetime.datetime(2026, 4, next(days), 10, tzinfo=datetime.UTC)
        with time_machine.travel(moment, tick=False):
            assert programme_completed_on(people.member) is None
            services.complete_lesson(actor=people.member, lesson=curriculum[slug])
    expected = datetime.datetime(2026, 4, 9, 10, tzinfo=datetime.UTC)
    assert programme_completed_on(people.member) == expected
    assert programme_for(people.member).completed_at == expected
    assert programme_completed_on(people.convenor) is None


def test_with_no_lessons_no_one_has_completed_the_programme(people):
    assert programme_completed_on(people.member) is None
    assert not programme_for(people.member).is_complete

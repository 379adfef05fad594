"""The demo's programme: the curriculum, Sam part-way, a few finished; alike every run."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from convene.learning.models import CheckAttempt, Lesson, LessonProgress, Module
from convene.learning.progress import programme_completed_on, programme_for
from convene.people.models import User
from tests.demo.test_seed_demo import wipe


def seed() -> None:
    call_command("seed_demo", password="pw", verbosity=0)


def progress_facts() -> list[tuple[Any, ...]]:
    rows = LessonProgress.objects.order_by("person__email", "lesson__slug")
    attempts = CheckAttempt.objects.order_by("person__email", "lesson__slug")
    return [
        *rows.values_list("person__email", "lesson__slug", "started_at", "completed_at"),
        *attempts.values_list("person__email", "lesson__slug", "correct_count", "created_at"),
    ]


def test_the_demo_loads_the_curriculum_and_sam_is_part_way(db):
    seed()
    assert Module.objects.count() >= 3 and Lesson.objects.count() >= 9
    sam = User.objects.get(email="member@northgate.example")
    taken = programme_for(sam)
    assert taken.modules[0].is_complete and not taken.is_complete
    assert taken.modules[1].started
    assert CheckAttempt.objects.filter(person=sam).exists()
    grace = User.objects.get(email="convenor@northgate.example")
    assert programme_completed_on(grace) is not None
    finished = [p for p in User.objects.all() if programme_completed_on(p)]
    assert len(finished) >= 3
    assert programme_for(sam).next_lesson == taken.modules[1].lessons[0].lesson


def test_the_demo_progress_is_the_same_on_every_run(db):
    seed()
    first = progress_facts()
    wipe()
    seed()
    assert progress_facts() == first

"""The demo's introductory programme: the curriculum from the repository and people's progress.

Sam Okafor, the member persona, is part-way through: the first module done,
its checks answered, the next module begun. Grace Whitfield, the convenor
persona, and a few members of Leading Through Change have completed it, so
the profile mark, the sponsor's aggregate and the first stretch steps all
have something to show. Lesson discussions are left for the first visitor to
start. Every date is counted back from the demo's anchor.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings

from convene.communities.models import Membership
from convene.demo import data
from convene.demo.builders import Demo, days_before_anchor, moment
from convene.learning.content import read_curriculum
from convene.learning.models import CheckAttempt, Lesson, LessonProgress, Option
from convene.learning.services import load_curriculum, programme_community
from convene.people.models import User

MEMBER = "member@northgate.example"
CONVENOR = "convenor@northgate.example"
ADMIN = "admin@northgate.example"
FINISHERS_FROM = "Leading Through Change"
FINISHER_COUNT = 4
STARTERS = 6


def build_learning(demo: Demo) -> str:
    """Load the curriculum and give demo people realistic progress through it."""
    modules = read_curriculum(settings.BASE_DIR / "content" / "curriculum")
    load_curriculum(modules)
    lessons = list(Lesson.objects.in_programme_order().select_related("module"))
    rng = demo.rng("learning")
    cohort = programme_community()
    # The chief executive sponsors the programme, and so sees its progress in aggregate.
    cohort.sponsor = demo.person(data.CHIEF_EXECUTIVE_EMAIL)
    cohort.save(update_fields=["sponsor"])
    Membership.objects.create(
        community=cohort,
        user=demo.person(ADMIN),
        role=Membership.Role.CONVENOR,
        joined_at=moment(days_before_anchor(200), rng),
    )
    first_module = [lesson for lesson in lessons if lesson.module_id == lessons[0].module_id]
    sam = demo.person(MEMBER)
    take(
        sam, lessons, completed=len(first_module), started=len(first_module) + 1, start=60, rng=rng
    )
    finishers = [demo.person(CONVENOR), *others(demo, rng, FINISHER_COUNT, exclude={sam.pk})]
    for person in finishers:
        take(person, lessons, completed=len(lessons), started=len(lessons), start=150, rng=rng)
    taken = {sam.pk, *(person.pk for person in finishers)}
    starters = others(demo, rng, STARTERS, exclude=taken)
    for person in starters:
        done = rng.randint(1, max(1, len(lessons) // 2))
        take(person, lessons, completed=done, started=done + 1, start=90, rng=rng)
    return (
        f"introductory programme: {len(modules)} modules, {len(lessons)} lessons; "
        f"{len(finishers)} people completed it, {len(starters) + 1} part-way"
    )


def others(demo: Demo, rng: random.Random, count: int, *, exclude: set[int]) -> list[User]:
    """Members of Leading Through Change, chosen the same way every run."""
    community = demo.communities[FINISHERS_FROM]
    members = (
        Membership.objects.current()
        .filter(community=community, role=Membership.Role.MEMBER)
        .exclude(user_id__in=exclude)
        .select_related("user")
        .order_by("user__email")
    )
    return rng.sample([membership.user for membership in members], count)


def take(
    person: User,
    lessons: list[Lesson],
    *,
    completed: int,
    started: int,
    start: int,
    rng: random.Random,
) -> None:
    """Record `person` completing the first lessons and starting the next, a few days apart."""
    cohort = programme_community()
    day = start
    Membership.objects.get_or_create(
        community=cohort,
        user=person,
        left_at=None,
        defaults={"joined_at": moment(days_before_anchor(day), rng)},
    )
    for number, lesson in enumerate(lessons[: min(started, len(lessons))]):
        began = moment(days_before_anchor(day), rng)
        done = number < completed
        finished = began + datetime.timedelta(minutes=lesson.minutes + rng.randint(2, 20))
        LessonProgress.objects.create(
            person=person, lesson=lesson, started_at=began, completed_at=finished if done else None
        )
        if done and lesson.questions.exists():
            answer(person, lesson, finished, rng)
        day = max(day - rng.randint(1, 6), 1)


def answer(person: User, lesson: Lesson, when: datetime.datetime, rng: random.Random) -> None:
    """Answer the check, usually rightly: most people get most questions."""
    chosen = []
    for question in lesson.questions.prefetch_related("options"):
        options = list(question.options.all())
        right = next(option for option in options if option.is_correct)
        chosen.append(right if rng.random() < 0.8 else rng.choice(options))
    attempt = CheckAttempt.objects.create(
        person=person,
        lesson=lesson,
        correct_count=sum(option.is_correct for option in chosen),
        question_count=len(chosen),
        created_at=when,
    )
    attempt.chosen.set(Option.objects.filter(pk__in=[option.pk for option in chosen]))

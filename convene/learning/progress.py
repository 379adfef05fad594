"""Reading progress: a person's way through the programme, and a community's, in aggregate.

Each function costs a fixed number of queries, whatever the number of
lessons, learners or members. Aggregates count people and never name them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.urls import reverse

from convene.communities.models import Community, Membership
from convene.learning.models import PROGRAMME_COMMUNITY_SLUG, Lesson, LessonProgress, Module
from convene.people.models import User


@dataclass
class LessonState:
    lesson: Lesson
    started_at: datetime.datetime | None = None
    completed_at: datetime.datetime | None = None

    @property
    def status(self) -> str:
        if self.completed_at:
            return "completed"
        return "started" if self.started_at else "not started"


@dataclass
class ModuleState:
    module: Module
    lessons: list[LessonState]

    @property
    def minutes(self) -> int:
        return sum(state.lesson.minutes for state in self.lessons)

    @property
    def completed(self) -> int:
        return sum(1 for state in self.lessons if state.completed_at)

    @property
    def started(self) -> bool:
        return any(state.started_at for state in self.lessons)

    @property
    def is_complete(self) -> bool:
        return bool(self.lessons) and self.completed == len(self.lessons)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / len(self.lessons)) if self.lessons else 0


@dataclass
class Programme:
    """The whole programme as one person has taken it so far."""

    modules: list[ModuleState]

    @property
    def lesson_count(self) -> int:
        return sum(len(module.lessons) for module in self.modules)

    @property
    def completed(self) -> int:
        return sum(module.completed for module in self.modules)

    @property
    def minutes(self) -> int:
        return sum(module.minutes for module in self.modules)

    @property
    def is_complete(self) -> bool:
        return self.lesson_count > 0 and self.completed == self.lesson_count

    @property
    def completed_at(self) -> datetime.datetime | None:
        if not self.is_complete:
            return None
        return max(s.completed_at for m in self.modules for s in m.lessons if s.completed_at)

    @property
    def next_lesson(self) -> Lesson | None:
        """The first lesson not yet completed."""
        for module in self.modules:
            for state in module.lessons:
                if not state.completed_at:
                    return state.lesson
        return None


def programme_for(person: User) -> Programme:
    """Every module and lesson with the person's progress: two queries."""
    modules = Module.objects.prefetch_related(
        Prefetch("lessons", queryset=Lesson.objects.order_by("order", "slug"))
    )
    progress = {row.lesson_id: row for row in LessonProgress.objects.filter(person=person)}
    states = []
    for module in modules:
        lessons = []
        for lesson in module.lessons.all():
            lesson.module = module
            row = progress.get(lesson.pk)
            lessons.append(
                LessonState(
                    lesson,
                    row.started_at if row else None,
                    row.completed_at if row else None,
                )
            )
        states.append(ModuleState(module, lessons))
    return Programme(states)


def programme_completed_on(person: User) -> datetime.datetime | None:
    """When the person completed the last lesson of the programme, if they have: one query."""
    totals = Lesson.objects.aggregate(
        lessons=Count("id", distinct=True),
        done=Count(
            "progress",
            filter=Q(progress__person=person, progress__completed_at__isnull=False),
            distinct=True,
        ),
        last=Max("progress__completed_at", filter=Q(progress__person=person)),
    )
    if totals["lessons"] and totals["done"] == totals["lessons"]:
        return totals["last"]
    return None


def neighbours(lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    """The lessons before and after this one in the whole programme: one query."""
    lessons = list(
        Lesson.objects.in_programme_order()
        .select_related("module")
        .only("slug", "title", "module__slug", "module__order")
    )
    index = next(i for i, other in enumerate(lessons) if other.pk == lesson.pk)
    before = lessons[index - 1] if index > 0 else None
    after = lessons[index + 1] if index + 1 < len(lessons) else None
    return before, after


# -- A community's progress, in aggregate ---------------------------------------------


@dataclass
class ModuleCount:
    module: Module
    started: int
    completed: int
    members: int

    @property
    def started_percent(self) -> int:
        return round(100 * self.started / self.members) if self.members else 0

    @property
    def completed_percent(self) -> int:
        return round(100 * self.completed / self.members) if self.members else 0


@dataclass
class CommunityProgress:
    community: Community
    members: int
    modules: list[ModuleCount] = field(default_factory=list)
    programme_completed: int = 0

    @property
    def programme_percent(self) -> int:
        return round(100 * self.programme_completed / self.members) if self.members else 0


def community_progress(community: Community) -> CommunityProgress:
    """How many current members have started and completed each module: four queries."""
    members = Membership.objects.current().filter(community=community).values("user")
    member_count = members.count()
    modules = list(Module.objects.annotate(lesson_count=Count("lessons")).order_by("order", "slug"))
    rows = (
        LessonProgress.objects.filter(person__in=members)
        .values("person", "lesson__module")
        .annotate(started=Count("id"), completed=Count("id", filter=Q(completed_at__isnull=False)))
    )
    started: dict[int, int] = defaultdict(int)
    completed: dict[int, int] = defaultdict(int)
    completed_modules: dict[int, int] = defaultdict(int)
    lesson_counts = {module.pk: module.lesson_count for module in modules}
    for row in rows:
        module_id = row["lesson__module"]
        started[module_id] += 1
        if row["completed"] == lesson_counts[module_id]:
            completed[module_id] += 1
            completed_modules[row["person"]] += 1
    counts = [
        ModuleCount(module, started[module.pk], completed[module.pk], member_count)
        for module in modules
    ]
    finishers = sum(1 for n in completed_modules.values() if modules and n == len(modules))
    return CommunityProgress(community, member_count, counts, finishers)


# -- From learning to practice ------------------------------------------------------


@dataclass
class Suggestion:
    """A first stretch step a person could take in practice, with where to take it."""

    title: str
    text: str
    url: str
    action: str


GOAL_TITLE = "Put one idea from the introductory programme into practice"


def first_steps(person: User) -> list[Suggestion]:
    """Steps suited to the communities the person belongs to: one query."""
    communities = list(
        Community.objects.joined_by(person)
        .exclude(slug=PROGRAMME_COMMUNITY_SLUG)
        .annotate(
            is_led=Exists(
                Membership.objects.current().leaders().filter(community=OuterRef("pk"), user=person)
            )
        )
        .order_by("name")
    )
    steps = [
        Suggestion(
            "Set a stretch goal",
            "Choose one idea from the programme you will try at work, and check in on it monthly.",
            f"{reverse('goals:goal_list')}?{urlencode({'title': GOAL_TITLE})}#new-goal-heading",
            "Set a stretch goal",
        )
    ]
    led = [community for community in communities if community.is_led]
    if led:
        steps.append(
            Suggestion(
                "Form peer-coaching triads",
                f"Try a round of peer coaching in {led[0].name}: Convene forms diverse triads "
                "and you facilitate the first meeting.",
                f"{reverse('peergroups:round_create')}?community={led[0].slug}",
                f"Form triads in {led[0].name}",
            )
        )
    for community in communities[:2]:
        leads = community in led
        steps.append(
            Suggestion(
                f"{'Ask who will facilitate' if leads else 'Offer to facilitate'} in "
                f"{community.name}",
                "Invite members to facilitate a peer-coaching triad or a Troika Consulting round "
                "at the next gathering, and offer to go first."
                if leads
                else "Volunteer to facilitate a peer-coaching triad or a Troika Consulting round "
                "at the next gathering: say so in the community's conversation.",
                reverse("discussions:post_create", args=[community.slug]),
                f"Start a conversation in {community.name}",
            )
        )
    if not communities:
        steps.append(
            Suggestion(
                "Join a leadership community",
                "Practise what you learnt with others: find an open community to join.",
                reverse("communities:community_list"),
                "Browse communities",
            )
        )
    return steps

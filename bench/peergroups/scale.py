"""Time forming peer coaching triads from 10,000 people, end to end, as Convene does it.

Builds a synthetic organisation in a fresh SQLite database (or the database
that DATABASE_URL names, which must be empty), puts everyone in one
community, and forms two rounds through the same service the background task
calls: the first with line managers kept apart, the second also keeping apart
everyone grouped together in the first. Reports each phase's seconds and
checks the result: every group within its bounds, nobody kept apart placed
together, and how much more diverse the groups are than a random split.

    .venv/bin/python bench/peergroups/scale.py --people 10000 \
        --out bench/peergroups/results-<date>.md

The target is under 60 seconds per round on the reference machine (2 vCPUs).
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ("Finance", "Operations", "People", "Technology", "Sales", "Customer Service")
SITES = ("Leeds", "Bristol", "Glasgow", "Cardiff", "Norwich", "Belfast", "Hull", "Exeter")
WORDS = tuple(
    """lean safety coaching budgets customers data change logistics hiring retention
    unions procurement digital service quality compliance projects mentoring growth
    strategy risk audit payroll inclusion wellbeing training contracts suppliers
    marketing pricing forecasting agile estates fleet scheduling engineering
    recruitment negotiation facilitation storytelling resilience innovation""".split()  # noqa: SIM905
)


def main() -> None:
    options = _options()
    database = _database(options.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")
    os.environ["DATABASE_URL"] = database
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    timings = _Timings()
    logging.getLogger("convene.peergroups.services").addHandler(timings)
    logging.getLogger("convene.peergroups.services").setLevel(logging.INFO)
    community, convenor = _organisation(options.people, options.seed)
    rounds = [_form(community, convenor, avoid_recent=0, timings=timings)]
    _publish(rounds[0], convenor)
    rounds.append(_form(community, convenor, avoid_recent=1, timings=timings))
    report = _report(options, database, rounds)
    print(report)
    if options.out:
        Path(options.out).write_text(report)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", help="a DATABASE_URL; default: a new SQLite file")
    parser.add_argument("--out", help="write the Markdown report here too")
    return parser.parse_args()


def _database(given: str | None) -> str:
    if given:
        return given
    folder = tempfile.mkdtemp(prefix="convene-scale-")
    return f"sqlite:///{folder}/bench.sqlite3"


class _Timings(logging.Handler):
    """Keep the formation log lines, which carry each phase's seconds."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _organisation(count: int, seed: int) -> tuple[Any, Any]:
    from convene.communities.models import Community, Membership
    from convene.people.models import Expertise, Function, OrgUnit, Site, User

    rng = random.Random(seed)
    functions = [
        Function.objects.create(name=n, slug=n.lower().replace(" ", "-")) for n in FUNCTIONS
    ]
    units = [
        OrgUnit.objects.create(name=f"{f.name} unit {i}", function=f)
        for f in functions
        for i in range(5)
    ]
    sites = [Site.objects.create(name=n, slug=n.lower()) for n in SITES]
    expertise = [Expertise.objects.create(name=w.title(), slug=w) for w in WORDS[:30]]
    levels = [level for level in User.Level.values if level != "executive"]
    people = [
        User(
            email=f"person{i}@scale.example",
            handle=f"person-{i}",
            full_name=f"Person {i}",
            level=rng.choice(levels),
            org_unit=rng.choice(units),
            site=rng.choice(sites),
            started_on=datetime.date(2026, 1, 1) - datetime.timedelta(days=rng.randrange(30 * 365)),
            perspectives=" ".join(rng.sample(WORDS, rng.randint(4, 10))),
            password="!",
        )
        for i in range(count)
    ]
    User.objects.bulk_create(people, batch_size=2000)
    people = list(User.objects.order_by("pk"))
    managers = people[: max(1, count // 8)]
    for person in people[len(managers) :]:
        person.line_manager = rng.choice(managers)
    User.objects.bulk_update(people, ["line_manager"], batch_size=2000)
    links = [
        User.expertise.through(user_id=person.pk, expertise_id=tag.pk)
        for person in people
        for tag in rng.sample(expertise, rng.randint(1, 4))
    ]
    User.expertise.through.objects.bulk_create(links, batch_size=5000)
    community = Community.objects.create(name="Everyone", slug="everyone", purpose="All of us.")
    memberships = [Membership(community=community, user=person) for person in people]
    memberships[0].role = Membership.Role.CONVENOR
    Membership.objects.bulk_create(memberships, batch_size=5000)
    return community, people[0]


def _form(community: Any, convenor: Any, *, avoid_recent: int, timings: _Timings) -> Any:
    from convene.peergroups import services
    from convene.peergroups.models import Round

    started = time.perf_counter()
    round = services.start_round(
        actor=convenor,
        title=f"Triads avoiding {avoid_recent} earlier rounds",
        kind=Round.Kind.TRIAD,
        communities=[community],
        min_size=3,
        max_size=4,
        avoid_recent_rounds=avoid_recent,
    )
    services.form_round(str(round.pk))
    round.refresh_from_db()
    round.wall_seconds = time.perf_counter() - started
    round.log_line = timings.lines[-1] if timings.lines else ""
    return round


def _publish(round: Any, convenor: Any) -> None:
    from convene.peergroups.models import Round

    Round.objects.filter(pk=round.pk).update(
        status=Round.Status.PUBLISHED,
        published_at=datetime.datetime.now(datetime.UTC),
        published_by=convenor,
    )


def _check(round: Any, earlier: Any) -> dict[str, Any]:
    """Bounds, separations and diversity against a random split with the same sizes."""
    from django.utils import timezone

    from convene.peergroups.diversity import distance_matrix
    from convene.peergroups.models import GroupMember
    from convene.peergroups.profiles import profiles_of, with_profiles
    from convene.people.models import User

    places = list(GroupMember.objects.filter(round=round).values_list("user_id", "group__number"))
    group_of = dict(places)
    sizes = np.bincount([number for _, number in places])[1:]
    managers = User.objects.filter(pk__in=group_of).values_list("pk", "line_manager_id")
    together = sum(
        1 for pk, boss in managers if boss in group_of and group_of[boss] == group_of[pk]
    )
    people = list(with_profiles(User.objects.filter(pk__in=group_of)).order_by("pk"))
    profiles = profiles_of(people, timezone.localdate())
    matrix = distance_matrix([profiles[p.pk] for p in people], round.weights)
    labels = np.array([group_of[p.pk] for p in people])
    shuffled = np.random.default_rng(0).permutation(labels)
    return {
        "groups": len(sizes),
        "sizes": f"{sizes.min()}..{sizes.max()}",
        "managers_with_reports": together,
        "repeated_pairs": _repeated_pairs(round, earlier) if earlier else "-",
        "gain_over_random": _within(matrix, labels) / _within(matrix, shuffled) - 1,
    }


def _pairs(round: Any) -> set[tuple[int, int]]:
    from convene.peergroups.models import GroupMember

    groups: dict[int, list[int]] = {}
    for number, user in GroupMember.objects.filter(round=round).values_list(
        "group__number", "user"
    ):
        groups.setdefault(number, []).append(user)
    return {(a, b) for members in groups.values() for a in members for b in members if a < b}


def _repeated_pairs(round: Any, earlier: Any) -> int:
    """Pairs grouped together again, when the round was told to keep them apart."""
    return len(_pairs(round) & _pairs(earlier))


def _within(matrix: np.ndarray, labels: np.ndarray) -> float:
    total = 0.0
    for label in set(labels.tolist()):
        members = (labels == label).nonzero()[0]
        total += float(matrix[np.ix_(members, members)].sum()) / 2
    return total


def _report(options: argparse.Namespace, database: str, rounds: list[Any]) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        f"# Forming triads from {options.people:,} people",
        "",
        "- command: `python bench/peergroups/scale.py "
        f"--people {options.people} --seed {options.seed}`",
        f"- commit: {commit}; Python {platform.python_version()}; {os.cpu_count()} CPUs; "
        f"{platform.processor() or platform.machine()}",
        f"- database: {database.split(':')[0]}; load average at the end: "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        f"- written {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        "| round | status | wall seconds | phases (from the formation log) | groups | sizes | "
        "managers with reports | pairs repeated from round 1 | diversity over a random split |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for number, round in enumerate(rounds):
        earlier = rounds[0] if number else None
        check = _check(round, earlier) if round.status == "ready" else {}
        lines.append(
            f"| {round.title} | {round.status} | {round.wall_seconds:.1f} | {round.log_line} | "
            f"{check.get('groups', '-')} | {check.get('sizes', '-')} | "
            f"{check.get('managers_with_reports', '-')} | {check.get('repeated_pairs', '-')} | "
            + (f"+{check['gain_over_random']:.1%}" if check else "-")
            + " |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

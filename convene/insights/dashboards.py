"""Build the three dashboards: a member's journey, a community's health, and the payoffs.

Each builder returns a `Dashboard` of sections and tables (see figures.py) that
the pages, the API and the executive report all show. Every builder costs a
fixed number of queries however much activity there is: rows are fetched as
plain values and counted in Python.
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Count, F, Q
from django.utils import timezone

from convene.agenda.measures import compute as agenda_measures
from convene.agenda.models import Contribution, Issue, Response, Uptake
from convene.communities.models import Community, Membership
from convene.discussions.models import Comment, Post
from convene.elections.models import Term
from convene.gatherings.models import Attendance, Gathering, Intention
from convene.goals.models import StretchGoal
from convene.insights.figures import Cell, ChartKind, Dashboard, Section, share, table
from convene.insights.periods import Period, month_label
from convene.learning.models import LessonProgress, Module
from convene.peergroups.models import GroupMember
from convene.people.models import User
from convene.projects.models import Innovation, Project, ProjectRole
from convene.ripples.models import Capital, Level
from convene.ripples.summaries import ripple_counts
from convene.stories.models import Story
from convene.stories.summaries import value_matrix
from convene.surveys.models import AnonymitySettings, Instrument
from convene.surveys.results import OVERALL, Wave, pulse_trend
from convene.surveys.summaries import own_trend
from convene.values.summaries import value_counts

LISTED = 20
BREADTH_DAYS = 90
TREND_MONTHS = 6
DATE = "%-d %b %Y"


# A member's journey -----------------------------------------------------------------------------


def member_dashboard(person: User, today: datetime.date | None = None) -> Dashboard:
    """The person's own journey: for their eyes only."""
    today = today or timezone.localdate()
    year = Period(today - datetime.timedelta(days=364), today)
    return Dashboard(
        title="Your journey",
        scope="Only you see this page.",
        sections=[
            _communities_and_roles(person),
            _programme_progress(person),
            _own_activity(person, year),
            _gatherings_and_intentions(person),
            _own_projects(person),
            _own_contributions(person),
            _own_goals(person),
            _own_stories(person),
            _own_pulses(person),
        ],
    )


def _communities_and_roles(person: User) -> Section:
    spells = Membership.objects.filter(user=person).select_related("community")
    rows = [
        (
            spell.community.name,
            [
                spell.get_role_display(),
                f"{spell.joined_at:{DATE}}",
                f"{spell.left_at:{DATE}}" if spell.left_at else "now",
            ],
        )
        for spell in spells.order_by("joined_at", "id")
    ]
    current = sum(1 for spell in spells if spell.left_at is None)
    return Section(
        "communities",
        "Communities and roles",
        f"You belong to {current} communit{'y' if current == 1 else 'ies'} now.",
        (
            table(
                "your-roles",
                "Your communities and roles over time",
                "Community",
                ["Role", "From", "Until"],
                rows,
                empty="You have not joined a community yet.",
            ),
        ),
    )


def _programme_progress(person: User) -> Section:
    modules = Module.objects.annotate(lessons_count=Count("lessons")).order_by("order", "slug")
    done = Counter(
        LessonProgress.objects.filter(person=person, completed_at__isnull=False).values_list(
            "lesson__module_id", flat=True
        )
    )
    rows = [
        (module.title, [done[module.pk], module.lessons_count - done[module.pk]])
        for module in modules
    ]
    completed, total = sum(done.values()), sum(m.lessons_count for m in modules)
    return Section(
        "programme",
        "Introductory programme",
        f"You have completed {completed} of {total} lessons.",
        (
            table(
                "your-programme",
                "Lessons completed in each module",
                "Module",
                ["Completed", "Still to do"],
                rows,
                chart=ChartKind.STACKED,
                value_label="Lessons",
                empty="The programme has no lessons yet.",
            ),
        ),
    )


def _own_activity(person: User, period: Period) -> Section:
    since = {"created_at__gte": period.starts_at}
    sources = {
        "Posts": Post.objects.filter(author=person, deleted_at__isnull=True, **since),
        "Comments": Comment.objects.filter(author=person, deleted_at__isnull=True, **since),
        "Gatherings attended": Attendance.objects.filter(
            user=person, gathering__starts_at__gte=period.starts_at
        ).annotate(created_at=F("gathering__starts_at")),
    }
    counts = {
        name: Counter(_month(at) for at in rows.values_list("created_at", flat=True))
        for name, rows in sources.items()
    }
    rows = [(month_label(m), [counts[name][m] for name in sources]) for m in period.months()]
    return Section(
        "activity",
        "What you have done, month by month",
        "Your posts, comments and gatherings attended over the last twelve months.",
        (
            table(
                "your-activity",
                "Your posts, comments and gatherings attended each month",
                "Month",
                list(sources),
                rows,
                chart=ChartKind.STACKED,
                value_label="Count",
            ),
        ),
    )


def _gatherings_and_intentions(person: User) -> Section:
    attended = Attendance.objects.filter(user=person).count()
    intentions = (
        Intention.objects.filter(user=person)
        .select_related("gathering")
        .order_by("-created_at")[:LISTED]
    )
    rows = [
        (
            intention.gathering.title,
            [intention.text, f"{intention.follow_up_on:{DATE}}", intention.outcome or "not yet"],
        )
        for intention in intentions
    ]
    return Section(
        "gatherings",
        "Gatherings and what you said you would apply",
        f"You have attended {attended} gathering{'' if attended == 1 else 's'}.",
        (
            table(
                "your-intentions",
                f"What you said you would apply (the latest {LISTED})",
                "Gathering",
                ["What you will apply", "Follow up on", "What happened"],
                rows,
                empty="You have not written down what you will apply from a gathering yet.",
            ),
        ),
    )


def _own_projects(person: User) -> Section:
    roles = (
        ProjectRole.objects.filter(person=person)
        .select_related("project")
        .order_by("-project__created_at")[:LISTED]
    )
    rows = [
        (
            role.project.title,
            [role.name, "yes" if role.is_lead else "no", role.project.get_status_display()],
        )
        for role in roles
    ]
    return Section(
        "projects",
        "Projects and your roles in them",
        "The projects whose teams you are on.",
        (
            table(
                "your-projects",
                f"Your project roles (the latest {LISTED})",
                "Project",
                ["Role", "Lead", "Status"],
                rows,
                empty="You are not on a project team yet.",
            ),
        ),
    )


def _own_contributions(person: User) -> Section:
    contributions = (
        Contribution.objects.filter(Q(lead=person) | Q(contributors=person))
        .distinct()
        .select_related("issue")
        .order_by("-created_at")[:LISTED]
    )
    rows = [(c.title, [c.issue.title, c.get_status_display()]) for c in contributions]
    return Section(
        "contributions",
        "Contributions to organisational issues",
        "Contributions you led or worked on.",
        (
            table(
                "your-contributions",
                f"Your contributions (the latest {LISTED})",
                "Contribution",
                ["Issue", "Status"],
                rows,
                empty="You have not contributed to an organisational issue yet.",
            ),
        ),
    )


def _own_goals(person: User) -> Section:
    counts = dict(
        StretchGoal.objects.filter(owner=person)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    rows = [(status.label, [counts.get(status.value, 0)]) for status in StretchGoal.Status]
    return Section(
        "goals",
        "Stretch goals",
        "Your stretch goals by where they stand.",
        (
            table(
                "your-goals",
                "Your stretch goals by status",
                "Status",
                ["Goals"],
                rows,
                chart=ChartKind.BAR,
                value_label="Goals",
            ),
        ),
    )


def _own_stories(person: User) -> Section:
    stories = (
        Story.objects.filter(author=person)
        .select_related("community")
        .annotate(step_count=Count("steps"))
        .order_by("-updated_at")[:LISTED]
    )
    rows: list[tuple[str, list[Cell]]] = [
        (
            story.title,
            [
                story.community.name if story.community else "outside a community",
                story.step_count,
                "finished" if story.is_finished else "still unfolding",
            ],
        )
        for story in stories
    ]
    return Section(
        "stories",
        "Your value-creation stories",
        "Stories you have told of what taking part led to, step by step.",
        (
            table(
                "your-stories",
                f"Your stories (the latest {LISTED})",
                "Story",
                ["Community", "Steps", "State"],
                rows,
                empty="You have not told a value-creation story yet.",
            ),
        ),
    )


def _own_pulses(person: User) -> Section:
    tables = tuple(
        table(
            f"your-pulse-{trend.instrument}",
            f"Your own ratings: {trend.label}",
            "Survey date",
            [d.dimension for d in trend.dimensions],
            [
                (f"{on:{DATE}}", [row[i] for _, row in trend.rows])
                for i, on in enumerate(trend.dates)
            ],
            chart=ChartKind.LINE,
            value_label="Your average rating",
        )
        for trend in own_trend(person)
    )
    return Section(
        "pulse",
        "Your own pulse trend",
        "Your own answers to the pulses, from the copies you chose to keep. Only you see them; "
        "they never feed anyone else's figures."
        if tables
        else "When you answer a pulse and keep a private copy, your own trend appears here.",
        tables,
    )


# A community's health ---------------------------------------------------------------------------


def community_health(community: Community, today: datetime.date | None = None) -> Dashboard:
    """Breadth of participation, self-organisation and rotation in one community.

    Its pulses come separately (pulse_section), one instrument a request, since each
    instrument's released figures cost several queries of their own.
    """
    today = today or timezone.localdate()
    year = Period(today - datetime.timedelta(days=364), today)
    return Dashboard(
        title=f"Community health: {community.name}",
        scope=f"{community.name}, up to {today:{DATE}}.",
        sections=[
            _breadth(community, today),
            _self_organisation(community, year),
            _rotation(community, year),
        ],
    )


def _breadth(community: Community, today: datetime.date) -> Section:
    members = set(
        Membership.objects.current().filter(community=community).values_list("user_id", flat=True)
    )
    trend = Period(_months_back(today, TREND_MONTHS - 1), today)
    activity = _participation(community, trend)
    recent = Period(today - datetime.timedelta(days=BREADTH_DAYS - 1), today)
    rows = []
    for kind, events in activity.items():
        people = {user for user, at in events if recent.starts_at <= at} & members
        rows.append((kind, [len(people), share(len(people), len(members))]))
    anyone = {user for events in activity.values() for user, at in events if recent.starts_at <= at}
    rows.append(
        ("Any of these", [len(anyone & members), share(len(anyone & members), len(members))])
    )
    by_month: defaultdict[datetime.date, set[int]] = defaultdict(set)
    for user, at in itertools.chain.from_iterable(activity.values()):
        if user in members:
            by_month[_month(at)].add(user)
    monthly = [
        (month_label(m), [len(by_month[m]), share(len(by_month[m]), len(members))])
        for m in trend.months()
    ]
    return Section(
        "breadth",
        "Breadth of participation",
        f"Of {len(members)} current members, the share who took part in each way "
        f"in the last {BREADTH_DAYS} days, and month by month.",
        (
            table(
                "breadth",
                f"Members who took part in the last {BREADTH_DAYS} days",
                "Way of taking part",
                ["Members", "Share of members (%)"],
                rows,
                chart=ChartKind.BAR,
                value_label="Members",
            ),
            table(
                "breadth-trend",
                "Members who took part in any way, by month",
                "Month",
                ["Members", "Share of members (%)"],
                monthly,
                chart=ChartKind.LINE,
                value_label="Members",
            ),
        ),
    )


def _participation(
    community: Community, period: Period
) -> dict[str, list[tuple[int, datetime.datetime]]]:
    """Who did what when in the community during the period: five queries."""
    since = period.starts_at
    contributions = Contribution.objects.filter(community=community, created_at__gte=since)
    return {
        "Posted": list(
            Post.objects.filter(
                community=community, deleted_at__isnull=True, created_at__gte=since
            ).values_list("author_id", "created_at")
        ),
        "Commented": list(
            Comment.objects.filter(
                post__community=community, deleted_at__isnull=True, created_at__gte=since
            ).values_list("author_id", "created_at")
        ),
        "Attended a gathering": list(
            Attendance.objects.filter(
                gathering__community=community, gathering__starts_at__gte=since
            ).values_list("user_id", "gathering__starts_at")
        ),
        "Joined a project": list(
            ProjectRole.objects.filter(
                project__community=community, person__isnull=False, created_at__gte=since
            ).values_list("person_id", "created_at")
        ),
        "Contributed to an organisational issue": [
            *contributions.values_list("lead_id", "created_at"),
            *contributions.filter(contributors__isnull=False).values_list(
                "contributors", "created_at"
            ),
        ],
    }


def _self_organisation(community: Community, period: Period) -> Section:
    spells = list(
        Membership.objects.filter(community=community, role=Membership.Role.CONVENOR).values_list(
            "user_id", "joined_at", "left_at"
        )
    )
    since = period.starts_at
    started = {
        "Gatherings": Gathering.objects.filter(community=community, created_at__gte=since)
        .exclude(status=Gathering.Status.CANCELLED)
        .values_list("created_by_id", "created_at"),
        "Projects": Project.objects.filter(community=community, created_at__gte=since)
        .exclude(status=Project.Status.DRAFT)
        .values_list("created_by_id", "created_at"),
        "Contributions": Contribution.objects.filter(
            community=community, created_at__gte=since
        ).values_list("lead_id", "created_at"),
    }
    rows = []
    for kind, rows_of_kind in started.items():
        items = list(rows_of_kind)
        by_others = sum(1 for user, at in items if not _was_convenor(spells, user, at))
        rows.append((kind, [share(by_others, len(items)), by_others, len(items)]))
    return Section(
        "self-organisation",
        "Self-organisation",
        "The share of gatherings, projects and contributions in the last twelve months "
        "started by members other than the convenor of the day.",
        (
            table(
                "self-organisation",
                "Started by members other than the convenor",
                "Kind",
                ["Share (%)", "Started by others", "In all"],
                rows,
                chart=ChartKind.BAR,
                value_label="Share started by others (%)",
            ),
        ),
    )


def _rotation(community: Community, period: Period) -> Section:
    facilitators = list(
        Gathering.objects.filter(
            community=community,
            starts_at__gte=period.starts_at,
            starts_at__lt=period.ends_before,
            facilitator__isnull=False,
        )
        .exclude(status=Gathering.Status.CANCELLED)
        .values_list("facilitator_id", flat=True)
    )
    distinct = len(set(facilitators))
    terms = list(
        Term.objects.filter(community=community).select_related("person").order_by("starts_on")
    )
    holders = len({term.person_id for term in terms})
    ratio = round(distinct / len(facilitators), 2) if facilitators else None
    return Section(
        "rotation",
        "Facilitator and convenor rotation",
        f"{distinct} people facilitated {len(facilitators)} gatherings in the last twelve "
        f"months; {holders} people have held {len(terms)} convenor terms.",
        (
            table(
                "facilitators",
                "Facilitator rotation in the last twelve months",
                "Measure",
                ["Value"],
                [
                    ("Gatherings with a facilitator", [len(facilitators)]),
                    ("Distinct facilitators", [distinct]),
                    ("Distinct facilitators per gathering", [ratio]),
                ],
            ),
            table(
                "terms",
                "Convenor terms",
                "Convenor",
                ["From", "To", "How"],
                [
                    (
                        str(term.person),
                        [
                            f"{term.starts_on:{DATE}}",
                            f"{term.ends_on:{DATE}}",
                            term.get_how_display(),
                        ],
                    )
                    for term in terms
                ],
                empty="No convenor terms are recorded yet.",
            ),
        ),
    )


# The payoffs ------------------------------------------------------------------------------------


def payoffs(viewer: User, communities: Sequence[Community], period: Period) -> Dashboard:
    """The payoffs of the chosen communities over the period, as the viewer may see them.

    The caller passes only communities the viewer may see payoffs for
    (access.payoff_communities).
    """
    names = ", ".join(c.name for c in communities) or "no communities"
    return Dashboard(
        title="Payoffs",
        scope=f"{names}; {period}.",
        sections=[
            _value_creation(viewer, communities, period),
            _innovations(communities, period),
            _ripples(viewer, communities, period),
            _talent(communities, period),
            _difficult_issues(communities, period),
            _values_in_action(viewer, communities, period),
            _executive_responses(viewer, communities),
        ],
    )


def _value_creation(viewer: User, communities: Sequence[Community], period: Period) -> Section:
    matrix = value_matrix(viewer, communities, period.since, period.until)
    cycles = [label for _, label in matrix.cycles]
    counts = [
        (label, [row.cells[i].steps for row in matrix.rows]) for i, label in enumerate(cycles)
    ]
    exemplars = [
        (f"{row.community.name}: {cycles[i]}", [cell.exemplar.title, cell.exemplar.byline])
        for row in matrix.rows
        for i, cell in enumerate(row.cells)
        if cell.exemplar is not None
    ]
    return Section(
        "value-creation",
        "Value creation",
        f"{sum(row.total for row in matrix.rows)} steps of value-creation stories, by cycle "
        "and community, after Wenger, Trayner and de Laat (2011), with one story told "
        "in each cell as an example. Only stories whose authors agreed to their use count.",
        (
            table(
                "value-matrix",
                "Story steps by value-creation cycle and community",
                "Cycle",
                [row.community.name for row in matrix.rows],
                counts,
                chart=ChartKind.MATRIX,
            ),
            table(
                "exemplars",
                "An example story for each cell",
                "Community and cycle",
                ["Story", "Told by"],
                exemplars,
                empty="No story agreed for use in reports yet.",
            ),
        ),
    )


PULSES: dict[str, str] = {
    Instrument.SELF_EFFICACY: "Leader self-efficacy",
    Instrument.COLLECTIVE_EFFICACY: "Collective efficacy",
    Instrument.EXECUTIVE_PERCEPTION: "Executives' perception",
}


def pulse_section(
    viewer: User, instrument: str, communities: Sequence[Community], period: Period | None
) -> Section:
    """A pulse's released means by wave, pooled across the communities; hidden ones say why.

    Only figures the surveys app releases to the viewer appear (convene.surveys.results).
    """
    minimum = AnonymitySettings.policy().minimum
    trend = pulse_trend(viewer, instrument, communities)
    waves = [w for w in trend.pooled if period is None or _opened_within(w, period)]
    rows = [
        (wave.label, [_mean(wave, d, minimum) for d in (OVERALL, *trend.dimensions)])
        for wave in waves
    ]
    hidden = any(isinstance(v, str) for _, values in rows for v in values)
    name = PULSES[instrument]
    return Section(
        f"pulse-{instrument}",
        f"{name} pulse",
        f"The average rating on the {name.lower()} pulse for each month a survey opened, "
        "pooled across the communities, from released figures only.",
        (
            table(
                f"pulse-{instrument}",
                f"Average rating on the {name.lower()} pulse, by month the survey opened",
                "Survey month",
                ["All items", *trend.dimensions],
                rows,
                chart=ChartKind.LINE,
                value_label="Average rating",
                empty=f"No {name.lower()} pulse results you may see for this period.",
            ),
        ),
        (hidden_message(minimum),) if hidden else (),
    )


def hidden_message(minimum: int) -> str:
    return (
        f'A figure shown as "fewer than {minimum} responses" is hidden so that no one '
        "can be recognised from it."
    )


def _mean(wave: Wave, dimension: str, minimum: int) -> Cell:
    figure = wave.figure(dimension)
    if figure.status == "hidden" or figure.mean is None:
        return f"fewer than {minimum} responses"
    return round(figure.mean, 2)


def _opened_within(wave: Wave, period: Period) -> bool:
    return wave.opened_on is not None and period.since <= wave.opened_on <= period.until


def _ripples(viewer: User, communities: Sequence[Community], period: Period) -> Section:
    counts = ripple_counts(viewer, communities, period.since, period.until)
    return Section(
        "ripples",
        "Ripple effects",
        f"{counts.total} effects placed on ripple maps ({counts.positive} positive, "
        f"{counts.negative} negative), by how far out they reached and by community capital.",
        (
            table(
                "ripple-levels",
                "Ripple effects by level",
                "Level",
                ["Effects"],
                [(Level(level).label, [n]) for level, n in counts.by_level.items()],
                chart=ChartKind.BAR,
                value_label="Effects",
            ),
            table(
                "ripple-capitals",
                "Ripple effects by community capital (an effect may build several)",
                "Capital",
                ["Effects"],
                [(Capital(code).label, [n]) for code, n in counts.by_capital.items()],
                chart=ChartKind.BAR,
                value_label="Effects",
            ),
        ),
    )


def _values_in_action(viewer: User, communities: Sequence[Community], period: Period) -> Section:
    counts = value_counts(viewer, communities, period.since)
    return Section(
        "values",
        "Values in action",
        f"Stories of people living the organisation's values since {period.since:{DATE}}, "
        "and how many of them happened beyond a community.",
        (
            table(
                "values",
                "Values-in-action stories by value",
                "Value",
                ["Stories", "Beyond a community"],
                [(count.value.name, [count.total, count.beyond]) for count in counts],
                chart=ChartKind.BAR,
                value_label="Stories",
                empty="The organisation has not set its values yet.",
            ),
        ),
    )


def _innovations(communities: Sequence[Community], period: Period) -> Section:
    counts = dict(
        Innovation.objects.filter(
            project__community__in=communities,
            created_at__gte=period.starts_at,
            created_at__lt=period.ends_before,
        )
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    rows = [(status.label, [counts.get(status.value, 0)]) for status in Innovation.Status]
    return Section(
        "innovations",
        "Innovations",
        f"{sum(counts.values())} new solutions entered in the innovation register, "
        "by how far the organisation has taken them up.",
        (
            table(
                "innovations",
                "Innovation register entries by adoption status",
                "Status",
                ["Entries"],
                rows,
                chart=ChartKind.BAR,
                value_label="Entries",
            ),
        ),
    )


def _talent(communities: Sequence[Community], period: Period) -> Section:
    projects = Project.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=period.starts_at),
        community__in=communities,
        status__in=Project.WORKING,
        created_at__lt=period.ends_before,
    )
    team = list(
        ProjectRole.objects.filter(project__in=projects, person__isnull=False).values_list(
            "project_id", "person_id", "person__org_unit__function_id", "is_lead"
        )
    )
    facilitators = (
        Gathering.objects.filter(
            community__in=communities,
            starts_at__gte=period.starts_at,
            starts_at__lt=period.ends_before,
            facilitator__isnull=False,
        )
        .exclude(status=Gathering.Status.CANCELLED)
        .values("facilitator_id")
        .distinct()
        .count()
    )
    contributions = Contribution.objects.filter(
        community__in=communities,
        created_at__gte=period.starts_at,
        created_at__lt=period.ends_before,
    )
    contributors = (
        User.objects.filter(
            Q(led_contributions__in=contributions) | Q(contributions__in=contributions)
        )
        .distinct()
        .count()
    )
    groups = GroupMember.objects.filter(
        round__communities__in=communities,
        round__published_at__gte=period.starts_at,
        round__published_at__lt=period.ends_before,
    ).values_list("group_id", "user_id", "user__org_unit__function_id")
    teams = [(f"project {p}", person, fn) for p, person, fn, _ in team]
    ties = cross_function_ties(teams + [(f"group {g}", u, fn) for g, u, fn in groups.distinct()])
    leads = len({person for _, person, _, is_lead in team if is_lead})
    rows = [
        ("Members leading projects", [leads]),
        ("Members facilitating gatherings", [facilitators]),
        ("Members contributing to organisational issues", [contributors]),
        ("Cross-function ties", [ties]),
    ]
    return Section(
        "talent",
        "Use of talent",
        "Distinct people taking on leading roles, and pairs of people from different "
        "functions working together in a project team or a peer group.",
        (
            table(
                "talent",
                "Use of talent in the period",
                "Measure",
                ["People or pairs"],
                rows,
                chart=ChartKind.BAR,
                value_label="People or pairs",
            ),
        ),
    )


def cross_function_ties(placements: Iterable[tuple[str, int, int | None]]) -> int:
    """Count distinct pairs of people from different functions who share a team or group."""
    teams: defaultdict[str, dict[int, int]] = defaultdict(dict)
    for team, person, function in placements:
        if function is not None:
            teams[team][person] = function
    pairs = {
        (min(a, b), max(a, b))
        for members in teams.values()
        for (a, fa), (b, fb) in itertools.combinations(members.items(), 2)
        if fa != fb
    }
    return len(pairs)


def _difficult_issues(communities: Sequence[Community], period: Period) -> Section:
    within = {"created_at__gte": period.starts_at, "created_at__lt": period.ends_before}
    natures = dict(
        Uptake.objects.filter(community__in=communities, **within)
        .values_list("issue__nature")
        .annotate(n=Count("pk"))
        .values_list("issue__nature", "n")
    )
    responses = Response.objects.filter(
        contribution__community__in=communities,
        responded_at__gte=period.starts_at,
        responded_at__lt=period.ends_before,
    ).aggregate(
        answered=Count("pk"),
        accepted=Count(
            "pk",
            filter=Q(outcome__in=[Response.Outcome.ACCEPTED, Response.Outcome.ACCEPTED_IN_PART]),
        ),
    )
    rows = [
        *(
            (f"{nature.label} issues taken up", [natures.get(nature.value, 0)])
            for nature in Issue.Nature
        ),
        ("Executive responses to contributions", [responses["answered"]]),
        ("Contributions accepted, fully or in part", [responses["accepted"]]),
    ]
    return Section(
        "difficult-issues",
        "Capacity for difficult and emerging issues",
        "Organisational issues the communities took up, adaptive or technical, "
        "and what became of their contributions.",
        (
            table(
                "difficult-issues",
                "Issues taken up and contributions accepted in the period",
                "Measure",
                ["Count"],
                rows,
                chart=ChartKind.BAR,
                value_label="Count",
            ),
        ),
    )


def _executive_responses(viewer: User, communities: Sequence[Community]) -> Section:
    measures = agenda_measures(
        viewer,
        "the chosen communities",
        Community.objects.filter(pk__in=[c.pk for c in communities]),
    )
    rows: list[tuple[str, list[Cell]]] = [
        ("Responses given", [measures.responses]),
        ("Median working days to respond", [measures.median_days]),
        ("Responses within the target (%)", [measures.within_target_percent]),
        ("Accepted", [measures.accepted]),
        ("Accepted in part", [measures.accepted_in_part]),
        ("Declined", [measures.declined]),
        ("Awaiting a response", [measures.awaiting]),
        ("Overdue", [measures.overdue]),
    ]
    return Section(
        "executive-responses",
        "How executives respond",
        "How quickly and how executives have answered the communities' contributions, "
        "since the agenda began.",
        (table("executive-responses", "Executive response measures", "Measure", ["Value"], rows),),
    )


# Shared -----------------------------------------------------------------------------------------


def _month(at: datetime.datetime) -> datetime.date:
    return timezone.localtime(at).date().replace(day=1)


def _months_back(today: datetime.date, months: int) -> datetime.date:
    month = today.replace(day=1)
    for _ in range(months):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def _was_convenor(
    spells: Sequence[tuple[int, datetime.datetime, datetime.datetime | None]],
    user: int,
    at: datetime.datetime,
) -> bool:
    return any(
        holder == user and joined <= at and (left is None or at < left)
        for holder, joined, left in spells
    )

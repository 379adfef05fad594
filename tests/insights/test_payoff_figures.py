"""The payoffs count what happened in the chosen communities and period, from every source."""

from __future__ import annotations

import pytest
from reportlab import rl_config

from convene.insights import services
from convene.insights.dashboards import cross_function_ties
from convene.insights.periods import Period
from convene.stories.models import Story
from convene.stories.services import StepDraft
from tests.insights import builders as b
from tests.stories.conftest import make_story


def _table(body: dict, section: str, index: int = 0) -> dict:
    tables = next(s for s in body["sections"] if s["slug"] == section)["tables"]
    return tables[index]


def _values(table: dict) -> dict[str, list]:
    return {row["label"]: row["values"] for row in table["rows"]}


def test_cross_function_ties_count_each_pair_from_different_functions_once():
    placements = [
        ("project 1", 1, 10),
        ("project 1", 2, 20),
        ("project 1", 3, 20),
        ("group 7", 1, 10),
        ("group 7", 2, 20),  # the same pair again, in a peer group
        ("group 7", 4, None),  # no function: no tie
    ]

    assert cross_function_ties(placements) == 2


def test_talent_use_counts_distinct_people_once(people, grow, api_as):
    grow(3)

    body = (
        api_as(people.sponsor)
        .get(f"/api/v1/insights/payoffs?community={people.open_community.slug}")
        .json()
    )

    talent = _values(_table(body, "talent"))
    assert talent["Members leading projects"] == [3]
    assert talent["Members facilitating gatherings"] == [3]
    assert talent["Members contributing to organisational issues"] == [3]
    assert talent["Cross-function ties"] == [0]  # each team pairs someone with the convenor


def test_innovations_and_issues_count_only_the_chosen_communities(people, api_as):
    b.make_innovation(b.make_project(people.open_community, people.member), "piloted")
    b.make_innovation(b.make_project(people.private_community, people.member), "piloted")
    b.make_contribution(people.open_community, people.member, accepted_by=people.sponsor)
    b.make_contribution(
        people.private_community, people.member, nature="technical", accepted_by=people.sponsor
    )

    body = (
        api_as(people.sponsor)
        .get(f"/api/v1/insights/payoffs?community={people.open_community.slug}")
        .json()
    )

    assert _values(_table(body, "innovations"))["Piloted"] == [1]
    issues = _values(_table(body, "difficult-issues"))
    assert issues["Adaptive issues taken up"] == [1]
    assert issues["Technical issues taken up"] == [0]
    assert issues["Contributions accepted, fully or in part"] == [1]


def test_the_value_matrix_counts_steps_by_cycle_and_community_with_an_example(people, api_as):
    make_story(
        people.member,
        community=people.open_community,
        visibility=Story.Visibility.ORGANISATION,
        by_name=False,
        steps=[
            StepDraft("immediate", "A question from a peer unlocked my rota problem."),
            StepDraft("applied", "I tried the new rota with my team."),
        ],
    )

    body = api_as(people.sponsor).get("/api/v1/insights/payoffs").json()

    matrix = _table(body, "value-creation")
    assert matrix["columns"] == ["Open Circle", "Quiet Room"]
    assert _values(matrix)["Immediate value"] == [1, 0]
    assert _values(matrix)["Applied value"] == [1, 0]
    examples = _values(_table(body, "value-creation", 1))
    assert examples["Open Circle: Immediate value"] == [
        "What the troika taught me",
        "A member of Open Circle",
    ]


@pytest.fixture
def uncompressed(monkeypatch):
    monkeypatch.setattr(rl_config, "pageCompression", 0)


def test_a_report_quotes_only_consented_stories_under_the_name_their_authors_chose(
    people, uncompressed
):
    make_story(
        people.member,
        community=people.open_community,
        visibility=Story.Visibility.ORGANISATION,
        by_name=False,
        title="Rota rethought",
    )
    make_story(people.convenor, community=people.open_community, title="My private notes")
    report = services.request_report(
        actor=people.sponsor, communities=[people.open_community], period=Period.checked(None, None)
    )

    services.write_report(str(report.pk))
    report.refresh_from_db()

    assert report.pdf is not None
    pdf = bytes(report.pdf)
    assert b"Rota rethought" in pdf and b"A member of Open Circle" in pdf
    assert b"Maya Member" not in pdf
    assert b"My private notes" not in pdf

"""No combination of the figures the API offers isolates a group smaller than the threshold.

Random respondents (groups and weeks) answer a survey week by week. After
each week the test fetches every breakdown through the API, as an attacker
who reads everything would, and rebuilds from the responses it created the
set of respondents behind each released figure. `find_disclosure` then
looks for any group of 1 to minimum-1 respondents that adding and
subtracting those figures would isolate. The same check finds the leak
when suppression is switched off, so it is able to fail.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence

import pytest
import time_machine
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convene.insights import anonymity
from convene.insights.anonymity import find_disclosure
from convene.surveys.models import Answer, Response, Survey
from convene.surveys.results import DIMENSIONS
from convene.surveys.services import close_survey
from tests.conftest import client_for
from tests.surveys.test_results_builders import add_rating, make_survey, respond

pytestmark = pytest.mark.django_db

WEEKS = 3
OPENING = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
GROUPS = {
    "function": ["Finance", "Operations"],
    "level": ["Manager", "Senior manager"],
    "site": ["Leeds", "York", "Hull"],
    "tenure": ["Under 2 years", "2 years or more"],
    "role": ["Member", "Convenor"],
}
Answered = tuple[dict[str, str], int, int]  # groups, week (from 0), rating

answered = st.tuples(
    st.fixed_dictionaries({d: st.sampled_from(v) for d, v in GROUPS.items()}),
    st.integers(0, WEEKS - 1),
    st.integers(1, 5),
)


def released_groups(client, survey: Survey, population: Sequence[Answered]) -> set[frozenset[int]]:
    """Answer week by week, fetch every breakdown after each week, return the released groups."""
    question = add_rating(survey)
    groups: set[frozenset[int]] = set()
    for week in range(WEEKS):
        with time_machine.travel(OPENING + datetime.timedelta(weeks=week, days=1), tick=False):
            for answer_groups, when, rating in population:
                if when == week:
                    respond(survey, {question: rating}, groups=answer_groups, period=week)
            for dimension in DIMENSIONS:
                body = client.get(
                    f"/api/v1/surveys/{survey.pk}/results", {"dimension": dimension}
                ).json()
                groups |= set(_checked_groups(body["questions"][0], population))
    return groups


def _checked_groups(result: dict, population: Sequence[Answered]) -> Iterable[frozenset[int]]:
    for cell in [result["total"], *(c for cells in result["breakdowns"].values() for c in cells)]:
        if cell["status"] == "hidden":
            assert cell["respondents"] is None and cell["mean"] is None
            continue
        members = frozenset(
            i
            for i, (groups, when, _) in enumerate(population)
            if when < cell["as_of_week"]
            and (cell["dimension"] == "" or groups[cell["dimension"]] == cell["group"])
        )
        # The rebuilt group must be the one the figure describes, or the check proves nothing.
        assert cell["respondents"] == len(members)
        assert cell["mean"] == pytest.approx(sum(population[i][2] for i in members) / len(members))
        yield members


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(population=st.lists(answered, max_size=22))
def test_no_released_figures_combine_to_isolate_a_small_group(people, population):
    cache.clear()
    survey = make_survey(people.open_community, opens_at=OPENING)
    groups = released_groups(client_for(people.sponsor), survey, population)
    assert find_disclosure(sorted(groups, key=sorted), 5) is None


def _alike(**differences: str) -> dict[str, str]:
    return {**{d: values[0] for d, values in GROUPS.items()}, **differences}


# Leeds, York and Hull answer in week 1; more from Leeds and York in weeks 2 and 3, with a
# few people whose level differs, so that breakdowns, holds and re-releases all occur.
BUSY_WEEKS = (
    [(_alike(site="Leeds"), 0, 4)] * 5
    + [(_alike(site="York"), 0, 2)] * 5
    + [(_alike(site="Hull"), 0, 5)] * 2
    + [(_alike(site="Leeds", level="Senior manager"), 1, 3)] * 6
    + [(_alike(site="York"), 2, 1)] * 3
)


def test_a_busy_survey_releases_breakdowns_and_still_isolates_no_one(people):
    survey = make_survey(people.open_community, opens_at=OPENING)
    groups = released_groups(client_for(people.sponsor), survey, BUSY_WEEKS)
    assert len(groups) >= 4, "totals and cells were released, so the check had work to do"
    assert find_disclosure(sorted(groups, key=sorted), 5) is None


@pytest.mark.parametrize("population", [BUSY_WEEKS, BUSY_WEEKS[:12]])
def test_the_check_finds_the_leak_when_complementary_suppression_is_off(
    people, monkeypatch, population
):
    # Total minus Leeds minus York is Hull's two people once only the threshold applies.
    monkeypatch.setattr(
        anonymity, "keep_shown", lambda deltas, candidates, minimum: set(candidates)
    )
    monkeypatch.setattr(anonymity, "_audit", lambda fresh, public, minimum: fresh)
    cache.clear()
    survey = make_survey(people.open_community, opens_at=OPENING)
    groups = released_groups(client_for(people.sponsor), survey, population)
    leak = find_disclosure(sorted(groups, key=sorted), 5)
    assert leak is not None and 0 < len(leak) < 5


@pytest.mark.parametrize("attempt", range(3))
def test_closing_a_survey_rewrites_its_responses_but_releases_the_same_figures(people, attempt):
    survey = make_survey(people.open_community, opens_at=OPENING)
    client = client_for(people.sponsor)
    released_groups(client, survey, BUSY_WEEKS)
    address = f"/api/v1/surveys/{survey.pk}/results"
    with time_machine.travel(OPENING + datetime.timedelta(weeks=WEEKS - 1, days=2), tick=False):
        before = client.get(address).json()
        close_survey(actor=people.admin, survey=survey)
        cache.clear()
        after = client.get(address).json()
    assert after["questions"] == before["questions"]


# A population whose release, in the engine, depends on the order respondents are
# handed over in: in this order and in ORDER_THAT_CHANGES_THE_RELEASE the engine
# settles a tie between two possible leaks differently.
TIE = [
    (1, "FMYSM"), (2, "FMLSM"), (0, "FSHSC"), (0, "OMYSM"), (2, "OSHUC"), (1, "OMHUC"),
    (1, "OSHSC"), (2, "FSHUM"), (2, "OMLUM"), (0, "OSLUC"), (0, "OMYUC"), (1, "OMYSM"),
    (2, "OMHSC"), (1, "OSYSC"), (2, "OMYSM"), (1, "FSLSC"), (2, "OMHSC"), (1, "OMYUC"),
    (0, "OMLUM"), (0, "OMYSM"), (2, "FSYUM"), (0, "FSHSM"),
]  # fmt: skip
ORDER_THAT_CHANGES_THE_RELEASE = [
    19, 5, 13, 9, 20, 21, 11, 12, 0, 16, 1, 17, 6, 10, 7, 14, 15, 3, 8, 2, 18, 4
]  # fmt: skip
LETTERS = {
    "function": {"F": "Finance", "O": "Operations"},
    "level": {"M": "Manager", "S": "Senior manager"},
    "site": {"H": "Hull", "L": "Leeds", "Y": "York"},
    "tenure": {"S": "2 years or more", "U": "Under 2 years"},
    "role": {"C": "Convenor", "M": "Member"},
}


def tied_survey(community, order: list[int], number: int) -> Survey:
    """Store the population with response ids that sort in the given order."""
    survey = make_survey(community, opens_at=OPENING)
    question = add_rating(survey)
    for place, index in enumerate(order):
        week, letters = TIE[index]
        groups = {d: LETTERS[d][letter] for d, letter in zip(LETTERS, letters, strict=True)}
        response = Response.objects.create(
            id=uuid.UUID(int=(number << 64) + place), survey=survey, groups=groups, period=week
        )
        Answer.objects.create(response=response, question=question, rating=3)
    return survey


def test_the_release_does_not_depend_on_the_order_responses_are_stored_in(people):
    client = client_for(people.sponsor)
    surveys = [
        tied_survey(people.open_community, list(range(len(TIE))), 1),
        tied_survey(people.open_community, ORDER_THAT_CHANGES_THE_RELEASE, 2),
    ]
    with time_machine.travel(OPENING + datetime.timedelta(weeks=WEEKS - 1, days=1), tick=False):
        first, second = (
            client.get(f"/api/v1/surveys/{survey.pk}/results").json()["questions"][0]
            for survey in surveys
        )
    assert first["breakdowns"] == second["breakdowns"]

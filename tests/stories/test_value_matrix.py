"""The value-creation matrix: steps counted per community and cycle, with an example story."""

from __future__ import annotations

import datetime

import time_machine

from convene.stories import services
from convene.stories.models import Story
from convene.stories.services import StepDraft
from convene.stories.summaries import value_matrix
from tests.factories import make_person
from tests.stories.conftest import make_story

ORGANISATION, COMMUNITY = Story.Visibility.ORGANISATION, Story.Visibility.COMMUNITY


def counts(matrix) -> dict[tuple[str, str], int]:
    return {
        (row.community.name, cell.cycle): cell.steps
        for row in matrix.rows
        for cell in row.cells
        if cell.steps
    }


def told(people, community, visibility=ORGANISATION, cycles=("immediate",), **fields) -> Story:
    steps = [StepDraft(cycle, f"Step in {cycle}") for cycle in cycles]
    return make_story(
        people.member, community=community, visibility=visibility, steps=steps, **fields
    )


def test_counts_steps_per_community_and_cycle_of_shared_stories(people):
    told(people, people.open_community, cycles=("immediate", "potential", "potential"))
    told(people, people.private_community, visibility=COMMUNITY, cycles=("applied",))
    matrix = value_matrix(people.convenor, [people.open_community, people.private_community])
    assert counts(matrix) == {
        ("Open Circle", "immediate"): 1,
        ("Open Circle", "potential"): 2,
        ("Quiet Room", "applied"): 1,
    }
    assert [row.total for row in matrix.rows] == [3, 1]


def test_leaves_out_stories_the_viewer_cannot_read_and_private_ones(people):
    told(people, people.private_community, visibility=COMMUNITY, cycles=("applied",))
    make_story(people.member, community=people.open_community)
    assert (
        counts(value_matrix(people.sponsor, [people.open_community, people.private_community]))
        == {}
    )
    assert (
        counts(value_matrix(people.admin, [people.open_community, people.private_community])) == {}
    )


def test_leaves_out_a_private_story_even_for_its_author_unless_they_consent(people):
    make_story(people.member, community=people.open_community)
    assert counts(value_matrix(people.member, [people.open_community])) == {}


def test_each_cell_names_one_example_story_anonymised_as_its_author_chose(people):
    story = told(people, people.open_community, by_name=False, title="The rota")
    cell = value_matrix(people.outsider, [people.open_community]).rows[0].cells[0]
    assert cell.exemplar is not None
    assert (cell.exemplar.title, cell.exemplar.byline, cell.exemplar.url) == (
        "The rota",
        "A member of Open Circle",
        story.get_absolute_url(),
    )
    assert value_matrix(people.outsider, [people.open_community]).rows[0].cells[1].exemplar is None


def test_counts_only_steps_added_between_the_dates_given(people):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)):
        story = told(people, people.open_community)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)):
        services.add_step(actor=people.member, story=story, draft=StepDraft("applied", "Used"))
    matrix = value_matrix(
        people.member,
        [people.open_community],
        since=datetime.date(2026, 5, 1),
        until=datetime.date(2026, 6, 1),
    )
    assert counts(matrix) == {("Open Circle", "applied"): 1}


def test_costs_three_queries_however_many_stories(people, django_assert_num_queries):
    for number in range(30):
        author = make_person(f"Teller {number}")
        people.open_community.memberships.create(user=author)
        make_story(
            author,
            community=people.open_community,
            visibility=ORGANISATION,
            steps=[StepDraft("immediate", "a"), StepDraft("realised", "b")],
        )
    with django_assert_num_queries(3):
        matrix = value_matrix(people.outsider, [people.open_community, people.private_community])
    assert counts(matrix) == {("Open Circle", "immediate"): 30, ("Open Circle", "realised"): 30}

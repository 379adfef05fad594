"""The counts the dashboards call: per value, by communities and since a day, in one query."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from convene.values import services
from convene.values.summaries import OTHER_COMMUNITIES, summarise_value, value_counts
from tests.factories import make_community
from tests.values.builders import days_ago, make_value, tell


def as_table(rows) -> dict[str, tuple[int, int]]:
    return {row.value.name: (row.total, row.beyond) for row in rows}


def test_counts_each_value_in_one_query(people, courage, care, django_assert_num_queries):
    tell(people.member, courage, care, community=people.open_community, beyond_community=False)
    tell(people.member, courage)
    with django_assert_num_queries(1):
        rows = value_counts(people.executive)
    assert as_table(rows) == {"Courage": (2, 1), "Care": (1, 0)}
    assert [row.inside for row in rows] == [1, 1]


def test_hidden_stories_are_not_counted(people, courage):
    story = tell(people.member, courage, about_person=people.convenor)
    services.set_hidden(actor=people.convenor, story=story, hidden=True)
    assert as_table(value_counts(people.member)) == {"Courage": (0, 0)}


def test_counts_keep_to_communities_the_viewer_can_see(people, courage):
    hidden_from_outsider = make_community("Back Room", private=True, members=[people.member])
    tell(people.member, courage, community=people.open_community)
    tell(people.member, courage, community=hidden_from_outsider)
    tell(people.member, courage)
    asked = [people.open_community, hidden_from_outsider]
    assert as_table(value_counts(people.member, communities=asked)) == {"Courage": (2, 2)}
    assert as_table(value_counts(people.outsider, communities=asked)) == {"Courage": (1, 1)}


def test_counts_since_a_day(people, courage):
    tell(people.member, courage, happened_on=days_ago(100))
    tell(people.member, courage, happened_on=days_ago(10))
    assert as_table(value_counts(people.member, since=days_ago(30))) == {"Courage": (1, 1)}


def test_retired_values_show_only_with_stories(people, courage):
    told = make_value("Thrift")
    make_value("Silence", active=False)
    tell(people.member, told)
    services.set_offered(actor=people.admin, value=told, offered=False)
    assert list(as_table(value_counts(people.member))) == ["Courage", "Thrift"]


def test_visitors_get_no_counts(courage):
    assert value_counts(AnonymousUser()) == []


def test_a_summary_names_the_top_readable_communities_and_folds_the_rest(people, courage):
    for n in range(7):
        community = make_community(f"Circle {n}", members=[people.member])
        for _ in range(n + 1):
            tell(people.member, courage, community=community)
    tell(people.member, courage, community=people.private_community)
    rows = summarise_value(people.outsider, courage).communities
    assert [(row.name, row.count) for row in rows] == [
        ("Circle 6", 7),
        ("Circle 5", 6),
        ("Circle 4", 5),
        ("Circle 3", 4),
        ("Circle 2", 3),
        (OTHER_COMMUNITIES, 2 + 1 + 1),
    ]

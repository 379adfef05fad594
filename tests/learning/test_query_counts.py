"""The programme's pages cost the same number of queries for 2 lessons or members as for 20."""

from __future__ import annotations

from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.communities.models import Membership
from convene.learning import services
from tests.factories import make_person
from tests.learning.conftest import load_programme
from tests.learning.test_knowledge_check import answers_for


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def take(person, lessons) -> None:
    """Complete every other lesson and answer every check, so each row has something to show."""
    for number, lesson in enumerate(lessons):
        if number % 2 == 0:
            services.complete_lesson(actor=person, lesson=lesson)
        else:
            services.submit_check(actor=person, lesson=lesson, answers=answers_for(lesson))


def test_the_overview_costs_the_same_for_2_and_20_lessons(people, as_member, tmp_path: Path):
    lessons = load_programme(tmp_path / "small", modules=1, lessons=2)
    take(people.member, lessons)
    small = queries(as_member, "/learning/")
    lessons = load_programme(tmp_path / "large", modules=4, lessons=5)
    assert len(lessons) == 20
    take(people.member, lessons[2:])
    assert queries(as_member, "/learning/") == small
    assert small <= 25


def test_a_lesson_page_costs_the_same_for_2_and_20_lessons(people, as_member, tmp_path: Path):
    lessons = load_programme(tmp_path / "small", modules=1, lessons=2)
    take(people.member, lessons)
    url = lessons[1].get_absolute_url()
    as_member.get(url)
    small = queries(as_member, url)
    load_programme(tmp_path / "large", modules=4, lessons=5)
    assert queries(as_member, url) == small
    assert small <= 25


def test_the_aggregate_costs_the_same_for_2_and_20_members(people, as_admin, tmp_path: Path):
    lessons = load_programme(tmp_path / "p", modules=3, lessons=2)
    community = people.open_community  # two members already
    for person in (people.member, people.convenor):
        take(person, lessons)
    url = f"/learning/communities/{community.slug}/progress/"
    small = queries(as_admin, url)
    for _ in range(18):
        person = make_person()
        Membership.objects.create(community=community, user=person)
        take(person, lessons)
    page = as_admin.get(url).content.decode()
    assert "20 current members" in page
    assert queries(as_admin, url) == small
    assert small <= 25

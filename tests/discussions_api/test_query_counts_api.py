"""The post list, comment list and follows cost the same number of queries for 2 rows as for 40."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.discussions import services
from tests.discussions_api.conftest import make_comment, make_post, post_path, posts_path
from tests.factories import make_person


def counter(client, path: str) -> Callable[[], int]:
    client.get("/api/v1/me")  # a token's first use writes last_used_at; count after it

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, response.content
        return len(captured)

    return queries


def test_the_post_list_costs_the_same_for_2_and_40_posts(people, api_as):
    queries = counter(api_as(people.member), posts_path(people.open_community))

    def add_post() -> None:
        author = make_person()
        people.open_community.memberships.create(user=author)
        post = make_post(author, people.open_community, tags=("Feedback", f"Tag {author.pk}"))
        make_comment(people.member, post)

    for _ in range(2):
        add_post()
    few = queries()
    for _ in range(38):
        add_post()
    assert queries() == few


def test_the_comment_list_costs_the_same_for_2_and_40_comments(people, api_as):
    post = make_post(people.convenor, people.open_community)
    queries = counter(api_as(people.member), post_path(post, "/comments"))

    def add_comment() -> None:
        author = make_person()
        people.open_community.memberships.create(user=author)
        comment = make_comment(author, post)
        services.encourage(actor=people.member, kind="encourage", comment=comment)

    for _ in range(2):
        add_comment()
    few = queries()
    for _ in range(38):
        add_comment()
    assert queries() == few


def test_your_follows_cost_the_same_for_2_and_40_posts(people, api_as):
    queries = counter(api_as(people.member), "/api/v1/me/follows")

    def add_followed_post() -> None:
        post = make_post(people.convenor, people.open_community, tags=("Feedback",))
        services.follow(actor=people.member, post=post)

    for _ in range(2):
        add_followed_post()
    few = queries()
    for _ in range(38):
        add_followed_post()
    assert queries() == few

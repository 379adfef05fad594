"""Encouragement and following through the API."""

from __future__ import annotations

import pytest

from convene.discussions.models import Follow, Reaction
from tests.discussions_api.conftest import comment_path, make_comment, make_post, post_path, send


@pytest.fixture
def post(people):
    return make_post(people.convenor, people.open_community)


def test_a_member_encourages_a_post_and_withdraws_it(people, api_as, post):
    client = api_as(people.member)
    assert send(client, "PUT", post_path(post, "/reactions/encourage")).status_code == 204
    assert Reaction.objects.get(post=post).user == people.member
    assert send(client, "DELETE", post_path(post, "/reactions/encourage")).status_code == 204
    assert not Reaction.objects.exists()


def test_a_member_encourages_a_comment_and_withdraws_it(people, api_as, post):
    comment = make_comment(people.convenor, post)
    client = api_as(people.member)
    assert send(client, "PUT", comment_path(comment, "/reactions/thank_you")).status_code == 204
    rows = client.get(post_path(post, "/comments")).json()["items"]
    givers = {row["kind"]: row["givers"] for row in rows[0]["reactions"]}
    assert givers["thank_you"] == [people.member.handle]
    assert send(client, "DELETE", comment_path(comment, "/reactions/thank_you")).status_code == 204
    assert not Reaction.objects.exists()


def test_encouragement_of_a_deleted_post_is_not_shown(people, api_as, post):
    send(api_as(people.member), "PUT", post_path(post, "/reactions/encourage"))
    send(api_as(people.convenor), "DELETE", post_path(post))
    reactions = api_as(people.member).get(post_path(post)).json()["reactions"]
    assert [row["givers"] for row in reactions] == [[], [], []]


def test_a_deleted_post_cannot_be_encouraged(people, api_as, post):
    send(api_as(people.convenor), "DELETE", post_path(post))
    response = send(api_as(people.member), "PUT", post_path(post, "/reactions/encourage"))
    assert response.status_code == 400
    assert not Reaction.objects.exists()


def test_the_same_encouragement_twice_is_refused(people, api_as, post):
    client = api_as(people.member)
    send(client, "PUT", post_path(post, "/reactions/encourage"))
    response = send(client, "PUT", post_path(post, "/reactions/encourage"))
    assert response.status_code == 400
    assert response.json()["detail"] == "You have already given that encouragement."
    assert Reaction.objects.count() == 1


def test_withdrawing_what_you_had_not_given_is_refused(people, api_as, post):
    response = send(api_as(people.member), "DELETE", post_path(post, "/reactions/encourage"))
    assert response.status_code == 400
    assert response.json()["detail"] == "You had not given that encouragement."


@pytest.mark.parametrize("suffix", ["/reactions/like", "/comments/{comment}/reactions/like"])
def test_an_unknown_kind_of_encouragement_is_refused(people, api_as, post, suffix):
    comment = make_comment(people.convenor, post)
    path = post_path(post, suffix.format(comment=comment.pk))
    response = send(api_as(people.member), "PUT", path)
    assert response.status_code == 400
    assert response.json()["detail"] == "“like” is not a kind of encouragement."
    assert not Reaction.objects.exists()


@pytest.mark.parametrize("target", ["post", "comment"])
def test_a_non_member_cannot_encourage(people, api_as, post, target):
    comment = make_comment(people.convenor, post)
    path = post_path(post) if target == "post" else comment_path(comment)
    response = send(api_as(people.outsider), "PUT", f"{path}/reactions/encourage")
    assert response.status_code == 400
    assert "Only members of Open Circle" in response.json()["detail"]
    assert not Reaction.objects.exists()


def test_a_reader_follows_and_unfollows_a_post(people, api_as, post):
    client = api_as(people.member)
    assert send(client, "PUT", post_path(post, "/follow")).status_code == 204
    assert send(client, "PUT", post_path(post, "/follow")).status_code == 204
    assert Follow.objects.filter(user=people.member, post=post).count() == 1
    assert send(client, "DELETE", post_path(post, "/follow")).status_code == 204
    assert not Follow.objects.filter(user=people.member, post=post).exists()


def test_your_follows_list_the_posts_you_follow_most_recently_active_first(people, api_as):
    older = make_post(people.convenor, people.open_community, title="Older")
    newer = make_post(people.convenor, people.private_community, title="Newer")
    make_post(people.convenor, people.open_community, title="Not followed")
    client = api_as(people.member)
    for post in (older, newer):
        send(client, "PUT", post_path(post, "/follow"))
    make_comment(people.convenor, older)  # activity moves it to the top
    response = client.get("/api/v1/me/follows")
    assert response.status_code == 200
    rows = response.json()["items"]
    assert [(row["title"], row["community"]) for row in rows] == [
        ("Older", "open-circle"),
        ("Newer", "quiet-room"),
    ]


def test_your_follows_leave_out_posts_you_can_no_longer_read(people, api_as):
    post = make_post(people.convenor, people.private_community)
    client = api_as(people.member)
    send(client, "PUT", post_path(post, "/follow"))
    assert client.get("/api/v1/me/follows").json()["count"] == 1
    people.private_community.memberships.filter(user=people.member).update(left_at=post.created_at)
    assert client.get("/api/v1/me/follows").json()["count"] == 0

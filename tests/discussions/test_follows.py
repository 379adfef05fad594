"""Following a post: on and off through the page; authors and commenters follow automatically."""

from __future__ import annotations

from convene.discussions.models import Follow
from tests.discussions.builders import action_url, make_comment, make_post, post_url


def test_member_follows_and_unfollows_a_post(people, as_member):
    post = make_post(people.convenor, people.open_community)
    assert "Follow</button>" in as_member.get(post_url(post)).text

    as_member.post(action_url(post, "follow"))
    assert Follow.objects.filter(user=people.member, post=post).count() == 1
    assert "Stop following" in as_member.get(post_url(post)).text

    as_member.post(action_url(post, "follow"))
    assert Follow.objects.filter(user=people.member, post=post).count() == 1

    as_member.post(action_url(post, "unfollow"))
    assert not Follow.objects.filter(user=people.member, post=post).exists()


def test_authors_and_commenters_follow_automatically(people):
    post = make_post(people.convenor, people.open_community)
    make_comment(people.member, post)

    assert set(post.follows.values_list("user", flat=True)) == {
        people.convenor.pk,
        people.member.pk,
    }


def test_follow_needs_a_post(people, as_member):
    post = make_post(people.convenor, people.open_community)

    assert as_member.get(action_url(post, "follow")).status_code == 405
    assert not Follow.objects.filter(user=people.member).exists()

"""Who hears about a post or comment: mentioned readers, the post's author and its followers."""

from __future__ import annotations

from django.core import mail

from convene.notifications.models import Notification
from tests.conftest import client_for
from tests.discussions.builders import action_url, comments_url, make_post, new_post_url
from tests.factories import make_person


def _told(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_mention_in_a_post_notifies_a_member_who_can_read_it(
    people, as_convenor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_convenor.post(
            new_post_url(people.private_community),
            {"title": "Your view?", "body": f"@{people.member.handle} what do you think?"},
        )

    notification = Notification.objects.get(recipient=people.member)
    assert notification.kind == "mention"
    assert notification.actor == people.convenor
    assert notification.message == "Connor Convenor mentioned you in Quiet Room"
    assert [m.to for m in mail.outbox] == [[people.member.email]]


def test_mention_links_to_the_profile(people):
    post = make_post(people.convenor, people.open_community, body=f"Ask @{people.member.handle}.")

    assert f'href="/people/{people.member.handle}/"' in post.body_html


def test_mention_of_someone_who_cannot_read_a_private_community_does_not_notify_them(
    people, as_convenor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_convenor.post(
            new_post_url(people.private_community),
            {"title": "Private", "body": f"@{people.outsider.handle} and @{people.member.handle}"},
        )
        post = people.private_community.posts.get()
        as_convenor.post(comments_url(post), {"body": f"Again, @{people.outsider.handle}"})

    assert _told(people.outsider) == []
    assert _told(people.member) == ["mention"]
    assert not [m for m in mail.outbox if people.outsider.email in m.to]


def test_mention_in_an_open_community_notifies_a_non_member(
    people, as_member, django_capture_on_commit_callbacks
):
    post = make_post(people.convenor, people.open_community)

    with django_capture_on_commit_callbacks(execute=True):
        as_member.post(comments_url(post), {"body": f"@{people.outsider.handle} knows this well"})

    assert _told(people.outsider) == ["mention"]


def test_mentioning_oneself_notifies_no_one(people, as_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_member.post(
            new_post_url(people.open_community),
            {"title": "Note to self", "body": f"@{people.member.handle} remember this"},
        )

    assert not Notification.objects.exists()


def test_handle_inside_code_is_not_a_mention(people, as_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_member.post(
            new_post_url(people.open_community),
            {"title": "Code", "body": f"Run `grep @{people.convenor.handle} log.txt` to see"},
        )

    assert _told(people.convenor) == []


def test_comment_notifies_post_author_and_followers_once_each_never_the_actor(
    people, django_capture_on_commit_callbacks
):
    follower = make_person("Fay Follower")
    people.open_community.memberships.create(user=follower)
    post = make_post(people.convenor, people.open_community)
    client_for(follower).post(action_url(post, "follow"))

    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.member).post(comments_url(post), {"body": "First thought"})
        client_for(people.member).post(comments_url(post), {"body": "Second thought"})

    assert _told(people.convenor) == ["reply", "reply"]
    assert _told(follower) == ["followed_post", "followed_post"]
    assert _told(people.member) == []
    assert Notification.objects.filter(recipient=people.convenor)[0].message == (
        "Maya Member commented on “" + post.title + "”"
    )


def test_reply_notifies_the_parent_comment_author_once(people, django_capture_on_commit_callbacks):
    post = make_post(people.convenor, people.open_community)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.member).post(comments_url(post), {"body": "Top"})
    top = post.comments.get()

    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.convenor).post(comments_url(post), {"body": "Reply", "parent": top.pk})

    assert _told(people.member) == ["reply"]
    assert (
        Notification.objects.get(recipient=people.member).message
        == "Connor Convenor replied to your comment"
    )
    assert _told(people.convenor) == ["reply"]


def test_author_commenting_on_own_post_notifies_only_followers(
    people, django_capture_on_commit_callbacks
):
    post = make_post(people.convenor, people.open_community)
    client_for(people.member).post(action_url(post, "follow"))

    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.convenor).post(comments_url(post), {"body": "An update from me"})

    assert _told(people.convenor) == []
    assert _told(people.member) == ["followed_post"]


def test_unfollowed_member_is_not_notified(people, django_capture_on_commit_callbacks):
    post = make_post(people.convenor, people.open_community)
    client_for(people.member).post(action_url(post, "follow"))
    client_for(people.member).post(action_url(post, "unfollow"))

    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.convenor).post(comments_url(post), {"body": "Quiet update"})

    assert _told(people.member) == []


def test_follower_who_left_a_private_community_is_no_longer_notified(
    people, django_capture_on_commit_callbacks
):
    post = make_post(
        people.convenor, people.private_community, title="Restructuring, in confidence"
    )
    client_for(people.member).post(action_url(post, "follow"))
    people.private_community.memberships.filter(user=people.member).update(
        left_at="2030-01-01T00:00Z"
    )

    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.convenor).post(comments_url(post), {"body": "Next steps"})

    assert _told(people.member) == []


def test_a_mentioned_post_author_is_notified_once_per_comment(
    people, django_capture_on_commit_callbacks
):
    post = make_post(people.convenor, people.open_community)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.member).post(
            comments_url(post), {"body": f"@{people.convenor.handle} this is for you"}
        )

    assert len(_told(people.convenor)) == 1
    assert len([m for m in mail.outbox if people.convenor.email in m.to]) == 1

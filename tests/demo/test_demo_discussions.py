from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command

from convene.communities.models import Community, Membership
from convene.demo import data
from convene.demo.discussions import CONVERSATIONS, TAGS
from convene.discussions.models import Comment, Follow, Post, Reaction, Revision, Tag
from convene.learning.models import PROGRAMME_COMMUNITY_SLUG
from convene.people.models import User
from tests.demo.test_seed_demo import wipe

MARKDOWN_MARKERS = re.compile(r"\*\*|__|^#+ |^- |^\d+\. |\]\(", re.MULTILINE)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.fixture
def demo(db) -> None:
    call_command("seed_demo", password="pw", verbosity=0)


def current_members() -> dict[int, dict[int, datetime.datetime]]:
    """Return community id -> user id -> when they joined, for current memberships."""
    members: dict[int, dict[int, datetime.datetime]] = {}
    for community_id, user_id, joined_at in Membership.objects.current().values_list(
        "community_id", "user_id", "joined_at"
    ):
        members.setdefault(community_id, {})[user_id] = joined_at
    return members


def words(text: str) -> int:
    return len(PLACEHOLDER.sub("Name", text).split())


def test_the_content_is_the_right_size():
    topics = [topic for topics in CONVERSATIONS.values() for topic in topics]
    assert {spec.name for spec in data.COMMUNITIES} == set(CONVERSATIONS)
    assert all(4 <= len(topics) <= 8 for topics in CONVERSATIONS.values())
    assert 25 <= len(topics) <= 35
    for topic in topics:
        assert topic.title and 60 <= words(topic.body) <= 200, topic.title
        assert len(topic.tags) <= 3 and set(topic.tags) <= set(TAGS), topic.title
        remarks = [*topic.remarks, *(reply for r in topic.remarks for reply in r.replies)]
        assert 3 <= len(remarks) <= 8, topic.title
        for remark in remarks:
            assert 20 <= words(remark.body) <= 90, remark.body


def test_every_community_has_a_conversation(demo):
    # The introductory programme's community holds lesson discussions, which learners start.
    for community in Community.objects.exclude(slug=PROGRAMME_COMMUNITY_SLUG):
        assert 4 <= community.posts.count() <= 8
    assert 25 <= Post.objects.count() <= 35
    assert Comment.objects.count() >= 3 * Post.objects.count()


def test_everyone_taking_part_is_a_current_member_who_had_joined(demo):
    members = current_members()
    for post in Post.objects.all():
        assert members[post.community_id][post.author_id] <= post.created_at
    for comment in Comment.objects.select_related("post"):
        community = comment.post.community_id
        assert members[community][comment.author_id] <= comment.created_at
    for reaction in Reaction.objects.select_related("post", "comment__post"):
        target = reaction.post or reaction.comment
        assert target is not None
        post = target if isinstance(target, Post) else target.post
        assert reaction.user_id in members[post.community_id]
        assert reaction.user_id != target.author_id


def test_comments_follow_their_post_and_replies_are_one_level_deep(demo):
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent", "post")
    assert replies.exists()
    for reply in replies:
        assert reply.parent is not None
        assert reply.parent.parent_id is None
        assert reply.parent.post_id == reply.post_id
        assert reply.created_at > reply.parent.created_at
    anchor = datetime.datetime.combine(data.ANCHOR_DATE, datetime.time(), tzinfo=datetime.UTC)
    for post in Post.objects.prefetch_related("comments"):
        assert anchor - datetime.timedelta(days=130) < post.created_at < anchor
        times = [comment.created_at for comment in post.comments.all()]
        assert all(post.created_at < time < anchor for time in times)
        assert post.updated_at == max([*times, post.edited_at or post.created_at])


def test_authors_and_commenters_follow_their_posts(demo):
    follows = set(Follow.objects.values_list("user_id", "post_id"))
    for post in Post.objects.all():
        assert (post.author_id, post.pk) in follows
    for user_id, post_id in Comment.objects.values_list("author_id", "post_id"):
        assert (user_id, post_id) in follows


def test_encouragement_comes_from_several_members(demo):
    assert Reaction.objects.count() >= 2 * Post.objects.count()
    encouraged = Post.objects.filter(reactions__isnull=False).distinct().count()
    assert encouraged == Post.objects.count()
    assert Reaction.objects.filter(comment__isnull=False).exists()
    assert set(Reaction.objects.values_list("kind", flat=True)) == set(Reaction.Kind.values)


def test_convenors_pin_and_lock_posts(demo):
    pinned = Post.objects.filter(is_pinned=True)
    assert 1 <= pinned.count() <= 2
    locked = Post.objects.get(is_locked=True)
    for post in [*pinned, locked]:
        convenor = post.community.memberships.current().convenors().get()
        assert post.author == convenor.user


def test_an_edited_post_keeps_its_earlier_text(demo):
    post = Post.objects.get(edited_at__isnull=False)
    revision = Revision.objects.get()
    assert revision.post == post and revision.edited_by == post.author
    assert post.edited_at is not None
    assert revision.created_at == post.edited_at > post.created_at
    assert revision.body != post.body and revision.body in post.body


def test_a_deleted_comment_leaves_its_thread_readable(demo):
    deleted = Comment.objects.get(deleted_at__isnull=False)
    assert deleted.deleted_at is not None and deleted.deleted_at > deleted.created_at
    assert deleted.deleted_by == deleted.author
    assert deleted.replies.filter(deleted_at__isnull=True).exists()
    assert deleted.post.comments.filter(deleted_at__isnull=True).count() >= 3


def test_bodies_are_rendered_with_mentions_of_members(demo):
    items: list[Post | Comment] = [*Post.objects.all(), *Comment.objects.all()]
    for item in items:
        assert item.body_html.startswith("<p>") or item.body_html.startswith("<ul>")
        text = re.sub(r"<[^>]+>", "", item.body_html)
        assert not MARKDOWN_MARKERS.search(text), text
        assert not PLACEHOLDER.search(item.body), item.body
    emphatic = Post.objects.filter(body__contains="**").first()
    assert emphatic is not None and "<strong>" in emphatic.body_html
    members = current_members()
    mentioned = Post.objects.filter(body__contains="@")
    assert mentioned.exists()
    for post in mentioned:
        for handle in re.findall(r"@([a-z0-9-]+)", post.body):
            person = User.objects.get(handle=handle)
            assert person.pk in members[post.community_id]
            assert f'href="/people/{handle}/"' in post.body_html


def test_the_personas_take_part(demo):
    sam = User.objects.get(email="member@northgate.example")
    grace = User.objects.get(email="convenor@northgate.example")
    assert Post.objects.filter(author=sam).exists()
    assert Comment.objects.filter(author=sam).exists()
    assert Comment.objects.filter(author=grace).count() >= 3


def test_tags_are_shared_and_few(demo):
    assert set(Tag.objects.values_list("name", flat=True)) == set(TAGS)
    for post in Post.objects.prefetch_related("tags"):
        assert len(post.tags.all()) <= 3
    assert Tag.objects.filter(posts__isnull=False).distinct().count() == len(TAGS)


def content() -> list[tuple[object, ...]]:
    posts = Post.objects.order_by("community__slug", "created_at").values_list(
        "community__slug", "author__handle", "title", "body", "created_at", "updated_at",
        "is_pinned", "is_locked", "edited_at",
    )  # fmt: skip
    comments = Comment.objects.order_by("post__title", "created_at").values_list(
        "post__title", "author__handle", "parent__author__handle", "body", "created_at",
        "deleted_at",
    )  # fmt: skip
    reactions = Reaction.objects.order_by("user__handle", "kind", "post__title", "comment__body")
    follows = Follow.objects.order_by("user__handle", "post__title")
    return [
        *posts,
        *comments,
        *reactions.values_list("user__handle", "kind", "post__title", "comment__body"),
        *follows.values_list("user__handle", "post__title"),
    ]


def test_two_runs_write_the_same_conversations(db):
    call_command("seed_demo", password="pw", verbosity=0)
    first = content()
    Reaction.objects.all().delete()
    Follow.objects.all().delete()
    Revision.objects.all().delete()
    Comment.objects.filter(parent__isnull=False).delete()
    Comment.objects.all().delete()
    Post.objects.all().delete()
    Tag.objects.all().delete()
    wipe()
    call_command("seed_demo", password="pw", verbosity=0)
    assert content() == first

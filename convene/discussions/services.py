"""Writing, editing and moderating conversations, and the encouragement around them.

Members of a community post and comment in it; authors and the community's
convenors edit and delete; convenors pin and lock. Notifications are sent
once the change is committed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from convene.audit.models import record
from convene.communities.models import Community
from convene.discussions.models import (
    COMMENT_LIMIT,
    POST_LIMIT,
    TITLE_LIMIT,
    Comment,
    FeedToken,
    Follow,
    Post,
    Reaction,
    Revision,
    Tag,
    readable_communities,
)
from convene.lib.markdown import mentioned_handles
from convene.notifications.services import notify
from convene.people.models import User

MAX_TAGS = 5
# Characters XML cannot carry (feeds would break) and no one types on purpose.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class DiscussionError(Exception):
    """A change to a conversation that its rules do not allow."""


@transaction.atomic
def create_post(
    *,
    actor: User,
    community: Community,
    title: str,
    body: str,
    tags: Iterable[str] = (),
    guest: bool = False,
) -> Post:
    """Start a conversation in a community you belong to.

    `guest=True` lets a non-member post where the calling service has already
    vouched for them (an executive answering the community's contribution).
    """
    if not guest:
        _require_member(actor, community)
    title, body = _text(title, "title", TITLE_LIMIT), _text(body, "post", POST_LIMIT)
    post = Post.objects.create(community=community, author=actor, title=title, body=body)
    post.tags.set(_tags(tags))
    Follow.objects.get_or_create(user=actor, post=post)
    record(actor, "post.created", post)
    transaction.on_commit(lambda: _notify_mentions(post, post.body, actor, f"post:{post.pk}"))
    return post


@transaction.atomic
def edit_post(*, actor: User, post: Post, title: str, body: str, tags: Iterable[str] = ()) -> Post:
    """Change a post, keeping what it said before in its history."""
    _require_editor(actor, post.author_id, post.community)
    _refuse_if_deleted(post)
    title, body = _text(title, "title", TITLE_LIMIT), _text(body, "post", POST_LIMIT)
    Revision.objects.create(post=post, title=post.title, body=post.body, edited_by=actor)
    post.title, post.body = title, body
    post.edited_at = post.updated_at = timezone.now()
    post.save(update_fields=["title", "body", "edited_at", "updated_at"])
    post.tags.set(_tags(tags))
    record(actor, "post.edited", post)
    return post


@transaction.atomic
def delete_post(*, actor: User, post: Post) -> Post:
    """Withdraw a post; its comments stay readable below a note that it was deleted."""
    _require_editor(actor, post.author_id, post.community)
    _refuse_if_deleted(post)
    post.deleted_at, post.deleted_by = timezone.now(), actor
    post.save(update_fields=["deleted_at", "deleted_by"])
    record(actor, "post.deleted", post)
    return post


@transaction.atomic
def set_pinned(*, actor: User, post: Post, pinned: bool) -> Post:
    """Pin a post to the top of the community's list, or unpin it (convenors)."""
    _require_convenor(actor, post.community)
    _refuse_if_deleted(post)
    post.is_pinned = pinned
    post.save(update_fields=["is_pinned"])
    record(actor, "post.pinned" if pinned else "post.unpinned", post)
    return post


@transaction.atomic
def set_locked(*, actor: User, post: Post, locked: bool) -> Post:
    """Close a post to new comments, or open it again (convenors)."""
    _require_convenor(actor, post.community)
    _refuse_if_deleted(post)
    post.is_locked = locked
    post.save(update_fields=["is_locked"])
    record(actor, "post.locked" if locked else "post.unlocked", post)
    return post


@transaction.atomic
def add_comment(
    *, actor: User, post: Post, body: str, parent: Comment | None = None, guest: bool = False
) -> Comment:
    """Reply to a post, or to a comment on it; replies to replies join the same thread.

    `guest=True`: as for create_post, a non-member the calling service vouched for.
    """
    if not guest:
        _require_member(actor, post.community)
    _refuse_if_deleted(post)
    if post.is_locked:
        raise DiscussionError("This post is locked: it takes no new comments.")
    body = _text(body, "comment", COMMENT_LIMIT)
    if parent is not None:
        if parent.post_id != post.pk:
            raise DiscussionError("That comment belongs to another post.")
        _refuse_if_deleted(parent)
        parent = parent.parent or parent
    comment = Comment.objects.create(post=post, parent=parent, author=actor, body=body)
    Post.objects.filter(pk=post.pk).update(updated_at=comment.created_at)
    Follow.objects.get_or_create(user=actor, post=post)
    record(actor, "comment.created", comment)
    transaction.on_commit(lambda: _notify_comment(comment))
    return comment


@transaction.atomic
def edit_comment(*, actor: User, comment: Comment, body: str) -> Comment:
    """Change a comment, keeping what it said before in its history."""
    _require_editor(actor, comment.author_id, comment.post.community)
    _refuse_if_deleted(comment)
    body = _text(body, "comment", COMMENT_LIMIT)
    Revision.objects.create(comment=comment, body=comment.body, edited_by=actor)
    comment.body = body
    comment.edited_at = comment.updated_at = timezone.now()
    comment.save(update_fields=["body", "edited_at", "updated_at"])
    record(actor, "comment.edited", comment)
    return comment


@transaction.atomic
def delete_comment(*, actor: User, comment: Comment) -> Comment:
    """Withdraw a comment; replies to it stay readable."""
    _require_editor(actor, comment.author_id, comment.post.community)
    _refuse_if_deleted(comment)
    comment.deleted_at, comment.deleted_by = timezone.now(), actor
    comment.save(update_fields=["deleted_at", "deleted_by"])
    record(actor, "comment.deleted", comment)
    return comment


@transaction.atomic
def encourage(
    *, actor: User, kind: str, post: Post | None = None, comment: Comment | None = None
) -> Reaction:
    """Give encouragement of one kind to a post or a comment, once."""
    if kind not in Reaction.Kind.values:
        raise DiscussionError(f"“{kind}” is not a kind of encouragement.")
    target = post or (comment.post if comment else None)
    if target is None:
        raise DiscussionError("Encouragement goes to a post or to a comment.")
    _require_member(actor, target.community)
    _refuse_if_deleted(comment or target)
    try:
        with transaction.atomic():
            return Reaction.objects.create(user=actor, post=post, comment=comment, kind=kind)
    except IntegrityError:
        raise DiscussionError("You have already given that encouragement.") from None


@transaction.atomic
def withdraw_encouragement(
    *, actor: User, kind: str, post: Post | None = None, comment: Comment | None = None
) -> None:
    """Take back encouragement you gave."""
    if kind not in Reaction.Kind.values:
        raise DiscussionError(f"“{kind}” is not a kind of encouragement.")
    deleted, _ = Reaction.objects.filter(user=actor, kind=kind, post=post, comment=comment).delete()
    if not deleted:
        raise DiscussionError("You had not given that encouragement.")


def follow(*, actor: User, post: Post) -> Follow:
    """Hear about new comments on a post."""
    return Follow.objects.get_or_create(user=actor, post=post)[0]


def unfollow(*, actor: User, post: Post) -> None:
    """Stop hearing about a post."""
    Follow.objects.filter(user=actor, post=post).delete()


@transaction.atomic
def renew_feed_token(*, actor: User) -> FeedToken:
    """Give a person a new feed key; feed readers holding the old one are refused at once."""
    token, created = FeedToken.objects.get_or_create(user=actor)
    if not created:
        token.key = FeedToken._meta.get_field("key").get_default()
        token.save(update_fields=["key", "created_at"])
    record(actor, "feed_token.renewed", token)
    return token


def can_moderate(user: User, community: Community) -> bool:
    return community.is_led_by(user)


def may_edit(user: User, item: Post | Comment) -> bool:
    """Whether a person may change or delete a post or comment that still stands."""
    community = item.community if isinstance(item, Post) else item.post.community
    return not item.is_deleted and (item.author_id == user.pk or can_moderate(user, community))


def _notify_comment(comment: Comment) -> None:
    """Tell each person once, by the strongest reason: a mention, a reply, then a follow."""
    post, author = comment.post, comment.author
    key = f"comment:{comment.pk}"
    told = _notify_mentions(comment, comment.body, author, key) | {author.pk}
    reasons = []
    if comment.parent:
        reasons.append((comment.parent.author, "reply", f"{author} replied to your comment"))
    reasons.append((post.author, "reply", f"{author} commented on “{post.title}”"))
    followers = post.follows.exclude(user_id__in=told).select_related("user")
    message = f"{author} commented on “{post.title}”, which you follow"
    reasons += [(row.user, "followed_post", message) for row in followers]
    for person, kind, text in reasons:
        if person.pk not in told and _can_read(person, post.community):
            _tell(person, author, kind, text, comment, key)
            told.add(person.pk)


def _notify_mentions(target: Post | Comment, body: str, actor: User, key: str) -> set[int]:
    """Notify the readers mentioned in `body`; return who was told."""
    community = target.community if isinstance(target, Post) else target.post.community
    handles = mentioned_handles(body)
    people = User.objects.active().filter(handle__in=handles) if handles else []
    told = set()
    for person in people:
        if person.pk != actor.pk and _can_read(person, community):
            _tell(person, actor, "mention", f"{actor} mentioned you in {community}", target, key)
            told.add(person.pk)
    return told


def _can_read(person: User, community: Community) -> bool:
    return person.is_active and readable_communities(person).filter(pk=community.pk).exists()


def _tell(
    recipient: User, actor: User, kind: str, message: str, target: Post | Comment, key: str
) -> None:
    notify(
        recipient=recipient,
        actor=actor,
        kind=kind,
        message=message[:300],
        url=target.get_absolute_url(),
        key=f"{key}:{kind}:{recipient.pk}",
        community=target.community if isinstance(target, Post) else target.post.community,
    )


def _tags(names: Iterable[str]) -> list[Tag]:
    cleaned = list(dict.fromkeys(name.strip()[:40] for name in names if name.strip()))
    if len(cleaned) > MAX_TAGS:
        raise DiscussionError(f"Use at most {MAX_TAGS} tags.")
    return [_tag(name) for name in cleaned]


def _tag(name: str) -> Tag:
    existing = Tag.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    slug = _free_slug(slugify(name)[:36] or "tag")
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name, slug=slug)
    except IntegrityError:  # a tag of that name or slug was created a moment ago
        return Tag.objects.filter(name__iexact=name).first() or Tag.objects.get(slug=slug)


def _free_slug(base: str) -> str:
    slug, number = base, 1
    while Tag.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _text(value: str, what: str, limit: int) -> str:
    value = value.strip()
    if CONTROL_CHARACTERS.search(value):
        raise DiscussionError(f"The {what} contains control characters; remove them.")
    if not value:
        raise DiscussionError(f"The {what} cannot be empty.")
    if len(value) > limit:
        raise DiscussionError(f"The {what} can be at most {limit:,} characters long.")
    return value


def _require_member(actor: User, community: Community) -> None:
    if not community.memberships.current().filter(user=actor).exists():
        raise DiscussionError(f"Only members of {community} can take part in its conversations.")


def _require_editor(actor: User, author_id: int, community: Community) -> None:
    if actor.pk != author_id and not can_moderate(actor, community):
        raise DiscussionError("Only the author or the community's convenors can change this.")


def _require_convenor(actor: User, community: Community) -> None:
    if not can_moderate(actor, community):
        raise DiscussionError("Only the community's convenors can do that.")


def _refuse_if_deleted(item: Post | Comment) -> None:
    if item.is_deleted:
        raise DiscussionError("This has been deleted.")

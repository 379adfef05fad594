import datetime
from typing import Annotated, Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.text import slugify
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import ConfigDict, StringConstraints

from convene.api.types import Text
from convene.discussions import services
from convene.discussions.access import (
    get_comment_for_user,
    get_post_for_user,
    get_readable_community,
)
from convene.discussions.models import (
    COMMENT_LIMIT,
    POST_LIMIT,
    TITLE_LIMIT,
    Comment,
    Post,
    Reaction,
    Tag,
)
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef

router = Router(tags=["discussions"])

TAG_LIMIT = Tag._meta.get_field("name").max_length
KINDS = ", ".join(f"`{kind}`" for kind in Reaction.Kind.values)
# Text's NUL check goes after the length limit, so a too-long tag is told so plainly.
TagName = Annotated[str, StringConstraints(max_length=TAG_LIMIT), *Text.__metadata__]


def _reactions_prefetch() -> Prefetch[Any]:
    return Prefetch("reactions", queryset=Reaction.objects.select_related("user"))


class ReactionSummaryOut(Schema):
    kind: str
    label: str
    givers: list[str] = Field(description="Handles of the people who gave it, earliest first.")


def _summarise(item: Post | Comment) -> list[dict[str, object]]:
    # `reactions` is prefetched with its users, so this costs no queries. Like the pages,
    # show no encouragement on what was deleted.
    rows = [] if item.is_deleted else list(item.reactions.all())
    return [
        {
            "kind": kind.value,
            "label": kind.label,
            "givers": [row.user.handle for row in rows if row.kind == kind],
        }
        for kind in Reaction.Kind
    ]


class PostOut(Schema):
    id: int
    community: str
    title: str = Field(description="Empty once the post is deleted.")
    author: PersonRef
    created_at: datetime.datetime
    updated_at: datetime.datetime
    edited: bool
    deleted: bool
    pinned: bool
    locked: bool
    tags: list[str]
    comment_count: int
    url: str

    @staticmethod
    def resolve_community(post: Post) -> str:
        return post.community.slug

    @staticmethod
    def resolve_title(post: Post) -> str:
        return "" if post.is_deleted else post.title

    @staticmethod
    def resolve_edited(post: Post) -> bool:
        return post.edited_at is not None

    @staticmethod
    def resolve_deleted(post: Post) -> bool:
        return post.is_deleted

    @staticmethod
    def resolve_pinned(post: Post) -> bool:
        return post.is_pinned

    @staticmethod
    def resolve_locked(post: Post) -> bool:
        return post.is_locked

    @staticmethod
    def resolve_tags(post: Post) -> list[str]:
        # `tags` is prefetched by PostQuerySet.for_list().
        return [tag.name for tag in post.tags.all()]

    @staticmethod
    def resolve_url(post: Post) -> str:
        return post.get_absolute_url()


class PostDetailOut(PostOut):
    body_html: str = Field(description="Empty once the post is deleted.")
    reactions: list[ReactionSummaryOut]

    @staticmethod
    def resolve_body_html(post: Post) -> str:
        return "" if post.is_deleted else post.body_html

    @staticmethod
    def resolve_reactions(post: Post) -> list[dict[str, object]]:
        return _summarise(post)


class CommentOut(Schema):
    id: int
    parent: int | None = Field(description="The comment this replies to, if any.")
    author: PersonRef
    body_html: str = Field(description="Empty once the comment is deleted.")
    deleted: bool
    created_at: datetime.datetime
    edited: bool
    reactions: list[ReactionSummaryOut]
    url: str

    @staticmethod
    def resolve_parent(comment: Comment) -> int | None:
        return comment.parent_id

    @staticmethod
    def resolve_body_html(comment: Comment) -> str:
        return "" if comment.is_deleted else comment.body_html

    @staticmethod
    def resolve_deleted(comment: Comment) -> bool:
        return comment.is_deleted

    @staticmethod
    def resolve_edited(comment: Comment) -> bool:
        return comment.edited_at is not None

    @staticmethod
    def resolve_reactions(comment: Comment) -> list[dict[str, object]]:
        return _summarise(comment)

    @staticmethod
    def resolve_url(comment: Comment) -> str:
        return comment.get_absolute_url()


class PostFilters(Schema):
    tag: Text = Field(
        "", max_length=TAG_LIMIT, description="Only posts with this tag (name or slug)."
    )


class PostIn(Schema):
    # Strip as Django's form fields do, so a title of spaces counts as empty.
    model_config = ConfigDict(str_strip_whitespace=True)

    title: Text = Field(min_length=1, max_length=TITLE_LIMIT)
    body: Text = Field(min_length=1, max_length=POST_LIMIT, description="Markdown.")
    tags: list[TagName] = Field(default_factory=list, max_length=services.MAX_TAGS)


class PostChangeIn(Schema):
    """Only the fields given change."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: Text | None = Field(None, min_length=1, max_length=TITLE_LIMIT)
    body: Text | None = Field(None, min_length=1, max_length=POST_LIMIT, description="Markdown.")
    tags: list[TagName] | None = Field(None, max_length=services.MAX_TAGS)


class CommentIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    body: Text = Field(min_length=1, max_length=COMMENT_LIMIT, description="Markdown.")
    parent: int | None = Field(None, description="The id of a comment on the same post.")


class CommentChangeIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    body: Text = Field(min_length=1, max_length=COMMENT_LIMIT, description="Markdown.")


def _detail(post: Post) -> Post:
    """Fetch a post again the way lists do, with its comment count and encouragement."""
    return Post.objects.filter(pk=post.pk).for_list().prefetch_related(_reactions_prefetch()).get()


def _comments(post: Post) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(post=post)
        .select_related("author", "post__community")
        .prefetch_related(_reactions_prefetch())
    )


def _comment(post: Post, comment: Comment) -> Comment:
    """Fetch a comment again the way lists do, with its encouragement."""
    return _comments(post).get(pk=comment.pk)


def _parent(request: AuthenticatedRequest, post: Post, parent_id: int | None) -> Comment | None:
    if parent_id is None:
        return None
    try:
        return get_comment_for_user(request.user, post, parent_id)
    except Http404:
        # A field in the body, not the address, is wrong: say so rather than 404.
        raise HttpError(400, f"There is no comment {parent_id} on this post to reply to.") from None


# Posts


@router.get(
    "/communities/{slug}/posts",
    response=list[PostOut],
    summary="Posts in a community, pinned first, then newest",
)
@paginate
def post_list(request: AuthenticatedRequest, slug: Text, filters: Query[PostFilters]) -> object:
    community = get_readable_community(request.user, slug)
    posts = Post.objects.filter(community=community).for_list()
    if filters.tag:
        posts = posts.filter(tags__slug=slugify(filters.tag))
    return posts


@router.post(
    "/communities/{slug}/posts",
    response={201: PostDetailOut},
    summary="Start a conversation (members)",
)
def post_create(request: AuthenticatedRequest, slug: Text, body: PostIn) -> Post:
    community = get_readable_community(request.user, slug)
    post = services.create_post(
        actor=request.user, community=community, title=body.title, body=body.body, tags=body.tags
    )
    return _detail(post)


@router.get(
    "/communities/{slug}/posts/{post_id}",
    response=PostDetailOut,
    summary="One post, with its body and who encouraged it",
)
def post_detail(request: AuthenticatedRequest, slug: Text, post_id: int) -> Post:
    return _detail(get_post_for_user(request.user, slug, post_id))


@router.patch(
    "/communities/{slug}/posts/{post_id}",
    response=PostDetailOut,
    summary="Edit a post (author or convenors); the earlier text is kept in its history",
)
def post_edit(request: AuthenticatedRequest, slug: Text, post_id: int, body: PostChangeIn) -> Post:
    post = get_post_for_user(request.user, slug, post_id)
    tags = body.tags if body.tags is not None else [tag.name for tag in post.tags.all()]
    services.edit_post(
        actor=request.user,
        post=post,
        title=body.title if body.title is not None else post.title,
        body=body.body if body.body is not None else post.body,
        tags=tags,
    )
    return _detail(post)


@router.delete(
    "/communities/{slug}/posts/{post_id}",
    response={204: None},
    summary="Delete a post (author or convenors); its comments stay readable",
)
def post_delete(request: AuthenticatedRequest, slug: Text, post_id: int) -> None:
    post = get_post_for_user(request.user, slug, post_id)
    services.delete_post(actor=request.user, post=post)


@router.post(
    "/communities/{slug}/posts/{post_id}/pin",
    response=PostOut,
    summary="Pin a post to the top of the list (convenors)",
)
def post_pin(request: AuthenticatedRequest, slug: Text, post_id: int) -> Post:
    post = get_post_for_user(request.user, slug, post_id)
    services.set_pinned(actor=request.user, post=post, pinned=True)
    return _detail(post)


@router.post(
    "/communities/{slug}/posts/{post_id}/unpin",
    response=PostOut,
    summary="Unpin a post (convenors)",
)
def post_unpin(request: AuthenticatedRequest, slug: Text, post_id: int) -> Post:
    post = get_post_for_user(request.user, slug, post_id)
    services.set_pinned(actor=request.user, post=post, pinned=False)
    return _detail(post)


@router.post(
    "/communities/{slug}/posts/{post_id}/lock",
    response=PostOut,
    summary="Close a post to new comments (convenors)",
)
def post_lock(request: AuthenticatedRequest, slug: Text, post_id: int) -> Post:
    post = get_post_for_user(request.user, slug, post_id)
    services.set_locked(actor=request.user, post=post, locked=True)
    return _detail(post)


@router.post(
    "/communities/{slug}/posts/{post_id}/unlock",
    response=PostOut,
    summary="Open a post to comments again (convenors)",
)
def post_unlock(request: AuthenticatedRequest, slug: Text, post_id: int) -> Post:
    post = get_post_for_user(request.user, slug, post_id)
    services.set_locked(actor=request.user, post=post, locked=False)
    return _detail(post)


# Comments


@router.get(
    "/communities/{slug}/posts/{post_id}/comments",
    response=list[CommentOut],
    summary="Comments on a post, oldest first",
)
@paginate
def comment_list(request: AuthenticatedRequest, slug: Text, post_id: int) -> object:
    return _comments(get_post_for_user(request.user, slug, post_id))


@router.post(
    "/communities/{slug}/posts/{post_id}/comments",
    response={201: CommentOut},
    summary="Comment on a post, or reply to a comment on it (members)",
)
def comment_create(
    request: AuthenticatedRequest, slug: Text, post_id: int, body: CommentIn
) -> Comment:
    post = get_post_for_user(request.user, slug, post_id)
    parent = _parent(request, post, body.parent)
    comment = services.add_comment(actor=request.user, post=post, body=body.body, parent=parent)
    return _comment(post, comment)


@router.patch(
    "/communities/{slug}/posts/{post_id}/comments/{comment_id}",
    response=CommentOut,
    summary="Edit a comment (author or convenors)",
)
def comment_edit(
    request: AuthenticatedRequest, slug: Text, post_id: int, comment_id: int, body: CommentChangeIn
) -> Comment:
    post = get_post_for_user(request.user, slug, post_id)
    comment = get_comment_for_user(request.user, post, comment_id)
    services.edit_comment(actor=request.user, comment=comment, body=body.body)
    return _comment(post, comment)


@router.delete(
    "/communities/{slug}/posts/{post_id}/comments/{comment_id}",
    response={204: None},
    summary="Delete a comment (author or convenors); replies to it stay readable",
)
def comment_delete(
    request: AuthenticatedRequest, slug: Text, post_id: int, comment_id: int
) -> None:
    post = get_post_for_user(request.user, slug, post_id)
    comment = get_comment_for_user(request.user, post, comment_id)
    services.delete_comment(actor=request.user, comment=comment)


# Encouragement and following

GIVE = f"Kinds: {KINDS}. Answers 204 once given; giving the same kind again is refused with 400."
WITHDRAW = "Answers 204 once withdrawn; withdrawing what you had not given is refused with 400."


@router.put(
    "/communities/{slug}/posts/{post_id}/reactions/{kind}",
    response={204: None},
    summary="Encourage a post (members)",
    description=GIVE,
)
def post_encourage(request: AuthenticatedRequest, slug: Text, post_id: int, kind: Text) -> None:
    post = get_post_for_user(request.user, slug, post_id)
    services.encourage(actor=request.user, kind=kind, post=post)


@router.delete(
    "/communities/{slug}/posts/{post_id}/reactions/{kind}",
    response={204: None},
    summary="Withdraw your encouragement of a post",
    description=WITHDRAW,
)
def post_withdraw_encouragement(
    request: AuthenticatedRequest, slug: Text, post_id: int, kind: Text
) -> None:
    post = get_post_for_user(request.user, slug, post_id)
    services.withdraw_encouragement(actor=request.user, kind=kind, post=post)


@router.put(
    "/communities/{slug}/posts/{post_id}/comments/{comment_id}/reactions/{kind}",
    response={204: None},
    summary="Encourage a comment (members)",
    description=GIVE,
)
def comment_encourage(
    request: AuthenticatedRequest, slug: Text, post_id: int, comment_id: int, kind: Text
) -> None:
    post = get_post_for_user(request.user, slug, post_id)
    comment = get_comment_for_user(request.user, post, comment_id)
    services.encourage(actor=request.user, kind=kind, comment=comment)


@router.delete(
    "/communities/{slug}/posts/{post_id}/comments/{comment_id}/reactions/{kind}",
    response={204: None},
    summary="Withdraw your encouragement of a comment",
    description=WITHDRAW,
)
def comment_withdraw_encouragement(
    request: AuthenticatedRequest, slug: Text, post_id: int, comment_id: int, kind: Text
) -> None:
    post = get_post_for_user(request.user, slug, post_id)
    comment = get_comment_for_user(request.user, post, comment_id)
    services.withdraw_encouragement(actor=request.user, kind=kind, comment=comment)


@router.put(
    "/communities/{slug}/posts/{post_id}/follow",
    response={204: None},
    summary="Follow a post: hear about new comments on it",
)
def post_follow(request: AuthenticatedRequest, slug: Text, post_id: int) -> None:
    post = get_post_for_user(request.user, slug, post_id)
    services.follow(actor=request.user, post=post)


@router.delete(
    "/communities/{slug}/posts/{post_id}/follow",
    response={204: None},
    summary="Stop following a post",
)
def post_unfollow(request: AuthenticatedRequest, slug: Text, post_id: int) -> None:
    post = get_post_for_user(request.user, slug, post_id)
    services.unfollow(actor=request.user, post=post)


@router.get(
    "/me/follows",
    response=list[PostOut],
    summary="Posts you follow that you can still read, most recently active first",
)
@paginate
def follow_list(request: AuthenticatedRequest) -> object:
    posts = Post.objects.visible_to(request.user).filter(follows__user=request.user)
    return posts.for_list().order_by("-updated_at", "-id")

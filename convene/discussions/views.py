from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from convene.communities.models import Community
from convene.discussions import services
from convene.discussions.access import (
    get_comment_for_user,
    get_post_for_user,
    get_readable_community,
)
from convene.discussions.feeds import feed_key_for
from convene.discussions.forms import CommentForm, PostForm, SearchForm
from convene.discussions.models import Comment, Post, Reaction, Tag, prefetch_thread
from convene.discussions.search import search_conversations
from convene.discussions.services import DiscussionError
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest
from convene.people.models import User

PAGE_SIZE = 40


@login_required
def post_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_readable_community(request.user, slug)
    posts = Post.objects.filter(community=community).for_list()
    tag = None
    if request.GET.get("tag"):
        tag = get_object_or_404(Tag, slug=_plain(request.GET["tag"][:40]))
        posts = posts.filter(tags=tag)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"community": community, "page": page, "tag": tag, **_membership(request, community)}
    return render(request, "discussions/post_list.html", context)


@login_required
def post_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_readable_community(request.user, slug)
    form = PostForm(request.POST or None)
    if form.is_valid():
        try:
            post = services.create_post(
                actor=request.user, community=community, **form.cleaned_data
            )
        except DiscussionError as error:
            form.add_error(None, str(error))
        else:
            return redirect(post)
    return render(request, "discussions/post_form.html", {"community": community, "form": form})


@login_required
def post_detail(request: AuthenticatedRequest, slug: str, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, slug, post_id)
    prefetch_related_objects([post], *prefetch_thread(), "tags")
    comments = list(post.comments.all())
    context = {
        "post": post,
        "community": post.community,
        "post_reactions": _reaction_summary(post.reactions.all(), request.user),
        "threads": _threads(comments, request.user),
        "tags": post.tags.all(),
        "comment_form": CommentForm(),
        "is_following": post.follows.filter(user=request.user).exists(),
        "can_moderate": services.can_moderate(request.user, post.community),
        **_membership(request, post.community),
    }
    return render(request, "discussions/post_detail.html", context)


@login_required
def post_edit(request: AuthenticatedRequest, slug: str, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, slug, post_id)
    if not services.may_edit(request.user, post):
        raise Http404
    initial = {
        "title": post.title,
        "body": post.body,
        "tags": ", ".join(post.tags.values_list("name", flat=True)),
    }
    form = PostForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.edit_post(actor=request.user, post=post, **form.cleaned_data)
        except DiscussionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your changes are saved; the earlier text is in the history.")
            return redirect(post)
    context = {"community": post.community, "form": form, "post": post}
    return render(request, "discussions/post_form.html", context)


@login_required
def post_history(request: AuthenticatedRequest, slug: str, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, slug, post_id)
    if post.is_deleted:
        raise Http404
    revisions = post.revisions.select_related("edited_by")
    context = {"post": post, "community": post.community, "revisions": revisions}
    return render(request, "discussions/post_history.html", context)


@login_required
@require_POST
def post_action(
    request: AuthenticatedRequest, slug: str, post_id: int, action: str
) -> HttpResponse:
    post = get_post_for_user(request.user, slug, post_id)
    actions = {
        "delete": (lambda: services.delete_post(actor=request.user, post=post), "Post deleted."),
        "pin": (lambda: services.set_pinned(actor=request.user, post=post, pinned=True), "Pinned."),
        "unpin": (
            lambda: services.set_pinned(actor=request.user, post=post, pinned=False),
            "Unpinned.",
        ),
        "lock": (
            lambda: services.set_locked(actor=request.user, post=post, locked=True),
            "Locked.",
        ),
        "unlock": (
            lambda: services.set_locked(actor=request.user, post=post, locked=False),
            "Unlocked.",
        ),
        "follow": (lambda: services.follow(actor=request.user, post=post), "You follow this post."),
        "unfollow": (
            lambda: services.unfollow(actor=request.user, post=post),
            "You no longer follow it.",
        ),
    }
    if action not in actions:
        raise Http404
    run, success = actions[action]
    _attempt(request, run, success)
    return redirect(post)


@login_required
@require_POST
def comment_create(request: AuthenticatedRequest, slug: str, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, slug, post_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return redirect(post)
    parent = None
    if form.cleaned_data["parent"]:
        parent = get_comment_for_user(request.user, post, form.cleaned_data["parent"])
    try:
        comment = services.add_comment(
            actor=request.user, post=post, body=form.cleaned_data["body"], parent=parent
        )
    except DiscussionError as error:
        messages.error(request, str(error))
        return redirect(post)
    return redirect(comment.get_absolute_url())


@login_required
def comment_edit(
    request: AuthenticatedRequest, slug: str, post_id: int, comment_id: int
) -> HttpResponse:
    post = get_post_for_user(request.user, slug, post_id)
    comment = get_comment_for_user(request.user, post, comment_id)
    if not services.may_edit(request.user, comment):
        raise Http404
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if form.is_valid():
        try:
            services.edit_comment(
                actor=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except DiscussionError as error:
            form.add_error(None, str(error))
        else:
            return redirect(comment.get_absolute_url())
    context = {"community": post.community, "post": post, "comment": comment, "form": form}
    return render(request, "discussions/comment_form.html", context)


@login_required
@require_POST
def comment_delete(
    request: AuthenticatedRequest, slug: str, post_id: int, comment_id: int
) -> HttpResponse:
    post = get_post_for_user(request.user, slug, post_id)
    comment = get_comment_for_user(request.user, post, comment_id)
    _attempt(
        request,
        lambda: services.delete_comment(actor=request.user, comment=comment),
        "Comment deleted.",
    )
    return redirect(post)


@login_required
@require_POST
def reaction_toggle(request: AuthenticatedRequest, slug: str, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, slug, post_id)
    kind = request.POST.get("kind", "")
    if kind not in Reaction.Kind.values:
        messages.error(request, f"“{kind[:40]}” is not a kind of encouragement.")
        return redirect(post)
    comment = None
    if request.POST.get("comment"):
        comment = get_comment_for_user(request.user, post, _number(request.POST["comment"]))
    target = {"comment": comment} if comment else {"post": post}
    given = Reaction.objects.filter(user=request.user, kind=kind, **target).exists()
    change = services.withdraw_encouragement if given else services.encourage
    _attempt(request, lambda: change(actor=request.user, kind=kind, **target), "")
    anchor = f"#comment-{comment.pk}" if comment else ""
    return redirect(post.get_absolute_url() + anchor)


@login_required
def search(request: AuthenticatedRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = search_conversations(request.user, form.cleaned_data["q"])
    return render(request, "discussions/search.html", {"form": form, "results": results})


@login_required
@require_POST
def feed_token_renew(request: AuthenticatedRequest) -> HttpResponse:
    services.renew_feed_token(actor=request.user)
    messages.success(
        request, "Your feed key is renewed; feed readers using the old one are refused."
    )
    return redirect(request.user)


def _plain(text: str) -> str:
    """Text fit for a lookup; a NUL character, which PostgreSQL cannot hold, finds nothing."""
    if "\x00" in text:
        raise Http404
    return text


def _number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise Http404 from None
    if not 0 < number < 2**31:
        raise Http404
    return number


def _membership(request: AuthenticatedRequest, community: Community) -> dict[str, object]:
    return {
        "is_member": community.memberships.current().filter(user=request.user).exists(),
        "feed_key": feed_key_for(request.user),
    }


def _reaction_summary(reactions: Iterable[Reaction], user: User) -> list[dict[str, object]]:
    """For each kind: who gave it and whether the person looking did."""
    rows = list(reactions)
    summary = []
    for kind in Reaction.Kind:
        givers = [reaction.user for reaction in rows if reaction.kind == kind]
        summary.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "givers": givers,
                "mine": any(giver.pk == user.pk for giver in givers),
            }
        )
    return summary


def _threads(comments: list[Comment], user: User) -> list[dict[str, object]]:
    """Top-level comments, each with its replies, in order."""
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [
        {
            "comment": comment,
            "reactions": _reaction_summary(comment.reactions.all(), user),
            "replies": [
                {"comment": reply, "reactions": _reaction_summary(reply.reactions.all(), user)}
                for reply in replies.get(comment.pk, [])
            ],
        }
        for comment in comments
        if not comment.parent_id
    ]


def _attempt(request: AuthenticatedRequest, action: Callable[[], object], success: str) -> bool:
    try:
        action()
    except DiscussionError as error:
        messages.error(request, str(error))
        return False
    if success:
        messages.success(request, success)
    return True

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from convene.agenda.summaries import community_panel as agenda_panel
from convene.communities import services
from convene.communities.access import (
    get_charter_community_for_user,
    get_charter_version_for_user,
    get_community_by_join_link,
    get_community_for_user,
    get_invitation_for_invitee,
    get_join_request_for_manager,
)
from convene.communities.forms import (
    CharterCommentForm,
    CharterCompareForm,
    CharterVersionForm,
    CommunityCreateForm,
    CommunityEditForm,
    CommunityFilterForm,
    DecisionForm,
    InvitationForm,
    InvitationResponseForm,
    JoinRequestForm,
    RoleForm,
    SponsorForm,
)
from convene.communities.models import (
    CHARTER_FIELDS,
    CHARTER_LABELS,
    CharterVersion,
    Community,
    Invitation,
    JoinRequest,
    Membership,
)
from convene.communities.services import CommunityError
from convene.discussions.feeds import feed_key_for
from convene.discussions.models import Post, readable_communities
from convene.elections.summaries import community_panel as election_panel
from convene.gatherings.summaries import community_panel as gathering_panel
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest
from convene.lib.textdiff import diff_html, differs
from convene.people.mix import team_mix
from convene.people.models import User
from convene.projects.summaries import community_panel as project_panel
from convene.reflections.models import SHARING_MINIMUM_MEMBERS
from convene.reflections.services import shared_by_prompt
from convene.resources.summaries import community_panel as resource_panel

DIRECTORY_PAGE_SIZE = 40


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "communities/welcome.html")
    user = request.user
    assert isinstance(user, User)
    mine = Community.objects.visible_to(user).joined_by(user).for_directory(user)
    invitations = Invitation.objects.filter(
        invitee=user, status=Invitation.Status.PENDING
    ).select_related("community", "invited_by")
    to_explore = (
        Community.objects.visible_to(user)
        .not_joined_by(user)
        .filter(visibility=Community.Visibility.OPEN)
        .for_directory(user)[:4]
    )
    waiting = JoinRequest.objects.filter(
        status=JoinRequest.Status.PENDING, community__in=Community.objects.led_by(user)
    ).select_related("community", "user")
    context = {
        "my_communities": mine,
        "invitations": invitations,
        "waiting_requests": waiting,
        "to_explore": to_explore,
    }
    return render(request, "communities/home.html", context)


@login_required
def community_list(request: AuthenticatedRequest) -> HttpResponse:
    form = CommunityFilterForm(request.GET or None)
    communities = Community.objects.visible_to(request.user)
    if form.is_bound and form.is_valid():
        communities = communities.search(form.cleaned_data["q"])
        if form.cleaned_data["scope"] == "mine":
            communities = communities.joined_by(request.user)
    elif form.is_bound:
        communities = communities.none()
    communities = communities.for_directory(request.user)
    page = Paginator(communities, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "communities/community_list.html", {"form": form, "page": page})


@login_required
def community_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    readable = readable_communities(request.user).filter(pk=community.pk).exists()
    members = _current_members(community)
    context = {
        "community": community,
        "recent_posts": Post.objects.filter(community=community).for_list()[:5]
        if readable
        else None,
        "feed_key": feed_key_for(request.user) if readable else None,
        "readable": readable,
        **_charter_summary(community if readable else None),
        "membership": community.current_membership(request.user),
        "members": members,
        "mix": team_mix(member.user for member in members),
        **election_panel(community, request.user, readable=readable),
        **gathering_panel(community, request.user, readable=readable),
        **agenda_panel(community, request.user, readable=readable),
        **project_panel(community, request.user, readable=readable),
        **resource_panel(community, request.user, readable=readable),
        "can_manage": community.can_manage(request.user),
        "can_appoint": community.can_appoint(request.user),
        "pending_invitation": Invitation.objects.filter(
            community=community, invitee=request.user, status=Invitation.Status.PENDING
        ).first(),
        "pending_requests": community.join_requests.filter(
            status=JoinRequest.Status.PENDING
        ).count(),
    }
    return render(request, "communities/community_detail.html", context)


@login_required
def community_history(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    spells = community.memberships.select_related("user").order_by("-joined_at", "-id")
    page = Paginator(spells, 100).get_page(request.GET.get("page"))
    return render(
        request, "communities/community_history.html", {"community": community, "page": page}
    )


@login_required
def community_create(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_administrator:
        raise Http404
    form = CommunityCreateForm(request.POST or None)
    if form.is_valid():
        try:
            community = services.create_community(actor=request.user, **form.cleaned_data)
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{community.name} is ready.")
            return redirect(community)
    return render(request, "communities/community_form.html", {"form": form})


@login_required
def community_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    if not community.can_manage(request.user):
        raise Http404
    initial = {"purpose": community.purpose, "visibility": community.visibility}
    form = CommunityEditForm(request.POST or None, initial=initial)
    sponsor_form = SponsorForm(initial={"sponsor": community.sponsor})
    if form.is_valid():
        try:
            services.update_community(actor=request.user, community=community, **form.cleaned_data)
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved.")
            return redirect(community)
    return render(
        request,
        "communities/community_edit.html",
        {"community": community, "form": form, "sponsor_form": sponsor_form},
    )


@login_required
@require_POST
def community_sponsor(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    if not request.user.is_administrator:
        raise Http404
    form = SponsorForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return redirect("communities:community_edit", slug=slug)
    sponsor = form.cleaned_data["sponsor"]
    _attempt(
        request,
        lambda: services.set_sponsor(actor=request.user, community=community, sponsor=sponsor),
        f"{sponsor} now sponsors {community}." if sponsor else "The sponsor has been removed.",
    )
    return redirect(community)


@login_required
@require_POST
def community_join(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    _attempt(
        request,
        lambda: services.join_community(actor=request.user, community=community),
        f"Welcome to {community}.",
    )
    return redirect(community)


@login_required
@require_POST
def community_leave(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    left = _attempt(
        request,
        lambda: services.leave_community(actor=request.user, community=community),
        f"You have left {community}.",
    )
    if left and community.is_private and not request.user.is_administrator:
        return redirect("communities:community_list")
    return redirect(community)


@login_required
def join_link(request: AuthenticatedRequest, token: str) -> HttpResponse:
    community = get_community_by_join_link(request.user, token)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        message = form.cleaned_data["message"]
        if _attempt(
            request,
            lambda: services.request_to_join(
                actor=request.user, community=community, message=message
            ),
            "Your request has gone to the convenors.",
        ):
            return redirect("home")
    return render(request, "communities/join_link.html", {"community": community, "form": form})


@login_required
def join_request_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    if not community.can_manage(request.user):
        raise Http404
    pending = community.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
        "user__org_unit", "user__site"
    )
    context = {
        "community": community,
        "pending": pending,
        "invitation_form": InvitationForm(community=community),
        "join_link": request.build_absolute_uri(
            reverse("communities:join_link", args=[community.join_link_token])
        ),
    }
    return render(request, "communities/join_request_list.html", context)


@login_required
@require_POST
def join_request_decide(
    request: AuthenticatedRequest, slug: str, request_id: uuid.UUID
) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    join_request = get_join_request_for_manager(request.user, community, request_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        verb = "approved" if form.approves else "declined"
        _attempt(
            request,
            lambda: services.decide_join_request(
                actor=request.user, join_request=join_request, approve=form.approves
            ),
            f"You {verb} {join_request.user}'s request.",
        )
    else:
        messages.error(request, error_summary(form))
    return redirect("communities:join_request_list", slug=slug)


@login_required
@require_POST
def join_link_renew(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    if not community.can_manage(request.user):
        raise Http404
    _attempt(
        request,
        lambda: services.renew_join_link(actor=request.user, community=community),
        "A new join link is ready; the old one no longer works.",
    )
    return redirect("communities:join_request_list", slug=slug)


@login_required
@require_POST
def invitation_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    if not community.can_manage(request.user):
        raise Http404
    form = InvitationForm(request.POST, community=community)
    if form.is_valid():
        invitee, message = form.cleaned_data["invitee"], form.cleaned_data["message"]
        _attempt(
            request,
            lambda: services.invite(
                actor=request.user, community=community, invitee=invitee, message=message
            ),
            f"{invitee} has been invited.",
        )
    else:
        messages.error(request, error_summary(form))
    return redirect("communities:join_request_list", slug=slug)


@login_required
@require_POST
def invitation_respond(request: AuthenticatedRequest, invitation_id: uuid.UUID) -> HttpResponse:
    invitation = get_invitation_for_invitee(request.user, invitation_id)
    form = InvitationResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return redirect("home")
    _attempt(
        request,
        lambda: services.respond_to_invitation(
            actor=request.user, invitation=invitation, accept=form.accepts
        ),
        f"Welcome to {invitation.community}." if form.accepts else "Invitation declined.",
    )
    return redirect(invitation.community if form.accepts else "home")


@login_required
@require_POST
def member_role(request: AuthenticatedRequest, slug: str, handle: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    member = _member(community, handle)
    form = RoleForm(request.POST)
    if form.is_valid():
        role = form.cleaned_data["role"]
        _attempt(
            request,
            lambda: services.change_role(
                actor=request.user, community=community, member=member, role=role
            ),
            f"{member} is now {Membership.Role(role).label.lower()}.",
        )
    else:
        messages.error(request, error_summary(form))
    return redirect(community)


@login_required
@require_POST
def member_remove(request: AuthenticatedRequest, slug: str, handle: str) -> HttpResponse:
    community = get_community_for_user(request.user, slug)
    member = _member(community, handle)
    _attempt(
        request,
        lambda: services.remove_member(actor=request.user, community=community, member=member),
        f"{member} is no longer a member.",
    )
    return redirect(community)


# -- Charter -----------------------------------------------------------------


@login_required
def charter_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_charter_community_for_user(request.user, slug)
    versions = list(
        CharterVersion.objects.visible_to(request.user, community).select_related(
            "author", "adopted_by"
        )
    )
    for version in versions:
        version.community = community  # for their URLs, without a query each
    by_status = {version.status: version for version in versions}
    proposal = by_status.get(CharterVersion.Status.PROPOSED)
    context = {
        "community": community,
        "versions": versions,
        "current": by_status.get(CharterVersion.Status.ADOPTED),
        "proposal": proposal,
        "draft": by_status.get(CharterVersion.Status.DRAFT),
        "membership": community.current_membership(request.user),
        "can_manage": community.can_manage(request.user),
        "member_count": community.memberships.current().count(),
        "comment_form": CharterCommentForm(),
        **_discussion_of(proposal, request.user),
    }
    return render(request, "communities/charter_detail.html", context)


@login_required
def charter_draft(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_charter_community_for_user(request.user, slug)
    if not community.can_manage(request.user):
        raise Http404
    latest = community.charter_versions.order_by("-number").first()
    initial = latest.texts() if latest else {"purpose": community.purpose}
    form = CharterVersionForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            version = services.draft_charter_version(
                actor=request.user, community=community, **form.cleaned_data
            )
        except CommunityError as error:
            form.add_error(None, str(error))
        else:
            done = "proposed to the members" if version.is_proposed else "saved as a draft"
            messages.success(request, f"Version {version.number} is {done}.")
            return redirect(version)
    context = {
        "community": community,
        "form": form,
        "latest": latest,
        "reflections": shared_by_prompt(community),
        "minimum": SHARING_MINIMUM_MEMBERS,
    }
    return render(request, "communities/charter_form.html", context)


@login_required
def charter_version_detail(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    community = get_charter_community_for_user(request.user, slug)
    version = get_charter_version_for_user(request.user, community, number)
    previous = (
        CharterVersion.objects.visible_to(request.user, community)
        .filter(number__lt=number)
        .values_list("number", flat=True)
        .first()
    )
    context = {
        "community": community,
        "version": version,
        "previous": previous,
        "membership": community.current_membership(request.user),
        "can_manage": community.can_manage(request.user),
        "member_count": community.memberships.current().count(),
        "comment_form": CharterCommentForm(),
        **_discussion_of(version, request.user),
    }
    return render(request, "communities/charter_version_detail.html", context)


@login_required
@require_POST
def charter_version_action(
    request: AuthenticatedRequest, slug: str, number: int, action: str
) -> HttpResponse:
    community = get_charter_community_for_user(request.user, slug)
    version = get_charter_version_for_user(request.user, community, number)
    actions: dict[str, tuple[Callable[..., object], str]] = {
        "propose": (services.propose_charter_version, "proposed to the members"),
        "adopt": (services.adopt_charter_version, "adopted: it is now the current charter"),
        "endorse": (services.endorse_charter_version, "endorsed: thank you"),
    }
    if action not in actions:
        raise Http404
    service, done = actions[action]
    _attempt(
        request,
        lambda: service(actor=request.user, version=version),
        f"Version {version.number} {done}.",
    )
    return redirect("communities:charter_detail", slug=slug)


@login_required
@require_POST
def charter_comment_create(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    community = get_charter_community_for_user(request.user, slug)
    version = get_charter_version_for_user(request.user, community, number)
    form = CharterCommentForm(request.POST)
    if form.is_valid():
        body = form.cleaned_data["body"]
        _attempt(
            request,
            lambda: services.comment_on_charter_version(
                actor=request.user, version=version, body=body
            ),
            "Your comment is posted.",
        )
    else:
        messages.error(request, error_summary(form))
    return redirect("communities:charter_detail", slug=slug)


@login_required
def charter_compare(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    community = get_charter_community_for_user(request.user, slug)
    versions = {v.number: v for v in CharterVersion.objects.visible_to(request.user, community)}
    numbers = sorted(versions, reverse=True)
    form = CharterCompareForm(request.GET or None, numbers=numbers)
    if not form.is_bound and len(numbers) >= 2:
        form = CharterCompareForm({"from": numbers[1], "to": numbers[0]}, numbers=numbers)
    old = new = changes = None
    if form.is_bound and form.is_valid():
        old, new = versions[form.cleaned_data["from"]], versions[form.cleaned_data["to"]]
        changes = [
            {
                "label": CHARTER_LABELS[name],
                "html": diff_html(getattr(old, name), getattr(new, name)),
                "changed": differs(getattr(old, name), getattr(new, name)),
            }
            for name in CHARTER_FIELDS
        ]
    context = {
        "community": community,
        "form": form,
        "old": old,
        "new": new,
        "changes": changes,
        "count": len(numbers),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "communities/charter_compare.html", context, status=status)


def _charter_summary(community: Community | None) -> dict[str, CharterVersion | None]:
    """The current charter and any proposal, for the community page, in one query."""
    versions = (
        list(community.charter_versions.filter(status__in=["adopted", "proposed"]))
        if community
        else []
    )
    by_status = {version.status: version for version in versions}
    return {"charter": by_status.get("adopted"), "charter_proposal": by_status.get("proposed")}


def _discussion_of(version: CharterVersion | None, user: User) -> dict[str, object]:
    """The comments, and current members' endorsements, on a version, in two queries whatever
    their number."""
    if version is None:
        return {"comments": [], "endorsements": [], "has_endorsed": False}
    endorsements = list(version.endorsements.by_current_members().select_related("user"))
    return {
        "comments": list(version.comments.select_related("author")),
        "endorsements": endorsements,
        "has_endorsed": any(e.user_id == user.pk for e in endorsements),
    }


def _current_members(community: Community) -> list[Membership]:
    role_order = Case(
        When(role=Membership.Role.CONVENOR, then=Value(0)),
        When(role=Membership.Role.CO_CONVENOR, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(
        community.memberships.current()
        .select_related("user__org_unit__function", "user__site")
        .order_by(role_order, "user__full_name")
    )


def _member(community: Community, handle: str) -> User:
    return get_object_or_404(
        User.objects.filter(pk__in=community.memberships.current().values("user")),
        handle=handle,
    )


def _attempt(request: AuthenticatedRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service; show its refusal as an error message, or `success`."""
    try:
        action()
    except CommunityError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True

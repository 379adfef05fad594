"""Workflows of the organisational agenda.

Anyone signed in raises and supports issues; a community's convenor takes
an issue up; members draft a contribution in versions; the convenor (or a
cross-community group's lead) submits it to an executive or sponsor with a
target date; the addressee responds, the response is posted into the
community's conversation and the contributors are told.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify

from convene.agenda.models import (
    RESPONSE_LIMIT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    Action,
    AgendaSettings,
    Contribution,
    ContributionVersion,
    Issue,
    Response,
    Support,
    Uptake,
)
from convene.agenda.workdays import add_working_days, working_days_between
from convene.audit.models import record
from convene.communities.models import Community
from convene.discussions import services as discussions
from convene.discussions.models import Post, Tag
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User
from convene.projects.models import Project

MAX_TAGS = 5
MAX_ACTIONS = 20
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class AgendaError(Exception):
    """A change to the agenda that the rules do not allow; the message says why."""


@dataclass(frozen=True)
class ActionPlan:
    """A follow-up action agreed in a response, before it is saved."""

    text: str
    owner: User
    due_on: datetime.date


# -- Issues --------------------------------------------------------------------


@transaction.atomic
def raise_issue(
    *,
    actor: User,
    title: str,
    description: str,
    timing: str = Issue.Timing.ACTUAL,
    nature: str = Issue.Nature.ADAPTIVE,
    tags: Iterable[str] = (),
    source_post: Post | None = None,
) -> Issue:
    """Put an organisational issue on the agenda, optionally from a conversation you can read."""
    _require_active(actor)
    if timing not in Issue.Timing.values:
        raise AgendaError("Say whether the issue is actual or emerging.")
    if nature not in Issue.Nature.values:
        raise AgendaError("Say whether the issue is adaptive or technical.")
    issue = Issue.objects.create(
        title=_text(title, "title", TITLE_LIMIT),
        description=_text(description, "description", TEXT_LIMIT),
        raised_by=actor,
        timing=timing,
        nature=nature,
        source_post=source_post,
    )
    issue.tags.set(_tags(tags))
    record(actor, "issue.raised", issue, from_post=source_post.pk if source_post else None)
    return issue


@transaction.atomic
def support_issue(*, actor: User, issue: Issue) -> Support:
    """Show that an issue matters to you; once per person."""
    _require_active(actor)
    try:
        with transaction.atomic():
            support = Support.objects.create(issue=issue, user=actor)
    except IntegrityError:
        raise AgendaError("You already support this issue.") from None
    record(actor, "issue.supported", issue)
    return support


@transaction.atomic
def withdraw_support(*, actor: User, issue: Issue) -> None:
    """Take back your support for an issue."""
    deleted, _ = Support.objects.filter(issue=issue, user=actor).delete()
    if not deleted:
        raise AgendaError("You had not supported this issue.")
    record(actor, "issue.support_withdrawn", issue)


@transaction.atomic
def take_up_issue(*, actor: User, issue: Issue, community: Community) -> Uptake:
    """Take an issue up for a community you convene; many communities may take up one issue."""
    if not community.is_led_by(actor):
        raise AgendaError(f"Only the convenors of {community} can take an issue up for it.")
    if issue.status in {Issue.Status.RESOLVED, Issue.Status.PARKED}:
        raise AgendaError(f"This issue is {issue.get_status_display().lower()}.")
    try:
        with transaction.atomic():
            uptake = Uptake.objects.create(issue=issue, community=community, taken_up_by=actor)
    except IntegrityError:
        raise AgendaError(f"{community} has already taken this issue up.") from None
    if issue.status == Issue.Status.OPEN:
        _set_status(issue, Issue.Status.WORKED_ON)
    record(actor, "issue.taken_up", issue, community=community.slug)
    return uptake


@transaction.atomic
def set_issue_status(*, actor: User, issue: Issue, status: str) -> Issue:
    """Mark an issue resolved, parked or open again (its raiser, executives, administrators)."""
    if not may_set_status(actor, issue):
        raise AgendaError("Only the person who raised the issue, or an executive, can do that.")
    if status not in Issue.Status.values:
        raise AgendaError(f"“{status}” is not a status of an issue.")
    _set_status(issue, status)
    record(actor, "issue.status_set", issue, status=status)
    return issue


def may_set_status(user: User, issue: Issue) -> bool:
    return user.pk == issue.raised_by_id or user.is_executive or user.is_administrator


# -- Contributions ---------------------------------------------------------------


@transaction.atomic
def start_contribution(
    *,
    actor: User,
    issue: Issue,
    title: str,
    community: Community | None = None,
    contributors: Sequence[User] = (),
    analysis: str = "",
    options: str = "",
    recommendation: str = "",
    project: Project | None = None,
) -> Contribution:
    """Start drafting a contribution for a community that took the issue up, or for a group
    of members from several communities that you lead; it may name a project of the
    community that it draws on or proposes."""
    _require_active(actor)
    if community is not None:
        if not community.memberships.current().filter(user=actor).exists():
            raise AgendaError(f"Only members of {community} can draft its contributions.")
        if not issue.uptakes.filter(community=community).exists():
            raise AgendaError(f"{community} has not taken this issue up; its convenor can.")
    _require_own_project(community, project)
    contribution = Contribution.objects.create(
        issue=issue,
        community=community,
        title=_text(title, "title", TITLE_LIMIT),
        lead=actor,
        project=project,
    )
    contribution.contributors.set({actor, *contributors})
    if any(part.strip() for part in (analysis, options, recommendation)):
        _add_version(actor, contribution, analysis, options, recommendation, "First draft.")
    if issue.status == Issue.Status.OPEN:
        _set_status(issue, Issue.Status.WORKED_ON)
    record(actor, "contribution.started", contribution)
    return contribution


@transaction.atomic
def link_project(
    *, actor: User, contribution: Contribution, project: Project | None
) -> Contribution:
    """Name the project of the contribution's community that it draws on or proposes, or none.

    Members may do it at any stage: a project often starts after an accepted contribution.
    """
    contribution = _locked(contribution)
    if not may_draft(actor, contribution):
        raise AgendaError("Only the contribution's community or group can change it.")
    _require_own_project(contribution.community, project)
    contribution.project = project
    contribution.save(update_fields=["project"])
    record(
        actor,
        "contribution.project_linked",
        contribution,
        project=str(project.pk) if project else None,
    )
    return contribution


def project_of(actor: User, community: Community | None, project_id: uuid.UUID) -> Project:
    """The project with this id in the community, refused alike whether it is in another
    community, hidden from the person, or does not exist at all."""
    visible = Project.objects.visible_to(actor)
    project = visible.filter(community=community, pk=project_id).first()
    if community is None or project is None:
        raise AgendaError(_no_such_project(community))
    return project


@transaction.atomic
def add_version(
    *,
    actor: User,
    contribution: Contribution,
    analysis: str,
    options: str,
    recommendation: str,
    note: str = "",
) -> ContributionVersion:
    """Save a new version of a draft contribution; earlier versions are kept as they were."""
    contribution = _locked(contribution)
    if not may_draft(actor, contribution):
        raise AgendaError("Only the contribution's community or group can draft it.")
    if not contribution.is_draft:
        raise AgendaError("This contribution has been submitted; wait for the response.")
    version = _add_version(actor, contribution, analysis, options, recommendation, note)
    contribution.contributors.add(actor)
    record(actor, "contribution.version_added", contribution, number=version.number)
    return version


@transaction.atomic
def submit_contribution(
    *, actor: User, contribution: Contribution, addressed_to: User
) -> Contribution:
    """Send the latest version to an executive or sponsor, with a target date to respond by."""
    contribution = _locked(contribution)
    if not may_submit(actor, contribution):
        raise AgendaError("Only the community's convenor, or the group's lead, can submit it.")
    if not contribution.is_draft:
        raise AgendaError("This contribution has already been submitted.")
    latest = contribution.versions.order_by("-number").first()
    if latest is None or latest.is_empty:
        raise AgendaError("The contribution is empty: write its analysis, options or advice.")
    if not is_addressable(addressed_to):
        raise AgendaError(f"{addressed_to} is not an executive or a sponsor.")
    now = timezone.now()
    days = AgendaSettings.current().response_working_days
    contribution.status = Contribution.Status.SUBMITTED
    contribution.addressed_to, contribution.submitted_by = addressed_to, actor
    contribution.submitted_at = now
    contribution.target_on = add_working_days(timezone.localdate(now), days)
    contribution.submission_count += 1
    contribution.save(
        update_fields=[
            "status",
            "addressed_to",
            "submitted_by",
            "submitted_at",
            "target_on",
            "submission_count",
        ]
    )
    _set_status(contribution.issue, Issue.Status.SUBMITTED)
    record(
        actor, "contribution.submitted", contribution, to=addressed_to.handle, version=latest.number
    )
    transaction.on_commit(partial(_tell_addressee, contribution, actor))
    return contribution


@transaction.atomic
def respond(
    *,
    actor: User,
    contribution: Contribution,
    outcome: str,
    body: str = "",
    actions: Sequence[ActionPlan] = (),
) -> Response:
    """Answer a contribution addressed to you; post the answer into the community's thread.

    The contribution row is locked first, so two responses (a double click, or
    two tabs) cannot both land; the second finds it already answered.
    """
    contribution = _locked(contribution)
    if contribution.status != Contribution.Status.SUBMITTED:
        raise AgendaError("This contribution is not awaiting a response.")
    if contribution.addressed_to_id != actor.pk:
        raise AgendaError("This contribution is not addressed to you.")
    if outcome not in Response.Outcome.values:
        raise AgendaError(f"“{outcome}” is not a response: accept, accept in part, decline or ask.")
    body = body.strip()
    if outcome in {Response.Outcome.DECLINED, Response.Outcome.MORE_INFORMATION} and not body:
        raise AgendaError(
            "Give your reasons for declining."
            if outcome == Response.Outcome.DECLINED
            else "Say what more information you need."
        )
    body = _text(body, "response", RESPONSE_LIMIT, allow_empty=True)
    if len(actions) > MAX_ACTIONS:
        raise AgendaError(f"Agree at most {MAX_ACTIONS} follow-up actions at a time.")
    now = timezone.now()
    assert contribution.submitted_at and contribution.target_on  # a submitted row has both
    response = Response.objects.create(
        contribution=contribution,
        submission=contribution.submission_count,
        responder=actor,
        outcome=outcome,
        body=body,
        submitted_at=contribution.submitted_at,
        target_on=contribution.target_on,
        responded_at=now,
        working_days=working_days_between(
            timezone.localdate(contribution.submitted_at), timezone.localdate(now)
        ),
    )
    for plan in actions:
        Action.objects.create(
            response=response,
            text=_text(plan.text, "action", 300),
            owner=plan.owner,
            due_on=plan.due_on,
        )
    more = outcome == Response.Outcome.MORE_INFORMATION
    contribution.status = Contribution.Status.DRAFT if more else Contribution.Status.ANSWERED
    contribution.save(update_fields=["status"])
    _set_status(contribution.issue, Issue.Status.WORKED_ON if more else Issue.Status.ANSWERED)
    _post_to_thread(response)
    record(
        actor, "contribution.responded", contribution, outcome=outcome, days=response.working_days
    )
    transaction.on_commit(partial(_tell_contributors, response))
    return response


@transaction.atomic
def complete_action(*, actor: User, action: Action) -> Action:
    """Mark a follow-up action done (its owner, or the executive who agreed it)."""
    action = Action.objects.select_for_update().select_related("response").get(pk=action.pk)
    if actor.pk not in {action.owner_id, action.response.responder_id}:
        raise AgendaError("Only the action's owner, or the executive who agreed it, can do that.")
    if action.is_done:
        raise AgendaError("This action is already done.")
    action.done_at, action.done_by = timezone.now(), actor
    action.save(update_fields=["done_at", "done_by"])
    record(actor, "action.completed", action)
    return action


# -- Who may do what -------------------------------------------------------------


def may_draft(user: User, contribution: Contribution) -> bool:
    if contribution.community is not None:
        return contribution.community.memberships.current().filter(user=user).exists()
    return contribution.contributors.filter(pk=user.pk).exists()


def may_submit(user: User, contribution: Contribution) -> bool:
    if contribution.community is not None:
        return contribution.community.is_led_by(user)
    return contribution.lead_id == user.pk


def is_addressable(user: User) -> bool:
    """Executives and sponsors answer contributions."""
    return user.is_active and (user.is_executive or Community.objects.filter(sponsor=user).exists())


def addressees() -> list[User]:
    return list(
        User.objects.active()
        .filter(Q(is_executive=True) | Q(sponsored_communities__isnull=False))
        .distinct()
        .order_by("full_name")
    )


# -- Helpers ---------------------------------------------------------------------


def _require_own_project(community: Community | None, project: Project | None) -> None:
    if project is not None and (community is None or project.community_id != community.pk):
        raise AgendaError(_no_such_project(community))


def _no_such_project(community: Community | None) -> str:
    if community is None:
        return "Only a community's contribution can name a project, one of its own."
    return f"{community} has no such project; name one of its own."


def _locked(contribution: Contribution) -> Contribution:
    return (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("issue", "community")
        .get(pk=contribution.pk)
    )


def _add_version(
    actor: User,
    contribution: Contribution,
    analysis: str,
    options: str,
    recommendation: str,
    note: str,
) -> ContributionVersion:
    texts = {
        "analysis": _text(analysis, "analysis", TEXT_LIMIT, allow_empty=True),
        "options": _text(options, "options", TEXT_LIMIT, allow_empty=True),
        "recommendation": _text(recommendation, "recommendation", TEXT_LIMIT, allow_empty=True),
    }
    if not any(texts.values()):
        raise AgendaError("A version needs some text: analysis, options or a recommendation.")
    latest = contribution.versions.aggregate(latest=Max("number"))["latest"] or 0
    return ContributionVersion.objects.create(
        contribution=contribution,
        number=latest + 1,
        author=actor,
        note=_text(note, "note", 300, allow_empty=True),
        **texts,
    )


def _set_status(issue: Issue, status: str) -> None:
    issue.status, issue.updated_at = status, timezone.now()
    issue.save(update_fields=["status", "updated_at"])


def _post_to_thread(response: Response) -> None:
    """Post the response into the community's conversation, reusing the contribution's post."""
    contribution = response.contribution
    if contribution.community is None:
        return
    text = response_text(response)
    post = contribution.thread_post
    if post is not None and not post.is_deleted and not post.is_locked:
        discussions.add_comment(actor=response.responder, post=post, body=text, guest=True)
    else:
        post = discussions.create_post(
            actor=response.responder,
            community=contribution.community,
            title=f"Response to our contribution: {contribution.title}"[:TITLE_LIMIT],
            body=text,
            guest=True,
        )
        contribution.thread_post = post
        contribution.save(update_fields=["thread_post"])
    response.post = post
    response.save(update_fields=["post"])


def response_text(response: Response) -> str:
    """The response as the community reads it in its conversation, with its measured time."""
    contribution = response.contribution
    timing = "within" if response.within_target else "after"
    days = response.working_days
    lines = [
        f"**{response.get_outcome_display()}.** {response.responder} responded to "
        f"[{contribution.title}]({contribution.get_absolute_url()}) in {days} working "
        f"day{'s' if days != 1 else ''}, {timing} the target of "
        f"{response.target_on:%-d %B %Y}.",
    ]
    if response.body:
        lines.append(response.body)
    actions = list(response.actions.select_related("owner"))
    if actions:
        lines.append(
            "Agreed follow-up actions:\n\n"
            + "\n".join(f"- {a.text} ({a.owner}, by {a.due_on:%-d %B %Y})" for a in actions)
        )
    return "\n\n".join(lines)


def _tell_addressee(contribution: Contribution, actor: User) -> None:
    assert contribution.addressed_to is not None
    notify(
        recipient=contribution.addressed_to,
        actor=actor,
        kind=Notification.Kind.AGENDA,
        message=f"A contribution awaits your response by {contribution.target_on:%-d %B}: "
        f"{contribution.title}",
        url=contribution.get_absolute_url(),
        key=f"agenda:submitted:{contribution.pk}:{contribution.submission_count}",
        community=contribution.community,
    )


def _tell_contributors(response: Response) -> None:
    contribution = response.contribution
    for person in contribution.contributors.filter(is_active=True):
        notify(
            recipient=person,
            actor=response.responder,
            kind=Notification.Kind.AGENDA,
            message=f"{response.responder} responded to “{contribution.title}”: "
            f"{response.get_outcome_display().lower()}",
            url=contribution.get_absolute_url(),
            key=f"agenda:response:{response.pk}",
            community=contribution.community,
        )


def _tags(names: Iterable[str]) -> list[Tag]:
    cleaned = list(dict.fromkeys(name.strip()[:40] for name in names if name.strip()))
    if len(cleaned) > MAX_TAGS:
        raise AgendaError(f"Use at most {MAX_TAGS} tags.")
    tags = []
    for name in cleaned:
        existing = Tag.objects.filter(name__iexact=name).first()
        if existing is None:
            slug = slugify(name)[:36] or "tag"
            if Tag.objects.filter(slug=slug).exists():
                slug = f"{slug}-{Tag.objects.count() + 1}"
            existing = Tag.objects.create(name=name, slug=slug)
        tags.append(existing)
    return tags


def _text(value: str, what: str, limit: int, *, allow_empty: bool = False) -> str:
    value = (value or "").strip()
    if CONTROL_CHARACTERS.search(value):
        raise AgendaError(f"The {what} contains control characters; remove them.")
    if not value and not allow_empty:
        raise AgendaError(f"The {what} cannot be empty.")
    if len(value) > limit:
        raise AgendaError(f"The {what} can be at most {limit:,} characters long.")
    return value


def _require_active(actor: User) -> None:
    if not actor.is_active:
        raise AgendaError("Your account is not active.")

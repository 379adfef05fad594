"""Project workflows: propose, decide, staff, report and close out.

Who may do what:

- any current member of a community drafts a project there and becomes its lead;
- leads edit the proposal while it is a draft or proposed, propose it, withdraw
  it before it starts, start it once approved, and complete it with a close-out;
- the community's convenor or co-convenor, or its sponsor, approves or declines
  a proposal (a decline needs a reason); a lead of the project may not decide on it;
- leads, or the community's convenor or co-convenor, close a project early
  with a reason;
- current members volunteer for open roles; leads add, fill, release and remove
  roles, and anyone in a role may step down from it;
- the team posts updates and keeps milestones; the team or the community's
  convenors add entries to the innovation register; executives and
  administrators record how far the organisation adopted them.

Every step locks the project's row, so two people acting at once see each
other's result rather than both succeeding.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from convene.agenda.models import Issue
from convene.audit.models import record
from convene.communities.models import Community, Membership
from convene.discussions.models import Post
from convene.lib.markdown import render_markdown
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import OrgUnit, User
from convene.projects import tasks
from convene.projects.models import (
    TEXT_LIMIT,
    TITLE_LIMIT,
    CloseOut,
    Innovation,
    InnovationStatusChange,
    Milestone,
    Project,
    ProjectDecision,
    ProjectRole,
    ProjectUpdate,
)
from convene.resources.services import settle_ended_project

ROLE_NAME_LIMIT = 100
REASON_LIMIT = 2000
SUMMARY_LIMIT = 4000
NOTE_LIMIT = 300
MAX_ROLES = 100
MAX_MILESTONES = 50
FURTHEST_DATE = datetime.timedelta(days=5 * 365)
NO_SUCH_ISSUE = "There is no such issue on the organisational agenda."
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
Status = Project.Status


class ProjectError(Exception):
    """A project action was refused; the message says why, for a person to read."""


# -- Who may do what -------------------------------------------------------------


def is_member(user: User, community: Community) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and Membership.objects.current().filter(community=community, user=user).exists()
    )


def is_lead(user: User, project: Project) -> bool:
    return project.roles.filter(person=user, is_lead=True).exists()


def in_team(user: User, project: Project) -> bool:
    return project.roles.filter(person=user).exists()


def may_decide(user: User, project: Project) -> bool:
    """The community's convenors and its sponsor decide on proposals."""
    return project.community.sponsor_id == user.pk or project.community.is_led_by(user)


def may_close(user: User, project: Project) -> bool:
    return is_lead(user, project) or project.community.is_led_by(user)


def may_record_innovation(user: User, project: Project) -> bool:
    return in_team(user, project) or project.community.is_led_by(user)


def may_set_adoption(user: User) -> bool:
    return user.is_active and (user.is_executive or user.is_administrator)


def issue_for(actor: User, issue_id: uuid.UUID) -> Issue:
    """The agenda issue with this id, if the person may see it; otherwise the same refusal as
    for an id that names no issue, so that nothing is learnt from the difference."""
    issue = Issue.objects.visible_to(actor).filter(pk=issue_id).first()
    if issue is None:
        raise ProjectError(NO_SUCH_ISSUE)
    return issue


# -- Drafting and the proposal -----------------------------------------------------


@transaction.atomic
def draft_project(
    *,
    actor: User,
    community: Community,
    title: str,
    problem: str,
    intended_outcomes: str,
    challenge: str = Project.Challenge.ADAPTIVE,
    discussion: Post | None = None,
    issue: Issue | None = None,
) -> Project:
    """Start a project as a draft in a community you belong to; you become its lead."""
    if not is_member(actor, community):
        raise ProjectError(f"Only current members of {community} can start a project there.")
    project = Project(community=community, created_by=actor)
    _fill_proposal(actor, project, title, problem, intended_outcomes, challenge, discussion, issue)
    project.save()
    ProjectRole.objects.create(project=project, name="Lead", person=actor, is_lead=True)
    record(actor, "project.drafted", project, community=community.slug, issue=_issue_ref(project))
    return project


@transaction.atomic
def edit_proposal(
    *,
    actor: User,
    project: Project,
    title: str,
    problem: str,
    intended_outcomes: str,
    challenge: str = Project.Challenge.ADAPTIVE,
    discussion: Post | None = None,
    issue: Issue | None = None,
) -> Project:
    """Change the proposal while it is a draft or awaiting a decision."""
    project = _locked(project)
    _require_lead(actor, project)
    if project.status not in {Status.DRAFT, Status.PROPOSED}:
        raise ProjectError(
            f"This project is {project.get_status_display().lower()}, so its proposal is settled."
        )
    _fill_proposal(actor, project, title, problem, intended_outcomes, challenge, discussion, issue)
    project.updated_at = timezone.now()
    project.save()
    record(actor, "project.edited", project, issue=_issue_ref(project))
    return project


def _fill_proposal(
    actor: User,
    project: Project,
    title: str,
    problem: str,
    intended_outcomes: str,
    challenge: str,
    discussion: Post | None,
    issue: Issue | None,
) -> None:
    if challenge not in Project.Challenge.values:
        raise ProjectError("Say whether the challenge is adaptive or technical.")
    if discussion is not None and discussion.community_id != project.community_id:
        raise ProjectError(f"Link a conversation from {project.community}, not another community.")
    if issue is not None and not Issue.objects.visible_to(actor).filter(pk=issue.pk).exists():
        raise ProjectError(NO_SUCH_ISSUE)
    project.issue = issue
    project.title = _line(title, "title", TITLE_LIMIT)
    project.problem = _text(problem, "the problem", TEXT_LIMIT)
    project.intended_outcomes = _text(intended_outcomes, "the intended outcomes", TEXT_LIMIT)
    project.challenge = challenge
    project.discussion = discussion


@transaction.atomic
def propose_project(*, actor: User, project: Project) -> Project:
    """Put a draft to the community's convenors and sponsor for a decision."""
    project = _locked(project)
    _require_lead(actor, project)
    _require_status(project, {Status.DRAFT}, "Only a draft can be proposed.")
    _move(project, Status.PROPOSED, proposed_at=timezone.now())
    record(actor, "project.proposed", project)
    _announce(project, "proposed", actor)
    return project


@transaction.atomic
def withdraw_project(*, actor: User, project: Project, reason: str = "") -> Project:
    """Withdraw a project before it starts."""
    project = _locked(project)
    _require_lead(actor, project)
    _require_status(
        project,
        {Status.DRAFT, Status.PROPOSED, Status.APPROVED},
        "A project that has started is closed, not withdrawn.",
    )
    _end(actor, project, Status.WITHDRAWN, ProjectDecision.Kind.WITHDRAWN, reason, required=False)
    record(actor, "project.withdrawn", project, reason=reason.strip())
    return project


@transaction.atomic
def approve_project(*, actor: User, project: Project, reason: str = "") -> Project:
    """Approve a proposal, as the community's convenor or co-convenor or its sponsor."""
    project = _locked(project)
    _require_decider(actor, project)
    _require_status(project, {Status.PROPOSED}, "Only a proposed project can be approved.")
    ProjectDecision.objects.create(
        project=project,
        kind=ProjectDecision.Kind.APPROVED,
        reason=_optional(reason, "reason", REASON_LIMIT),
        decided_by=actor,
    )
    _move(project, Status.APPROVED)
    record(actor, "project.approved", project, reason=reason.strip())
    _announce(project, "approved", actor)
    return project


@transaction.atomic
def decline_project(*, actor: User, project: Project, reason: str) -> Project:
    """Decline a proposal, saying why."""
    project = _locked(project)
    _require_decider(actor, project)
    _require_status(project, {Status.PROPOSED}, "Only a proposed project can be declined.")
    _end(actor, project, Status.DECLINED, ProjectDecision.Kind.DECLINED, reason, required=True)
    record(actor, "project.declined", project, reason=reason.strip())
    return project


@transaction.atomic
def start_project(*, actor: User, project: Project) -> Project:
    """Begin the work of an approved project."""
    project = _locked(project)
    _require_lead(actor, project)
    _require_status(project, {Status.APPROVED}, "A project starts once it is approved.")
    _move(project, Status.ACTIVE, started_at=timezone.now())
    record(actor, "project.started", project)
    _announce(project, "started", actor)
    return project


@transaction.atomic
def close_project(*, actor: User, project: Project, reason: str) -> Project:
    """End an approved or active project early, saying why."""
    project = _locked(project)
    _require_not_ended(project)
    if not may_close(actor, project):
        raise ProjectError("Only the project's leads or the community's convenors can close it.")
    _require_status(
        project,
        {Status.APPROVED, Status.ACTIVE},
        "A project that has not been approved is withdrawn, not closed.",
    )
    _end(actor, project, Status.CLOSED, ProjectDecision.Kind.CLOSED, reason, required=True)
    record(actor, "project.closed", project, reason=reason.strip())
    return project


@transaction.atomic
def complete_project(
    *,
    actor: User,
    project: Project,
    expected_outcomes: str,
    actual_outcomes: str,
    lessons: str,
    review_on: datetime.date,
) -> CloseOut:
    """Complete an active project with its close-out: what was expected, what happened, lessons."""
    project = _locked(project)
    _require_lead(actor, project)
    _require_status(project, {Status.ACTIVE}, "Only an active project can be completed.")
    today = timezone.localdate()
    if review_on <= today:
        raise ProjectError("Set the review date after today.")
    if review_on > today + FURTHEST_DATE:
        raise ProjectError("Set the review date within five years.")
    close_out = CloseOut.objects.create(
        project=project,
        expected_outcomes=_text(expected_outcomes, "the expected outcomes", TEXT_LIMIT),
        actual_outcomes=_text(actual_outcomes, "the actual outcomes", TEXT_LIMIT),
        lessons=_text(lessons, "the lessons learned", TEXT_LIMIT),
        review_on=review_on,
        written_by=actor,
    )
    _end(actor, project, Status.COMPLETED, None, "", required=False)
    record(actor, "project.completed", project, review_on=review_on.isoformat())
    return close_out


def _end(
    actor: User,
    project: Project,
    status: str,
    kind: str | None,
    reason: str,
    *,
    required: bool,
) -> None:
    if required and not reason.strip():
        raise ProjectError("Give a reason.")
    if kind is not None:
        ProjectDecision.objects.create(
            project=project,
            kind=kind,
            reason=_optional(reason, "reason", REASON_LIMIT),
            decided_by=actor,
        )
    _move(project, status, ended_at=timezone.now())
    settle_ended_project(actor=actor, project=project)
    _announce(project, status, actor)


def _move(project: Project, status: str, **stamps: Any) -> None:
    project.status = status
    project.updated_at = timezone.now()
    for name, value in stamps.items():
        setattr(project, name, value)
    project.save(update_fields=["status", "updated_at", *stamps])


# -- The team ------------------------------------------------------------------------


@transaction.atomic
def add_role(
    *, actor: User, project: Project, name: str, person: User | None = None, is_lead: bool = False
) -> ProjectRole:
    """Add a role to the team, open for a member to volunteer or filled by one."""
    project = _locked(project)
    _require_lead(actor, project)
    if project.roles.count() >= MAX_ROLES:
        raise ProjectError(f"A project has at most {MAX_ROLES} roles.")
    if is_lead and person is None:
        raise ProjectError("A lead role needs a person in it.")
    if person is not None:
        _require_can_join(person, project)
    return _save_role(
        actor,
        ProjectRole(
            project=project,
            name=_line(name, "role a name", ROLE_NAME_LIMIT),
            person=person,
            is_lead=is_lead,
        ),
        "project.role_added",
    )


@transaction.atomic
def remove_role(*, actor: User, role: ProjectRole) -> None:
    """Take a role out of the team; the last lead stays."""
    project = _locked(role.project)
    _require_lead(actor, project)
    role = _fresh_role(role, project)
    if role.is_lead and not project.roles.filter(is_lead=True).exclude(pk=role.pk).exists():
        raise ProjectError("A project keeps at least one lead.")
    role.delete()
    record(actor, "project.role_removed", project, role=role.name)


@transaction.atomic
def volunteer(*, actor: User, role: ProjectRole) -> ProjectRole:
    """Take an open role yourself, as a current member of the project's community."""
    project = _locked(role.project)
    _require_can_join(actor, project)
    # A conditional update: of two members pressing at once, one takes the role.
    taken = ProjectRole.objects.filter(pk=role.pk, project=project, person__isnull=True).update(
        person=actor
    )
    if not taken:
        raise ProjectError("Someone else has taken this role.")
    role = _fresh_role(role, project)
    record(actor, "project.volunteered", project, role=role.name)
    _announce(project, "volunteered", actor, detail=f"{role.pk}")
    return role


@transaction.atomic
def fill_role(*, actor: User, role: ProjectRole, person: User) -> ProjectRole:
    """Put a member of the community into an open role."""
    project = _locked(role.project)
    _require_lead(actor, project)
    role = _fresh_role(role, project)
    if not role.is_open:
        raise ProjectError(f"{role.person} already holds this role; release it first.")
    _require_can_join(person, project)
    role.person = person
    role = _save_role(actor, role, "project.role_filled", person=person.pk)
    _announce(project, "role_filled", actor, detail=f"{role.pk}:{person.pk}", recipient=person)
    return role


@transaction.atomic
def release_role(*, actor: User, role: ProjectRole) -> ProjectRole:
    """Open a role again: a lead releases someone, or the person steps down."""
    project = _locked(role.project)
    _require_not_ended(project)
    role = _fresh_role(role, project)
    if role.is_open:
        raise ProjectError("This role is already open.")
    if role.person_id != actor.pk and not is_lead(actor, project):
        raise ProjectError("Only the project's leads, or the person in the role, can release it.")
    if role.is_lead:
        raise ProjectError("A lead role cannot be left open; remove it instead.")
    person = role.person_id
    role.person = None
    role.save(update_fields=["person"])
    record(actor, "project.role_released", project, role=role.name, person=person)
    return role


def _require_can_join(person: User, project: Project) -> None:
    _require_not_ended(project)
    if not is_member(person, project.community):
        raise ProjectError(f"Only current members of {project.community} can join the team.")
    if project.roles.filter(person=person).exists():
        raise ProjectError(f"{person} already has a role in this project.")


def _save_role(actor: User, role: ProjectRole, action: str, **details: Any) -> ProjectRole:
    try:
        with transaction.atomic():
            role.save()
    except IntegrityError:
        raise ProjectError(f"{role.person} already has a role in this project.") from None
    record(actor, action, role.project, role=role.name, **details)
    return role


def _fresh_role(role: ProjectRole, project: Project) -> ProjectRole:
    fresh = project.roles.select_related("person").filter(pk=role.pk).first()
    if fresh is None:
        raise ProjectError("This role is no longer part of the project.")
    fresh.project = project
    return fresh


# -- Progress ------------------------------------------------------------------------


@transaction.atomic
def post_update(*, actor: User, project: Project, body: str) -> ProjectUpdate:
    """Tell the community how the project is going, as someone in its team."""
    project = _locked(project)
    _require_team(actor, project)
    body = _text(body, "the update", TEXT_LIMIT)
    update = ProjectUpdate.objects.create(
        project=project, author=actor, body=body, body_html=render_markdown(body)
    )
    record(actor, "project.update_posted", project, update=update.pk)
    _announce(project, "update", actor, detail=str(update.pk))
    return update


@transaction.atomic
def add_milestone(*, actor: User, project: Project, title: str, due_on: datetime.date) -> Milestone:
    """Set a milestone for the team to reach by a date."""
    project = _locked(project)
    _require_team(actor, project)
    if project.milestones.count() >= MAX_MILESTONES:
        raise ProjectError(f"A project has at most {MAX_MILESTONES} milestones.")
    _require_plausible(due_on, "due date")
    milestone = Milestone.objects.create(
        project=project, title=_line(title, "milestone a title", TITLE_LIMIT), due_on=due_on
    )
    record(actor, "project.milestone_added", project, milestone=milestone.pk)
    return milestone


@transaction.atomic
def mark_milestone(*, actor: User, milestone: Milestone, done: bool) -> Milestone:
    """Mark a milestone reached, or not reached after all."""
    project = _locked(milestone.project)
    _require_team(actor, project)
    milestone = project.milestones.get(pk=milestone.pk)
    if done == milestone.is_done:
        raise ProjectError("This milestone is already done." if done else "It is not done yet.")
    milestone.done_at = timezone.now() if done else None
    milestone.done_by = actor if done else None
    milestone.save(update_fields=["done_at", "done_by"])
    record(actor, "project.milestone_marked", project, milestone=milestone.pk, done=done)
    return milestone


def _require_plausible(day: datetime.date, what: str) -> None:
    today = timezone.localdate()
    if not today - FURTHEST_DATE <= day <= today + FURTHEST_DATE:
        raise ProjectError(f"Set the {what} within five years of today.")


# -- Review reminders --------------------------------------------------------------


def remind_reviews(*, today: datetime.date) -> int:
    """Remind the leads of completed projects whose review date has come, once each."""
    sent = 0
    due = CloseOut.objects.filter(review_on__lte=today, review_reminded_at__isnull=True)
    for close_out_id in due.values_list("pk", flat=True):
        sent += _remind_review(close_out_id)
    return sent


@transaction.atomic
def _remind_review(close_out_id: int) -> int:
    close_out = (
        CloseOut.objects.select_for_update()
        .filter(pk=close_out_id, review_reminded_at__isnull=True)
        .first()
    )
    if close_out is None:
        return 0
    project = Project.objects.select_related("community").get(pk=close_out.project_id)
    leads = User.objects.filter(project_roles__project=project, project_roles__is_lead=True)
    for lead in leads:
        notify(
            recipient=lead,
            actor=None,
            kind=Notification.Kind.PROJECT,
            message=f"Time to look back at “{project.title}”: what lasted, and what would "
            "you do differently?",
            url=project.get_absolute_url(),
            key=f"project-review:{project.pk}",
            community=project.community,
        )
    close_out.review_reminded_at = timezone.now()
    close_out.save(update_fields=["review_reminded_at"])
    return 1


# -- The innovation register ---------------------------------------------------------


@transaction.atomic
def record_innovation(
    *,
    actor: User,
    project: Project,
    title: str,
    summary: str,
    status: str = Innovation.Status.IDEA,
    unit: OrgUnit | None = None,
) -> Innovation:
    """Add a new solution from an active or finished project to the organisation's register."""
    project = _locked(project)
    if not may_record_innovation(actor, project):
        raise ProjectError(
            "Only the project's team or the community's convenors can add it to the register."
        )
    if project.status not in {Status.ACTIVE, Status.COMPLETED, Status.CLOSED}:
        raise ProjectError("Add innovations once the project is under way.")
    _require_adoption(status, unit)
    innovation = Innovation.objects.create(
        project=project,
        title=_line(title, "title", TITLE_LIMIT),
        summary=_text(summary, "the summary", SUMMARY_LIMIT),
        status=status,
        unit=unit,
        added_by=actor,
    )
    InnovationStatusChange.objects.create(
        innovation=innovation, status=status, unit=unit, changed_by=actor, note="Added."
    )
    record(actor, "innovation.recorded", innovation, project=str(project.pk))
    return innovation


@transaction.atomic
def set_adoption(
    *,
    actor: User,
    innovation: Innovation,
    status: str,
    unit: OrgUnit | None = None,
    note: str = "",
) -> Innovation:
    """Record how far the organisation has taken an innovation up (executives, administrators)."""
    if not may_set_adoption(actor):
        raise ProjectError("Only executives and administrators record adoption.")
    innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
    _require_adoption(status, unit)
    if status == innovation.status and unit == innovation.unit:
        raise ProjectError("That is already its status.")
    innovation.status = status
    innovation.unit = unit
    innovation.updated_at = timezone.now()
    innovation.save(update_fields=["status", "unit", "updated_at"])
    InnovationStatusChange.objects.create(
        innovation=innovation,
        status=status,
        unit=unit,
        changed_by=actor,
        note=_optional(note, "note", NOTE_LIMIT),
    )
    record(actor, "innovation.status_set", innovation, status=status, unit=unit and unit.pk)
    return innovation


def _require_adoption(status: str, unit: OrgUnit | None) -> None:
    if status not in Innovation.Status.values:
        raise ProjectError(f"“{status}” is not an adoption status.")
    if status == Innovation.Status.ADOPTED and unit is None:
        raise ProjectError("Name the unit that adopted it.")


# -- Notifications -------------------------------------------------------------------


MESSAGES = {
    "proposed": "{actor} proposed “{title}” in {community}. Approve or decline it.",
    "approved": "“{title}” is approved. The leads can start it.",
    "declined": "“{title}” was declined.",
    "started": "“{title}” has started.",
    "withdrawn": "“{title}” was withdrawn.",
    "closed": "“{title}” was closed early.",
    "completed": "“{title}” is complete. Read its close-out.",
    "volunteered": "{actor} volunteered for a role in “{title}”.",
    "role_filled": "{actor} gave you a role in “{title}”.",
    "update": "{actor} posted an update on “{title}”.",
}


def _announce(
    project: Project,
    event: str,
    actor: User,
    *,
    detail: str = "",
    recipient: User | None = None,
) -> None:
    args = (str(project.pk), event, actor.pk, detail, recipient.pk if recipient else None)
    transaction.on_commit(lambda: tasks.tell_about_project.enqueue(*args))


def tell_about_project(
    project_id: str, event: str, actor_id: int | None, detail: str, recipient_id: int | None
) -> None:
    """Tell the people an event concerns; keyed by the event, so a retry tells no one twice."""
    project = Project.objects.select_related("community").filter(pk=project_id).first()
    if project is None:
        return
    actor = User.objects.filter(pk=actor_id).first()
    message = MESSAGES[event].format(
        actor=actor.full_name if actor else "Someone",
        title=project.title,
        community=project.community.name,
    )
    readers = set(
        Membership.objects.current()
        .filter(community=project.community)
        .values_list("user", flat=True)
    )
    for person in _audience(project, event, recipient_id):
        # Notifications tied to a private community are shown only to its readers, and the
        # sponsor who decides on a proposal may not be one.
        private_sponsor = project.community.is_private and person.pk not in readers
        notify(
            recipient=person,
            actor=actor,
            kind=Notification.Kind.PROJECT,
            message=message,
            url=project.get_absolute_url(),
            key=f"project-{event}:{project.pk}:{detail}"[:120],
            community=None if private_sponsor else project.community,
        )


def _audience(project: Project, event: str, recipient_id: int | None) -> list[User]:
    people = User.objects.active()
    if recipient_id is not None:
        return list(people.filter(pk=recipient_id))
    if event == "proposed":
        leaders = Membership.objects.current().leaders().filter(community=project.community)
        return list(
            people.filter(Q(pk__in=leaders.values("user")) | Q(pk=project.community.sponsor_id))
        )
    if event == "volunteered":
        return list(people.filter(project_roles__project=project, project_roles__is_lead=True))
    return list(people.filter(project_roles__project=project).distinct())


# -- Shared checks ---------------------------------------------------------------------


def _issue_ref(project: Project) -> str | None:
    return str(project.issue_id) if project.issue_id else None


def _locked(project: Project) -> Project:
    locked = Project.objects.select_for_update().filter(pk=project.pk).first()
    if locked is None:
        raise ProjectError("This project no longer exists.")
    locked.community = Community.objects.get(pk=locked.community_id)
    return locked


def _require_not_ended(project: Project) -> None:
    if project.is_ended:
        raise ProjectError(
            f"This project is {project.get_status_display().lower()}, so it can no longer change."
        )


def _require_status(project: Project, allowed: set[str], message: str) -> None:
    _require_not_ended(project)
    if project.status not in allowed:
        raise ProjectError(f"{message} This one is {project.get_status_display().lower()}.")


def _require_lead(actor: User, project: Project) -> None:
    _require_not_ended(project)
    if not is_lead(actor, project):
        raise ProjectError("Only the project's leads can do that.")


def _require_team(actor: User, project: Project) -> None:
    _require_not_ended(project)
    if not in_team(actor, project):
        raise ProjectError("Only the project's team can do that.")


def _require_decider(actor: User, project: Project) -> None:
    _require_not_ended(project)
    if not may_decide(actor, project):
        raise ProjectError(
            f"Only the convenors or the sponsor of {project.community} decide on its projects."
        )
    if is_lead(actor, project):
        raise ProjectError("You lead this project, so someone else decides on it.")


def _line(value: str, what: str, limit: int) -> str:
    value = " ".join(CONTROL_CHARACTERS.sub("", value or "").split())
    if not value:
        raise ProjectError(f"Give the {what}.")
    if len(value) > limit:
        raise ProjectError(f"Keep the {what} to {limit} characters.")
    return value


def _text(value: str, what: str, limit: int) -> str:
    value = CONTROL_CHARACTERS.sub("", value or "").strip()
    if not value:
        raise ProjectError(f"Describe {what}.")
    if len(value) > limit:
        raise ProjectError(f"Keep {what} to {limit} characters.")
    return value


def _optional(value: str, what: str, limit: int) -> str:
    value = CONTROL_CHARACTERS.sub("", value or "").strip()
    if len(value) > limit:
        raise ProjectError(f"Keep the {what} to {limit} characters.")
    return value

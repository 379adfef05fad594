"""Setting stretch goals, checking in on them monthly, and encouraging peers.

Only a goal's owner changes it or checks in on it. Peers who can see a shared
goal reply to its check-ins, and the owner hears about each reply. Nothing
here ever tells anyone but the owner about a goal, so a private goal leaves
no trace in anyone else's notifications.
"""

from __future__ import annotations

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from convene.audit.models import record
from convene.goals.models import (
    NOTE_LIMIT,
    REPLY_LIMIT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    CheckIn,
    CheckInReply,
    StretchGoal,
    month_of,
    this_month,
)
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User

# Characters no one types on purpose, and NUL, which PostgreSQL cannot store.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# How far ahead a target date may be: a stretch, not a life plan.
LONGEST_HORIZON = datetime.timedelta(days=5 * 366)
# A goal set in the last few days is not nagged about before its owner has begun.
REMINDER_GRACE = datetime.timedelta(days=7)


class GoalError(Exception):
    """A change to a stretch goal that its rules do not allow."""


@transaction.atomic
def set_goal(
    *,
    actor: User,
    title: str,
    success: str = "",
    stretch: str = "",
    target_date: datetime.date | None = None,
    visibility: str = StretchGoal.Visibility.PRIVATE,
) -> StretchGoal:
    """Set yourself a new stretch goal, private unless you choose to share it."""
    _require_visibility(visibility)
    goal = StretchGoal.objects.create(
        owner=actor,
        title=_text(title, "title", TITLE_LIMIT),
        success=_text(success, "description of success", TEXT_LIMIT, required=False),
        stretch=_text(stretch, "reason it stretches you", TEXT_LIMIT, required=False),
        target_date=_target_date(target_date),
        visibility=visibility,
    )
    record(actor, "goal.set", goal, visibility=visibility)
    return goal


@transaction.atomic
def edit_goal(
    *,
    actor: User,
    goal: StretchGoal,
    title: str,
    success: str = "",
    stretch: str = "",
    target_date: datetime.date | None = None,
) -> StretchGoal:
    """Change what a goal says and when you aim to reach it."""
    _require_owner(actor, goal, "change")
    goal.title = _text(title, "title", TITLE_LIMIT)
    goal.success = _text(success, "description of success", TEXT_LIMIT, required=False)
    goal.stretch = _text(stretch, "reason it stretches you", TEXT_LIMIT, required=False)
    # A date that has passed may stay as it was; a new one must lie ahead.
    if target_date != goal.target_date:
        goal.target_date = _target_date(target_date)
    goal.updated_at = timezone.now()
    goal.save(update_fields=["title", "success", "stretch", "target_date", "updated_at"])
    record(actor, "goal.edited", goal)
    return goal


@transaction.atomic
def change_status(*, actor: User, goal: StretchGoal, status: str) -> StretchGoal:
    """Mark a goal achieved, set it aside, or take it up again."""
    _require_owner(actor, goal, "change")
    if status not in StretchGoal.Status.values:
        raise GoalError(f"“{status[:40]}” is not a status: choose active, achieved or set aside.")
    if status == goal.status:
        raise GoalError(f"This goal is already {StretchGoal.Status(status).label.lower()}.")
    goal.status = status
    goal.status_changed_at = goal.updated_at = timezone.now()
    goal.save(update_fields=["status", "status_changed_at", "updated_at"])
    record(actor, "goal.status_changed", goal, status=status)
    return goal


@transaction.atomic
def change_sharing(*, actor: User, goal: StretchGoal, visibility: str) -> StretchGoal:
    """Share a goal with your peer groups, or make it private again.

    Making it private hides it, its check-ins and its replies from peers at once;
    the replies are kept, and show again if you share it again.
    """
    _require_owner(actor, goal, "change who sees")
    _require_visibility(visibility)
    if visibility == goal.visibility:
        return goal
    goal.visibility = visibility
    goal.updated_at = timezone.now()
    goal.save(update_fields=["visibility", "updated_at"])
    record(actor, "goal.sharing_changed", goal, visibility=visibility)
    return goal


@transaction.atomic
def delete_goal(*, actor: User, goal: StretchGoal) -> None:
    """Delete one of your goals, with its check-ins and the replies to them."""
    _require_owner(actor, goal, "delete")
    record(actor, "goal.deleted", goal, check_ins=goal.check_ins.count())
    goal.delete()


@transaction.atomic
def record_check_in(
    *,
    actor: User,
    goal: StretchGoal,
    rating: int,
    note: str = "",
    month: datetime.date | None = None,
) -> CheckIn:
    """Check in on one of your active goals for a month (this month unless given).

    A goal has one check-in a month: a second is refused, and the owner edits
    the first instead.
    """
    _require_owner(actor, goal, "check in on")
    if not goal.is_active:
        label = StretchGoal.Status(goal.status).label.lower()
        raise GoalError(f"This goal is {label}; take it up again to check in on it.")
    month = _month(goal, month)
    rating, note = _rating(rating), _text(note, "note", NOTE_LIMIT, required=False)
    try:
        # A savepoint: two check-ins sent at once meet the unique constraint, and the
        # loser is told plainly rather than seeing an error page.
        with transaction.atomic():
            check_in = CheckIn.objects.create(goal=goal, month=month, rating=rating, note=note)
    except IntegrityError:
        raise GoalError(_already_checked_in(month)) from None
    record(actor, "goal.checked_in", check_in, rating=rating, month=month.isoformat())
    return check_in


@transaction.atomic
def edit_check_in(*, actor: User, check_in: CheckIn, rating: int, note: str = "") -> CheckIn:
    """Change the rating or note of one of your check-ins."""
    _require_owner(actor, check_in.goal, "change check-ins on")
    check_in.rating = _rating(rating)
    check_in.note = _text(note, "note", NOTE_LIMIT, required=False)
    check_in.updated_at = timezone.now()
    check_in.save(update_fields=["rating", "note", "updated_at"])
    record(actor, "goal.check_in_edited", check_in, rating=check_in.rating)
    return check_in


@transaction.atomic
def reply_to_check_in(*, actor: User, check_in: CheckIn, body: str) -> CheckInReply:
    """Encourage a peer on a check-in of a goal they share with you; the owner hears of it."""
    goal = check_in.goal
    if not goal.is_shared:
        raise GoalError("This goal is private: replies are for goals shared with peer groups.")
    if not StretchGoal.objects.visible_to(actor).filter(pk=goal.pk).exists():
        raise GoalError("Only people in a peer group with the goal's owner can reply.")
    reply = CheckInReply.objects.create(
        check_in=check_in, author=actor, body=_text(body, "reply", REPLY_LIMIT)
    )
    record(actor, "goal.replied", reply, check_in=check_in.pk)
    transaction.on_commit(lambda: _notify_owner_of_reply(reply))
    return reply


@transaction.atomic
def delete_reply(*, actor: User, reply: CheckInReply) -> None:
    """Withdraw your reply, or remove one from a check-in of your own goal."""
    if actor.pk not in {reply.author_id, reply.check_in.goal.owner_id}:
        raise GoalError("Only the reply's author or the goal's owner can remove it.")
    record(actor, "goal.reply_deleted", reply)
    reply.delete()


def remind_check_ins(*, today: datetime.date | None = None) -> int:
    """Remind owners of active goals with no check-in this month; return how many were sent.

    Idempotent: each goal's reminder for a month has its own notification key,
    so running this daily reminds each owner once a month per goal at most.
    """
    today = today or timezone.localdate()
    month = month_of(today)
    started_before = timezone.now() - REMINDER_GRACE
    due = (
        StretchGoal.objects.active()
        .filter(owner__is_active=True, created_at__lt=started_before)
        .exclude(Exists(CheckIn.objects.filter(goal=OuterRef("pk"), month=month)))
        .select_related("owner")
        .order_by("created_at", "id")
    )
    sent = 0
    for goal in due.iterator():
        sent += _remind(goal, month) is not None
    return sent


def may_reply(user: User, goal: StretchGoal) -> bool:
    """Whether replies are open on this goal for this person, who can already see it."""
    return goal.is_shared and user.is_active


def _remind(goal: StretchGoal, month: datetime.date) -> Notification | None:
    return notify(
        recipient=goal.owner,
        actor=None,
        kind=Notification.Kind.GOAL,
        message=f"Time for your {month:%B} check-in on “{goal.title}”",
        url=goal.get_absolute_url(),
        key=f"checkin-reminder:{goal.pk}:{month:%Y-%m}",
    )


def _notify_owner_of_reply(reply: CheckInReply) -> None:
    goal = reply.check_in.goal
    notify(
        recipient=goal.owner,
        actor=reply.author,
        kind=Notification.Kind.GOAL,
        message=f"{reply.author} replied to your {reply.check_in.month:%B} check-in "
        f"on “{goal.title}”",
        url=reply.get_absolute_url(),
        key=f"goal-reply:{reply.pk}",
    )


def _already_checked_in(month: datetime.date) -> str:
    return f"You have already checked in for {month:%B %Y}; change that check-in instead."


def _month(goal: StretchGoal, month: datetime.date | None) -> datetime.date:
    current = this_month()
    month = month_of(month) if month else current
    if month > current:
        raise GoalError("You can check in on this month or earlier ones, not on months to come.")
    if month < month_of(timezone.localdate(goal.created_at)):
        raise GoalError(f"This goal was set after {month:%B %Y}, so it has no check-in for then.")
    if CheckIn.objects.filter(goal=goal, month=month).exists():
        raise GoalError(_already_checked_in(month))
    return month


def _rating(rating: int) -> int:
    if isinstance(rating, bool) or rating not in CheckIn.Rating.values:
        words = "; ".join(f"{choice.value} {choice.label.lower()}" for choice in CheckIn.Rating)
        raise GoalError(f"Rate your progress with a whole number from 1 to 5 ({words}).")
    return int(rating)


def _target_date(target: datetime.date | None) -> datetime.date | None:
    if target is None:
        return None
    today = timezone.localdate()
    if target < today:
        raise GoalError("The target date has passed; choose today or a later date.")
    if target > today + LONGEST_HORIZON:
        raise GoalError("Choose a target date within the next five years.")
    return target


def _require_visibility(visibility: str) -> None:
    if visibility not in StretchGoal.Visibility.values:
        raise GoalError(
            f"“{visibility[:40]}” is not a choice of who sees a goal: choose private or peer_group."
        )


def _require_owner(actor: User, goal: StretchGoal, verb: str) -> None:
    if goal.owner_id != actor.pk:
        raise GoalError(f"Only the goal's owner can {verb} it.")


def _text(value: str, what: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if CONTROL_CHARACTERS.search(value):
        raise GoalError(f"The {what} contains control characters; remove them.")
    if required and not value:
        raise GoalError(f"The {what} cannot be empty.")
    if len(value) > limit:
        raise GoalError(f"The {what} can be at most {limit:,} characters long.")
    return value

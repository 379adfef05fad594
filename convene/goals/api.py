"""Stretch goals through the API: your goals, goals shared with you, check-ins and replies."""

import datetime
import uuid

from django.db import transaction
from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from convene.api.types import Text
from convene.goals import services
from convene.goals.access import (
    get_check_in_for_user,
    get_goal_for_user,
    get_reply_for_user,
)
from convene.goals.models import (
    NOTE_LIMIT,
    REPLY_LIMIT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    CheckIn,
    CheckInReply,
    StretchGoal,
)
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef

router = Router(tags=["goals"])

STATUSES = ", ".join(f"`{value}`" for value in StretchGoal.Status.values)
VISIBILITIES = "`private` (only you, the default) or `peer_group` (your published peer groups)"
RATINGS = "; ".join(f"{choice.value} {choice.label.lower()}" for choice in CheckIn.Rating)


class GoalOut(Schema):
    id: uuid.UUID
    owner: PersonRef
    title: str
    status: str = Field(description=f"One of {STATUSES}.")
    visibility: str = Field(description=VISIBILITIES)
    target_date: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    check_in_count: int
    latest_month: datetime.date | None = Field(description="The month of the latest check-in.")
    latest_rating: int | None
    url: str

    @staticmethod
    def resolve_url(goal: StretchGoal) -> str:
        return goal.get_absolute_url()


class GoalDetailOut(GoalOut):
    success: str = Field(description="What success looks like, in Markdown.")
    success_html: str
    stretch: str = Field(description="Why it stretches its owner, in Markdown.")
    stretch_html: str


class ReplyOut(Schema):
    id: int
    check_in: int
    author: PersonRef
    body: str
    body_html: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_check_in(reply: CheckInReply) -> int:
        return reply.check_in_id


class CheckInOut(Schema):
    id: int
    month: datetime.date = Field(description="The first day of the month it is for.")
    rating: int = Field(description=f"From 1 to 5: {RATINGS}.")
    rating_label: str
    note: str
    note_html: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    replies: list[ReplyOut]

    @staticmethod
    def resolve_rating_label(check_in: CheckIn) -> str:
        return check_in.get_rating_display()

    @staticmethod
    def resolve_replies(check_in: CheckIn) -> list[CheckInReply]:
        # Prefetched with their authors by CheckInQuerySet.with_replies().
        return list(check_in.replies.all())


class GoalFilters(Schema):
    status: StretchGoal.Status | None = Field(None, description="Only goals with this status.")


class GoalIn(Schema):
    # Strip as Django's form fields do, so a title of spaces counts as empty.
    model_config = ConfigDict(str_strip_whitespace=True)

    title: Text = Field(min_length=1, max_length=TITLE_LIMIT)
    success: Text = Field("", max_length=TEXT_LIMIT, description="Markdown.")
    stretch: Text = Field("", max_length=TEXT_LIMIT, description="Markdown.")
    target_date: datetime.date | None = None
    visibility: StretchGoal.Visibility = Field(
        StretchGoal.Visibility.PRIVATE, description=VISIBILITIES
    )


class GoalChangeIn(Schema):
    """Only the fields given change; send `target_date: null` to clear the date."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: Text | None = Field(None, min_length=1, max_length=TITLE_LIMIT)
    success: Text | None = Field(None, max_length=TEXT_LIMIT, description="Markdown.")
    stretch: Text | None = Field(None, max_length=TEXT_LIMIT, description="Markdown.")
    target_date: datetime.date | None = None
    status: StretchGoal.Status | None = Field(None, description=f"One of {STATUSES}.")
    visibility: StretchGoal.Visibility | None = Field(None, description=VISIBILITIES)


class CheckInIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    rating: int = Field(ge=1, le=5, description=f"From 1 to 5: {RATINGS}.")
    note: Text = Field("", max_length=NOTE_LIMIT, description="Markdown.")
    month: datetime.date | None = Field(
        None,
        description=(
            "Any day of the month it is for; this month by default. Earlier months back to "
            "the goal's first are allowed, months to come are not."
        ),
    )


class CheckInChangeIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    rating: int | None = Field(None, ge=1, le=5, description=f"From 1 to 5: {RATINGS}.")
    note: Text | None = Field(None, max_length=NOTE_LIMIT, description="Markdown.")


class ReplyIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    body: Text = Field(min_length=1, max_length=REPLY_LIMIT, description="Markdown.")


def _goal(goal: StretchGoal) -> StretchGoal:
    """Fetch a goal again the way lists do, with its check-in count and latest rating."""
    return StretchGoal.objects.filter(pk=goal.pk).for_list().get()


def _check_ins(goal: StretchGoal) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(goal=goal).with_replies()


# Goals


@router.get("/me/goals", response=list[GoalOut], summary="Your stretch goals, active first")
@paginate
def goal_list(request: AuthenticatedRequest, filters: Query[GoalFilters]) -> object:
    goals = StretchGoal.objects.owned_by(request.user).for_list()
    return goals.filter(status=filters.status) if filters.status else goals


@router.post(
    "/me/goals",
    response={201: GoalDetailOut},
    summary="Set yourself a stretch goal (private unless you share it)",
)
def goal_create(request: AuthenticatedRequest, body: GoalIn) -> StretchGoal:
    goal = services.set_goal(
        actor=request.user,
        title=body.title,
        success=body.success,
        stretch=body.stretch,
        target_date=body.target_date,
        visibility=body.visibility,
    )
    return _goal(goal)


@router.get(
    "/goals/shared-with-me",
    response=list[GoalOut],
    summary="Goals people in your published peer groups share with you, by person",
)
@paginate
def goal_shared_list(request: AuthenticatedRequest) -> object:
    return StretchGoal.objects.shared_with(request.user).for_list(by_person=True)


@router.get(
    "/goals/{uuid:goal_id}",
    response=GoalDetailOut,
    summary="One goal: your own, or one a peer shares with you",
)
def goal_detail(request: AuthenticatedRequest, goal_id: uuid.UUID) -> StretchGoal:
    return _goal(get_goal_for_user(request.user, goal_id))


@router.patch(
    "/goals/{uuid:goal_id}",
    response=GoalDetailOut,
    summary="Change your goal: its words, target date, status or who sees it",
)
def goal_edit(request: AuthenticatedRequest, goal_id: uuid.UUID, body: GoalChangeIn) -> StretchGoal:
    goal = get_goal_for_user(request.user, goal_id)
    given = body.model_fields_set
    with transaction.atomic():  # all the changes or none
        if given & {"title", "success", "stretch", "target_date"}:
            services.edit_goal(
                actor=request.user,
                goal=goal,
                title=body.title if body.title is not None else goal.title,
                success=body.success if body.success is not None else goal.success,
                stretch=body.stretch if body.stretch is not None else goal.stretch,
                target_date=body.target_date if "target_date" in given else goal.target_date,
            )
        if body.status is not None and body.status != goal.status:
            services.change_status(actor=request.user, goal=goal, status=body.status)
        if body.visibility is not None:
            services.change_sharing(actor=request.user, goal=goal, visibility=body.visibility)
    return _goal(goal)


@router.delete(
    "/goals/{uuid:goal_id}",
    response={204: None},
    summary="Delete your goal, with its check-ins and replies",
)
def goal_delete(request: AuthenticatedRequest, goal_id: uuid.UUID) -> None:
    services.delete_goal(actor=request.user, goal=get_goal_for_user(request.user, goal_id))


# Check-ins


@router.get(
    "/goals/{uuid:goal_id}/check-ins",
    response=list[CheckInOut],
    summary="A goal's check-ins, newest month first, each with its replies",
)
@paginate
def check_in_list(request: AuthenticatedRequest, goal_id: uuid.UUID) -> object:
    return _check_ins(get_goal_for_user(request.user, goal_id))


@router.post(
    "/goals/{uuid:goal_id}/check-ins",
    response={201: CheckInOut},
    summary="Check in on your goal (one a month; a second for the same month is refused)",
)
def check_in_create(request: AuthenticatedRequest, goal_id: uuid.UUID, body: CheckInIn) -> CheckIn:
    goal = get_goal_for_user(request.user, goal_id)
    check_in = services.record_check_in(
        actor=request.user, goal=goal, rating=body.rating, note=body.note, month=body.month
    )
    return _check_ins(goal).get(pk=check_in.pk)


@router.patch(
    "/goals/{uuid:goal_id}/check-ins/{check_in_id}",
    response=CheckInOut,
    summary="Change the rating or note of your check-in",
)
def check_in_edit(
    request: AuthenticatedRequest, goal_id: uuid.UUID, check_in_id: int, body: CheckInChangeIn
) -> CheckIn:
    goal = get_goal_for_user(request.user, goal_id)
    check_in = get_check_in_for_user(request.user, goal, check_in_id)
    services.edit_check_in(
        actor=request.user,
        check_in=check_in,
        rating=body.rating if body.rating is not None else check_in.rating,
        note=body.note if body.note is not None else check_in.note,
    )
    return _check_ins(goal).get(pk=check_in.pk)


# Replies


@router.get(
    "/goals/{uuid:goal_id}/check-ins/{check_in_id}/replies",
    response=list[ReplyOut],
    summary="Replies to a check-in, oldest first",
)
@paginate
def reply_list(request: AuthenticatedRequest, goal_id: uuid.UUID, check_in_id: int) -> object:
    goal = get_goal_for_user(request.user, goal_id)
    check_in = get_check_in_for_user(request.user, goal, check_in_id)
    return CheckInReply.objects.filter(check_in=check_in).select_related("author")


@router.post(
    "/goals/{uuid:goal_id}/check-ins/{check_in_id}/replies",
    response={201: ReplyOut},
    summary="Encourage a peer on a check-in of a goal they share with you",
)
def reply_create(
    request: AuthenticatedRequest, goal_id: uuid.UUID, check_in_id: int, body: ReplyIn
) -> CheckInReply:
    goal = get_goal_for_user(request.user, goal_id)
    check_in = get_check_in_for_user(request.user, goal, check_in_id)
    return services.reply_to_check_in(actor=request.user, check_in=check_in, body=body.body)


@router.delete(
    "/goals/{uuid:goal_id}/replies/{reply_id}",
    response={204: None},
    summary="Withdraw your reply, or remove one from your own goal's check-in",
)
def reply_delete(request: AuthenticatedRequest, goal_id: uuid.UUID, reply_id: int) -> None:
    goal = get_goal_for_user(request.user, goal_id)
    reply = get_reply_for_user(request.user, goal, reply_id)
    services.delete_reply(actor=request.user, reply=reply)

import datetime
from typing import Literal

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from convene.lib.http import AuthenticatedRequest
from convene.notifications import services
from convene.notifications.access import get_notification_for_user
from convene.notifications.models import Notification, Preference
from convene.people.api import PersonRef

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    message: str
    url: str
    actor: PersonRef | None
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationFilters(Schema):
    unread: bool = False


class ReadAllOut(Schema):
    marked: int


class PreferenceOut(Schema):
    email: str


class PreferenceIn(Schema):
    email: Literal["immediate", "daily", "off"]


@router.get("/notifications", response=list[NotificationOut], summary="Your notifications")
@paginate
def notification_list(request: AuthenticatedRequest, filters: Query[NotificationFilters]) -> object:
    notifications = Notification.objects.for_user(request.user).select_related("actor")
    return notifications.unread() if filters.unread else notifications


@router.post(
    "/notifications/read-all", response=ReadAllOut, summary="Mark all your notifications read"
)
def notification_read_all(request: AuthenticatedRequest) -> dict[str, int]:
    return {"marked": services.mark_all_read(actor=request.user)}


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    summary="Mark one notification read",
)
def notification_read(request: AuthenticatedRequest, notification_id: int) -> Notification:
    notification = get_notification_for_user(request.user, notification_id)
    services.mark_read(actor=request.user, notification=notification)
    return notification


@router.get(
    "/me/notification-settings",
    response=PreferenceOut,
    summary="How you hear about notifications by e-mail",
)
def preference_detail(request: AuthenticatedRequest) -> dict[str, str]:
    return {"email": Preference.email_for(request.user)}


@router.put(
    "/me/notification-settings",
    response=PreferenceOut,
    summary="Choose how you hear about notifications by e-mail",
)
def preference_update(request: AuthenticatedRequest, body: PreferenceIn) -> Preference:
    return services.set_preference(actor=request.user, email=body.email)

"""Gatherings, answers, attendance and one's own "what will I apply?", over the API."""

import datetime
import uuid
from typing import Annotated, Any

from django.http import Http404
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints, field_validator

from convene.api.types import Text
from convene.gatherings import formats, services
from convene.gatherings.access import (
    get_community_for_gatherings,
    get_gathering_for_user,
    get_own_intention,
)
from convene.gatherings.models import (
    INTENTION_LIMIT,
    NOTES_LIMIT,
    TITLE_LIMIT,
    Gathering,
    Intention,
    Rsvp,
)
from convene.gatherings.pages import member_people, my_gathering_list
from convene.gatherings.services import GatheringError
from convene.lib.http import AuthenticatedRequest
from convene.people.api import PersonRef
from convene.people.models import User

router = Router(tags=["gatherings"])

Handle = Annotated[str, StringConstraints(max_length=60), *Text.__metadata__]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_LIMIT),
    *Text.__metadata__,
]
Short = Annotated[str, StringConstraints(max_length=500), *Text.__metadata__]
Zone = Annotated[str, StringConstraints(max_length=64), *Text.__metadata__]


class StepIO(Schema):
    minutes: int = Field(ge=1, le=480)
    title: Annotated[str, StringConstraints(min_length=1, max_length=200), *Text.__metadata__]
    detail: Annotated[str, StringConstraints(max_length=1000), *Text.__metadata__] = ""


class FormatOut(Schema):
    key: str
    name: str
    summary: str
    group_size: str
    source: str
    minutes: int
    steps: list[StepIO]


class GatheringIn(Schema):
    title: Title
    format: str = Field(formats.OPEN_DISCUSSION.key, description="A key from /gatherings/formats.")
    starts_at: datetime.datetime = Field(
        description="With an offset, or a wall-clock time in `time_zone`."
    )
    ends_at: datetime.datetime
    time_zone: Zone = Field("Europe/London", description="An IANA zone.")
    place: Annotated[str, StringConstraints(max_length=200), *Text.__metadata__] = ""
    online_link: Short = ""
    agenda: list[StepIO] | None = Field(None, description="Leave out for the format's agenda.")
    capacity: int | None = Field(None, ge=1, le=10000)
    facilitator: Handle | None = Field(None, description="A member's handle.")


class GatheringPatch(Schema):
    """Send only what changes; only capacity and facilitator take null (no limit, no one)."""

    title: Title | None = None
    format: str | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    time_zone: Zone | None = None
    place: Annotated[str, StringConstraints(max_length=200), *Text.__metadata__] | None = None
    online_link: Short | None = None
    agenda: list[StepIO] | None = None
    capacity: int | None = Field(None, ge=1, le=10000)
    facilitator: Handle | None = Field(None, description='A member\'s handle; "" for none.')

    # Defaults are not validated, so None here means the client sent null.
    @field_validator(
        "title", "format", "starts_at", "ends_at", "time_zone", "place", "online_link", "agenda"
    )
    @classmethod
    def not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("Leave it out to keep it as it is; it cannot be null.")
        return value


class GatheringOut(Schema):
    id: uuid.UUID
    community: str
    title: str
    format: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    local_starts_at: datetime.datetime
    local_ends_at: datetime.datetime
    place: str
    online_link: str
    capacity: int | None
    coming: int
    facilitator: PersonRef | None
    my_answer: str | None
    sequence: int
    url: str
    ics_url: str

    @staticmethod
    def resolve_community(gathering: Gathering) -> str:
        return gathering.community.slug

    @staticmethod
    def resolve_coming(gathering: Gathering) -> int:
        return gathering.yes_count

    @staticmethod
    def resolve_my_answer(gathering: Gathering) -> str | None:
        return getattr(gathering, "my_answer", None)

    @staticmethod
    def resolve_url(gathering: Gathering) -> str:
        return gathering.get_absolute_url()

    @staticmethod
    def resolve_ics_url(gathering: Gathering) -> str:
        return reverse("gatherings:gathering_ics", args=[gathering.community.slug, gathering.pk])


class GatheringDetailOut(GatheringOut):
    agenda: list[StepIO]
    notes: str
    notes_html: str


class SuggestionOut(Schema):
    person: PersonRef
    times: int
    last: datetime.datetime | None
    reason: str


class RsvpIn(Schema):
    answer: Rsvp.Answer


class RsvpOut(Schema):
    person: PersonRef
    answer: str
    answered_at: datetime.datetime

    @staticmethod
    def resolve_person(rsvp: Rsvp) -> User:
        return rsvp.user


class AttendanceIn(Schema):
    attendees: list[Handle] = Field(max_length=1000, description="Handles of those who came.")


class NotesIn(Schema):
    notes: Annotated[str, StringConstraints(max_length=NOTES_LIMIT), *Text.__metadata__]


class IntentionIn(Schema):
    text: Annotated[str, StringConstraints(max_length=INTENTION_LIMIT), *Text.__metadata__]
    follow_up_weeks: int = Field(
        services.DEFAULT_FOLLOW_UP_WEEKS, ge=2, le=6, description="When to ask how it went."
    )


class OutcomeIn(Schema):
    outcome: Annotated[str, StringConstraints(max_length=INTENTION_LIMIT), *Text.__metadata__]


class IntentionOut(Schema):
    gathering: uuid.UUID
    text: str
    follow_up_on: datetime.date
    outcome: str
    outcome_recorded_at: datetime.datetime | None

    @staticmethod
    def resolve_gathering(intention: Intention) -> uuid.UUID:
        return intention.gathering_id


def _gathering(request: AuthenticatedRequest, gathering_id: uuid.UUID) -> Gathering:
    return get_gathering_for_user(request.user, gathering_id)


def _one(request: AuthenticatedRequest, gathering: Gathering) -> Gathering:
    """The gathering as a list row shows it, with the person's own answer."""
    return Gathering.objects.for_list(request.user).get(pk=gathering.pk)


def _facilitator(gathering_community: Any, handle: str | None) -> User | None:
    if not handle:
        return None
    person = member_people(gathering_community).filter(handle=handle).first()
    if person is None:
        raise GatheringError(f"No member of {gathering_community.name} has the handle “{handle}”.")
    return person


@router.get("/gatherings/formats", response=list[FormatOut], summary="Facilitation formats")
def format_list(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    """The registry of formats, each with its timed agenda template and its source."""
    return [
        {**f.__dict__, "minutes": f.minutes, "steps": [s.as_dict() for s in f.steps]}
        for f in formats.FORMATS.values()
    ]


@router.get(
    "/communities/{slug}/gatherings",
    response=list[GatheringOut],
    summary="A community's gatherings",
)
@paginate
def gathering_list(request: AuthenticatedRequest, slug: str, when: str = "upcoming") -> object:
    """Upcoming gatherings, soonest first; or `when=past`, latest first."""
    community = get_community_for_gatherings(request.user, slug)
    gatherings = community.gatherings.for_list(request.user)
    return gatherings.past() if when == "past" else gatherings.upcoming()


@router.post(
    "/communities/{slug}/gatherings", response={201: GatheringDetailOut}, summary="Schedule"
)
def gathering_create(request: AuthenticatedRequest, slug: str, body: GatheringIn) -> Gathering:
    community = get_community_for_gatherings(request.user, slug)
    data = body.dict()
    data["facilitator"] = _facilitator(community, body.facilitator)
    gathering = services.schedule_gathering(actor=request.user, community=community, **data)
    return _one(request, gathering)


@router.get(
    "/communities/{slug}/gatherings/facilitator-suggestion",
    response={200: SuggestionOut, 204: None},
    summary="Who Convene suggests should facilitate next, and why",
)
def facilitator_suggestion(request: AuthenticatedRequest, slug: str) -> Any:
    community = get_community_for_gatherings(request.user, slug)
    suggestion = services.suggest_facilitator(community)
    return Status(204, None) if suggestion is None else suggestion


@router.get("/me/gatherings", response=list[GatheringOut], summary="My gatherings")
@paginate
def my_gatherings(request: AuthenticatedRequest, when: str = "upcoming") -> object:
    """Gatherings of your communities, and any you answered; `when=past` for past ones."""
    gatherings = my_gathering_list(request.user)
    return gatherings.past() if when == "past" else gatherings.upcoming()


@router.get("/gatherings/{gathering_id}", response=GatheringDetailOut, summary="One gathering")
def gathering_detail(request: AuthenticatedRequest, gathering_id: uuid.UUID) -> Gathering:
    return _one(request, _gathering(request, gathering_id))


@router.patch("/gatherings/{gathering_id}", response=GatheringDetailOut, summary="Change")
def gathering_update(
    request: AuthenticatedRequest, gathering_id: uuid.UUID, body: GatheringPatch
) -> Gathering:
    gathering = _gathering(request, gathering_id)
    changes = body.dict(exclude_unset=True)
    if "facilitator" in changes:
        changes["facilitator"] = _facilitator(gathering.community, body.facilitator)
    services.update_gathering(actor=request.user, gathering=gathering, **changes)
    return _one(request, gathering)


@router.post("/gatherings/{gathering_id}/cancel", response=GatheringDetailOut, summary="Cancel")
def gathering_cancel(request: AuthenticatedRequest, gathering_id: uuid.UUID) -> Gathering:
    gathering = _gathering(request, gathering_id)
    services.cancel_gathering(actor=request.user, gathering=gathering)
    return _one(request, gathering)


@router.get("/gatherings/{gathering_id}/rsvps", response=list[RsvpOut], summary="Answers")
def rsvp_list(request: AuthenticatedRequest, gathering_id: uuid.UUID) -> object:
    gathering = _gathering(request, gathering_id)
    return gathering.rsvps.select_related("user").order_by("user__full_name")


@router.put("/gatherings/{gathering_id}/rsvp", response=RsvpOut, summary="Answer: yes, maybe or no")
def rsvp(request: AuthenticatedRequest, gathering_id: uuid.UUID, body: RsvpIn) -> Rsvp:
    """Say whether you will come; a yes to a full gathering is refused with a 400."""
    gathering = _gathering(request, gathering_id)
    return services.rsvp(actor=request.user, gathering=gathering, answer=body.answer)


@router.get("/gatherings/{gathering_id}/attendance", response=list[PersonRef], summary="Who came")
def attendance(request: AuthenticatedRequest, gathering_id: uuid.UUID) -> list[User]:
    gathering = _gathering(request, gathering_id)
    return [a.user for a in gathering.attendances.select_related("user")]


@router.put(
    "/gatherings/{gathering_id}/attendance", response=list[PersonRef], summary="Record who came"
)
def attendance_record(
    request: AuthenticatedRequest, gathering_id: uuid.UUID, body: AttendanceIn
) -> list[User]:
    """Set who came (facilitator or convenors, once it has started); replaces the list."""
    gathering = _gathering(request, gathering_id)
    people = list(User.objects.filter(handle__in=body.attendees))
    unknown = sorted(set(body.attendees) - {person.handle for person in people})
    if unknown:
        raise GatheringError(f"No one has the handle “{unknown[0]}”.")
    recorded = services.record_attendance(actor=request.user, gathering=gathering, attendees=people)
    return [a.user for a in recorded]


@router.put("/gatherings/{gathering_id}/notes", response=GatheringDetailOut, summary="Notes")
def notes(request: AuthenticatedRequest, gathering_id: uuid.UUID, body: NotesIn) -> Gathering:
    gathering = _gathering(request, gathering_id)
    services.write_notes(actor=request.user, gathering=gathering, notes=body.notes)
    return _one(request, gathering)


@router.get("/gatherings/{gathering_id}/apply", response=IntentionOut, summary="What I will apply")
def intention(request: AuthenticatedRequest, gathering_id: uuid.UUID) -> Intention:
    """Your own intention from this gathering; no one else's is ever shown."""
    found = get_own_intention(request.user, _gathering(request, gathering_id))
    if found is None:
        raise Http404
    return found


@router.put(
    "/gatherings/{gathering_id}/apply", response=IntentionOut, summary="Say what I will apply"
)
def intention_record(
    request: AuthenticatedRequest, gathering_id: uuid.UUID, body: IntentionIn
) -> Intention:
    gathering = _gathering(request, gathering_id)
    return services.record_intention(
        actor=request.user,
        gathering=gathering,
        text=body.text,
        follow_up_weeks=body.follow_up_weeks,
    )


@router.post(
    "/gatherings/{gathering_id}/apply/outcome", response=IntentionOut, summary="Say what happened"
)
def outcome_record(
    request: AuthenticatedRequest, gathering_id: uuid.UUID, body: OutcomeIn
) -> Intention:
    found = get_own_intention(request.user, _gathering(request, gathering_id))
    if found is None:
        raise Http404
    return services.record_outcome(actor=request.user, intention=found, outcome=body.outcome)

"""Convene's REST API, version 1. Each app's routes live in its own api.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from convene.agenda.api import router as agenda_router
from convene.agenda.services import AgendaError
from convene.api.auth import PersonalAccessToken
from convene.communities.api import router as communities_router
from convene.communities.services import CommunityError
from convene.discussions.api import router as discussions_router
from convene.discussions.services import DiscussionError
from convene.elections.api import router as elections_router
from convene.elections.services import ElectionError
from convene.gatherings.api import router as gatherings_router
from convene.gatherings.services import GatheringError
from convene.goals.api import router as goals_router
from convene.goals.services import GoalError
from convene.insights.api import router as insights_router
from convene.insights.services import InsightError
from convene.learning.api import router as learning_router
from convene.learning.services import LearningError
from convene.notifications.api import router as notifications_router
from convene.peergroups.api import router as peergroups_router
from convene.peergroups.services import PeerGroupError
from convene.people.api import router as people_router
from convene.projects.api import router as projects_router
from convene.projects.services import ProjectError
from convene.reflections.api import router as reflections_router
from convene.reflections.services import ReflectionError
from convene.resources.api import router as resources_router
from convene.resources.services import ResourceError
from convene.ripples.api import router as ripples_router
from convene.ripples.services import RippleError
from convene.stories.api import router as stories_router
from convene.stories.services import StoryError
from convene.surveys.api import router as surveys_router
from convene.surveys.services import SurveyError
from convene.values.api import router as values_router
from convene.values.services import ValuesError

api = NinjaAPI(
    title="Convene API",
    version="1",
    description=(
        "Read and act on Convene as the signed-in person. Authenticate with a personal "
        "access token (`Authorization: Bearer cvn_…`) created on your profile page. "
        "Errors come back as JSON with a `detail` message."
    ),
    urls_namespace="api",
    auth=[PersonalAccessToken(), django_auth],
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("", people_router)
api.add_router("", communities_router)
api.add_router("", notifications_router)
api.add_router("", discussions_router)
api.add_router("", peergroups_router)
api.add_router("", goals_router)
api.add_router("", reflections_router)
api.add_router("", learning_router)
api.add_router("", elections_router)
api.add_router("", gatherings_router)
api.add_router("", agenda_router)
api.add_router("", projects_router)
api.add_router("", resources_router)
api.add_router("", values_router)
api.add_router("", surveys_router)
api.add_router("", stories_router)
api.add_router("", ripples_router)
api.add_router("", insights_router)


@api.exception_handler(CommunityError)
def refused(request: HttpRequest, error: CommunityError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(DiscussionError)
def refused_in_discussion(request: HttpRequest, error: DiscussionError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(GoalError)
def refused_for_goal(request: HttpRequest, error: GoalError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(PeerGroupError)
def refused_in_peer_groups(request: HttpRequest, error: PeerGroupError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(ReflectionError)
def refused_in_journal(request: HttpRequest, error: ReflectionError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(LearningError)
def refused_in_programme(request: HttpRequest, error: LearningError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(ElectionError)
def refused_in_election(request: HttpRequest, error: ElectionError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(GatheringError)
def refused_in_gathering(request: HttpRequest, error: GatheringError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(AgendaError)
def refused_on_agenda(request: HttpRequest, error: AgendaError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Say what is wrong in one sentence, and keep the details for programs."""
    return api.create_response(
        request, {"detail": describe(error.errors), "errors": error.errors}, status=422
    )


def describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors:
        location = list(error.get("loc", ()))
        if location and location[0] in {"body", "query", "path"}:
            location = location[1:]  # where ninja found it, not what it is
        if len(location) > 1 and location[0] in {"body", "filters"}:
            location = location[1:]  # the schema's parameter name
        where = ".".join(str(part) for part in location)
        parts.append(
            f"{where}: {error.get('msg', 'is not valid')}" if where else error.get("msg", "")
        )
    return "; ".join(parts) or "The request is not valid."


@api.exception_handler(ProjectError)
def refused_for_project(request: HttpRequest, error: ProjectError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(ResourceError)
def refused_for_resources(request: HttpRequest, error: ResourceError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(ValuesError)
def refused_for_values(request: HttpRequest, error: ValuesError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(SurveyError)
def refused_for_surveys(request: HttpRequest, error: SurveyError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(StoryError)
def refused_for_stories(request: HttpRequest, error: StoryError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(RippleError)
def refused_for_ripples(request: HttpRequest, error: RippleError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(InsightError)
def refused_for_insights(request: HttpRequest, error: InsightError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)

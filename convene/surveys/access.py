"""The one way views and the API fetch surveys for a person.

A survey is visible to the people it was put to and to those who manage it:
administrators (every survey) and the convenors and co-convenors of the
community it is about. Anyone else gets 404, so a survey about a private
community is indistinguishable from one that does not exist.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from convene.people.models import User
from convene.surveys.models import Survey, SurveyQuerySet


def surveys_visible_to(user: User | AnonymousUser) -> SurveyQuerySet:
    """Surveys the person was asked to answer or may manage."""
    return Survey.objects.visible_to(user)


def surveys_managed_by(user: User | AnonymousUser) -> SurveyQuerySet:
    """Surveys the person may draft, open, edit and close."""
    return Survey.objects.managed_by(user)


def get_survey_for_user(user: User | AnonymousUser, survey_id: uuid.UUID | str) -> Survey:
    """A survey the person was asked to answer or manages; 404 otherwise."""
    return get_object_or_404(
        surveys_visible_to(user).select_related("community"), pk=_as_uuid(survey_id)
    )


def get_managed_survey(user: User | AnonymousUser, survey_id: uuid.UUID | str) -> Survey:
    """A survey the person manages; 404 otherwise, even for people who answered it."""
    return get_object_or_404(
        surveys_managed_by(user).select_related("community"), pk=_as_uuid(survey_id)
    )


def _as_uuid(value: uuid.UUID | str) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def get_survey_to_answer(user: User | AnonymousUser, survey_id: uuid.UUID | str) -> Survey:
    """A survey put to the person; 404 for anyone else, those who manage it included."""
    return get_object_or_404(
        Survey.objects.addressed_to(user).select_related("community"), pk=_as_uuid(survey_id)
    )

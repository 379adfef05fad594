"""Bad input gets a clear error and writes nothing: on the pages, in the API and in services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.goals import services
from convene.goals.models import NOTE_LIMIT, TEXT_LIMIT, TITLE_LIMIT, CheckIn, StretchGoal
from convene.goals.services import GoalError
from tests.goals.builders import make_goal

NUL = "a\u0000b"
GOAL = {"title": "Coach rather than tell", "success": "", "stretch": "", "visibility": "private"}


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "   "}, "This field is required."),
        ({"title": NUL}, "Null characters are not allowed."),
        ({"success": NUL}, "Null characters are not allowed."),
        ({"title": "x" * (TITLE_LIMIT + 1)}, f"at most {TITLE_LIMIT} characters"),
        ({"stretch": "x" * (TEXT_LIMIT + 1)}, f"at most {TEXT_LIMIT} characters"),
        ({"visibility": "everyone"}, "Select a valid choice."),
        ({"target_date": "31/02/2027"}, "Enter a valid date."),
    ],
)
def test_a_bad_goal_form_shows_an_error_and_saves_nothing(as_member, change, error):
    response = as_member.post(reverse("goals:goal_create"), {**GOAL, **change})
    assert response.status_code == 200
    assert error in response.text
    assert not StretchGoal.objects.exists()


def test_a_target_date_in_the_past_is_a_form_error(as_member):
    response = as_member.post(reverse("goals:goal_create"), {**GOAL, "target_date": "2001-01-01"})
    assert "The target date has passed" in response.text
    assert not StretchGoal.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"rating": "0"}, "Select a valid choice. 0 is not one of the available choices."),
        ({"rating": "6"}, "Select a valid choice. 6 is not one of the available choices."),
        ({"rating": ""}, "Choose a rating from 1 to 5."),
        ({"rating": "3", "note": NUL}, "Null characters are not allowed."),
        ({"rating": "3", "note": "x" * (NOTE_LIMIT + 1)}, f"at most {NOTE_LIMIT} characters"),
    ],
)
def test_a_bad_check_in_form_shows_an_error_and_saves_nothing(people, as_member, data, error):
    goal = make_goal(people.member)
    response = as_member.post(reverse("goals:check_in_create", args=[goal.pk]), data)
    assert response.status_code == 200
    assert error in response.text
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("rating", [0, 6, -1, True, 2.5])
def test_the_service_refuses_a_rating_outside_one_to_five(people, rating):
    goal = make_goal(people.member)
    with pytest.raises(GoalError, match="whole number from 1 to 5"):
        services.record_check_in(actor=people.member, goal=goal, rating=rating)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("title", "error"),
    [
        ("", "The title cannot be empty."),
        ("  \n ", "The title cannot be empty."),
        (NUL, "The title contains control characters"),
        ("x" * (TITLE_LIMIT + 1), f"at most {TITLE_LIMIT} characters"),
    ],
)
def test_the_service_refuses_a_bad_title(people, title, error):
    with pytest.raises(GoalError, match=error):
        services.set_goal(actor=people.member, title=title)
    assert not StretchGoal.objects.exists()


def test_the_service_refuses_an_unknown_visibility(people):
    with pytest.raises(GoalError, match="not a choice of who sees a goal"):
        services.set_goal(actor=people.member, title="Fine", visibility="everyone")
    assert not StretchGoal.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": NUL}, "title"),
        ({"title": "x" * (TITLE_LIMIT + 1)}, "title"),
        ({"title": "Fine", "success": "x" * (TEXT_LIMIT + 1)}, "success"),
        ({"title": "Fine", "stretch": NUL}, "stretch"),
        ({"title": "Fine", "visibility": "everyone"}, "visibility"),
        ({"title": "Fine", "target_date": "soon"}, "target_date"),
        ({}, "title"),
    ],
)
def test_bad_goal_input_to_the_api_is_a_422_naming_the_field(people, api_as, body, field):
    response = api_as(people.member).post("/api/v1/me/goals", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(f"{field}:")
    assert not StretchGoal.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"rating": 0},
        {"rating": 6},
        {"rating": "lots"},
        {},
        {"rating": 3, "note": NUL},
        {"rating": 3, "note": "x" * (NOTE_LIMIT + 1)},
    ],
)
def test_bad_check_in_input_to_the_api_is_a_422(people, api_as, body):
    goal = make_goal(people.member)
    response = api_as(people.member).post(
        f"/api/v1/goals/{goal.pk}/check-ins", body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_a_target_date_in_the_past_through_the_api_is_a_400(people, api_as):
    response = api_as(people.member).post(
        "/api/v1/me/goals",
        {"title": "Fine", "target_date": "2001-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The target date has passed; choose today or a later date."
    }
    assert not StretchGoal.objects.exists()


def test_a_malformed_goal_id_is_not_found(as_member):
    assert as_member.get("/goals/not-a-uuid/").status_code == 404


def test_a_bad_edit_leaves_the_goal_as_it_was(people, as_member):
    goal = make_goal(people.member, title="Original")
    response = as_member.post(
        reverse("goals:goal_edit", args=[goal.pk]),
        {**GOAL, "title": "Changed", "visibility": "peer_group", "target_date": "2001-01-01"},
    )
    assert "The target date has passed" in response.text
    goal.refresh_from_db()
    assert goal.title == "Original" and goal.visibility == "private"

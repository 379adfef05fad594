"""Surveys through the API: the same rules as the pages, errors as JSON with `detail`."""

from __future__ import annotations

import json

import pytest

from convene.surveys import services
from convene.surveys.models import AnonymitySettings, OwnAnswer, Schedule
from tests.conftest import client_for
from tests.surveys.conftest import good_answers, stored


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _body(survey, **changes):
    answers = {str(key): value for key, value in good_answers(survey).items()}
    return {"answers": {**answers, **changes}, "keep_own_copy": True}


def test_a_member_lists_reads_and_answers_a_survey(people, survey):
    client = client_for(people.member)
    listed = client.get("/api/v1/surveys").json()
    assert [item["id"] for item in listed["items"]] == [str(survey.pk)]
    assert listed["items"][0]["has_answered"] is False
    detail = client.get(f"/api/v1/surveys/{survey.pk}").json()
    assert [q["kind"] for q in detail["questions"]] == [
        "rating",
        "single_choice",
        "multiple_choice",
        "free_text",
    ]
    assert len(detail["questions"][1]["options"]) == 3
    response = _post(client, f"/api/v1/surveys/{survey.pk}/responses", _body(survey))
    assert response.status_code == 201
    assert stored() == (1, 1, 4)
    assert client.get(f"/api/v1/surveys/{survey.pk}").json()["has_answered"] is True
    own = client.get("/api/v1/me/pulse-answers").json()["items"]
    assert [(item["rating"], item["survey"]) for item in own] == [(4, str(survey.pk))]


def _rating_id(survey):
    return str(survey.questions.get(position=1).pk)


@pytest.mark.parametrize(
    "raw",
    ["0", "6", '"abc"', "NaN", "2.5", "null", "[1, 2]", "true"],
)
def test_a_bad_rating_is_a_400_with_detail_and_nothing_stored(people, survey, raw):
    body = json.dumps(_body(survey)).replace(
        f'"{_rating_id(survey)}": 4', f'"{_rating_id(survey)}": {raw}'
    )
    response = client_for(people.member).post(
        f"/api/v1/surveys/{survey.pk}/responses", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    assert stored() == (0, 0, 0)
    assert not OwnAnswer.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: {str(s.questions.get(position=2).pk): 999999}, "no such option"),
        (
            lambda s: {
                str(s.questions.get(position=2).pk): list(
                    s.questions.get(position=2).options.values_list("pk", flat=True)[:2]
                )
            },
            "Choose only one",
        ),
        (lambda s: {str(s.questions.get(position=4).pk): "x" * 2001}, "2000 characters"),
        (lambda s: {str(s.questions.get(position=4).pk): "a\u0000b"}, "null character"),
        (lambda s: {"999999": 3}, "has no question"),
    ],
)
def test_bad_answers_are_refused_through_the_api(people, survey, change, message):
    response = _post(
        client_for(people.member),
        f"/api/v1/surveys/{survey.pk}/responses",
        _body(survey, **change(survey)),
    )
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert stored() == (0, 0, 0)


def test_a_missing_required_answer_is_refused(people, survey):
    body = _body(survey)
    del body["answers"][_rating_id(survey)]
    response = _post(client_for(people.member), f"/api/v1/surveys/{survey.pk}/responses", body)
    assert response.status_code == 400
    assert "it is required" in response.json()["detail"]
    assert stored() == (0, 0, 0)


def test_a_second_response_and_a_closed_survey_are_refused(people, survey):
    client = client_for(people.member)
    url = f"/api/v1/surveys/{survey.pk}/responses"
    assert _post(client, url, _body(survey)).status_code == 201
    second = _post(client, url, _body(survey))
    assert second.status_code == 400
    assert second.json()["detail"] == "You have already answered this survey."
    services.close_survey(actor=people.convenor, survey=survey)
    late = _post(client_for(people.convenor), url, _body(survey))
    assert late.json()["detail"] == "This survey has closed."
    assert stored() == (1, 1, 4)


def test_people_not_asked_get_404(people, survey):
    for person in (people.outsider, people.executive):
        client = client_for(person)
        assert client.get(f"/api/v1/surveys/{survey.pk}").status_code == 404
        response = _post(client, f"/api/v1/surveys/{survey.pk}/responses", _body(survey))
        assert response.status_code == 404
    assert client_for(people.admin).get(f"/api/v1/surveys/{survey.pk}").status_code == 200
    admin_answer = _post(
        client_for(people.admin), f"/api/v1/surveys/{survey.pk}/responses", _body(survey)
    )
    assert admin_answer.status_code == 404  # manages it, but was not asked
    assert client_for(people.outsider).get("/api/v1/surveys").json()["items"] == []
    assert stored() == (0, 0, 0)


def test_own_answers_are_only_ever_ones_own(people, survey):
    _post(client_for(people.member), f"/api/v1/surveys/{survey.pk}/responses", _body(survey))
    assert client_for(people.convenor).get("/api/v1/me/pulse-answers").json()["items"] == []


def test_an_administrator_manages_schedules(people):
    client = client_for(people.admin)
    created = _post(
        client,
        "/api/v1/survey-schedules",
        {"title": "Self-efficacy", "instrument": "self_efficacy", "next_run_on": "2027-01-04"},
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["audience"] == "members"
    paused = client.put(
        f"/api/v1/survey-schedules/{pk}",
        json.dumps(
            {
                "title": "Self-efficacy",
                "instrument": "self_efficacy",
                "community": people.open_community.slug,
                "next_run_on": "2027-01-04",
                "is_active": False,
            }
        ),
        content_type="application/json",
    )
    assert paused.json()["is_active"] is False
    assert paused.json()["community"]["slug"] == people.open_community.slug
    assert client.get("/api/v1/survey-schedules").json()["count"] == 1
    assert client.delete(f"/api/v1/survey-schedules/{pk}").status_code == 204
    assert not Schedule.objects.exists()


def test_a_bad_schedule_is_a_400_and_others_get_404(people):
    bad = _post(
        client_for(people.admin),
        "/api/v1/survey-schedules",
        {
            "title": "Nothing",
            "instrument": "self_efficacy",
            "open_days": 0,
            "next_run_on": "2027-01-04",
        },
    )
    assert bad.status_code == 400
    assert "between 1 and 365" in bad.json()["detail"]
    member = client_for(people.member)
    assert member.get("/api/v1/survey-schedules").status_code == 404
    body = {"title": "X", "instrument": "self_efficacy", "next_run_on": "2027-01-04"}
    assert _post(member, "/api/v1/survey-schedules", body).status_code == 404
    assert not Schedule.objects.exists()


def test_anyone_reads_the_thresholds_and_administrators_change_them(people):
    assert client_for(people.member).get("/api/v1/anonymity-settings").json() == {
        "minimum": 5,
        "free_text_minimum": 10,
    }
    change = {"minimum": 2, "free_text_minimum": 10}
    refused = client_for(people.admin).put(
        "/api/v1/anonymity-settings", json.dumps(change), content_type="application/json"
    )
    assert refused.status_code == 400 and "below 3" in refused.json()["detail"]
    by_member = client_for(people.member).put(
        "/api/v1/anonymity-settings",
        json.dumps({"minimum": 6, "free_text_minimum": 10}),
        content_type="application/json",
    )
    assert by_member.status_code == 400
    assert not AnonymitySettings.objects.exists()


@pytest.mark.parametrize("count", [2, 30])
def test_the_api_list_costs_the_same_queries_for_few_or_many(
    people, count, django_assert_num_queries
):
    for _ in range(count):
        draft = services.draft_pulse(
            actor=people.admin, instrument="self_efficacy", community=people.open_community
        )
        services.open_survey(actor=people.admin, survey=draft)
    client = client_for(people.member)
    with django_assert_num_queries(4):
        items = client.get("/api/v1/surveys?limit=40").json()["items"]
    assert len(items) == count

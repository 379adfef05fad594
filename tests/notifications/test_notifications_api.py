"""Notifications and e-mail settings through the API."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.notifications.models import Notification, Preference
from tests.notifications.conftest import notify_about


def put(client, path: str, body: dict):
    return client.put(f"/api/v1{path}", body, content_type="application/json")


def messages(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["message"] for row in response.json()["items"]]


def test_the_list_shows_your_notifications_newest_first_with_their_actor(people, api_as):
    notify_about(people.member, people.convenor, message="First")
    notify_about(people.member, message="Second")
    notify_about(people.sponsor, message="Someone else's")
    response = api_as(people.member).get("/api/v1/notifications")
    assert messages(response) == ["Second", "First"]
    assert response.json()["items"][1]["actor"]["handle"] == people.convenor.handle


def test_the_list_can_show_only_unread_ones(people, api_as):
    notify_about(people.member, message="Read")
    Notification.objects.update(read_at="2026-01-01T00:00Z")
    notify_about(people.member, message="Unread")
    client = api_as(people.member)
    assert messages(client.get("/api/v1/notifications", {"unread": "true"})) == ["Unread"]
    assert len(messages(client.get("/api/v1/notifications"))) == 2


def test_the_list_costs_the_same_queries_for_2_and_40_rows(people, api_as):
    client = api_as(people.member)
    client.get("/api/v1/me")  # a token's first use writes last_used_at; count after it

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/notifications").status_code == 200
        return len(captured)

    for _ in range(2):
        notify_about(people.member, people.convenor)
    few = queries()
    for _ in range(38):
        notify_about(people.member, people.sponsor)
    assert queries() == few


def test_marking_one_read(people, api_as):
    notification = notify_about(people.member)
    assert notification is not None
    response = api_as(people.member).post(f"/api/v1/notifications/{notification.pk}/read")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert Notification.objects.get().read_at is not None


def test_someone_elses_notification_is_not_found(people, api_as):
    notification = notify_about(people.member)
    assert notification is not None
    response = api_as(people.outsider).post(f"/api/v1/notifications/{notification.pk}/read")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    assert Notification.objects.get().read_at is None


def test_marking_all_read_says_how_many(people, api_as):
    notify_about(people.member)
    notify_about(people.member)
    notify_about(people.sponsor)
    response = api_as(people.member).post("/api/v1/notifications/read-all")
    assert response.json() == {"marked": 2}
    assert Notification.objects.unread().count() == 1


def test_reading_and_changing_the_email_setting(people, api_as):
    client = api_as(people.member)
    assert client.get("/api/v1/me/notification-settings").json() == {"email": "immediate"}
    response = put(client, "/me/notification-settings", {"email": "daily"})
    assert response.json() == {"email": "daily"}
    assert client.get("/api/v1/me/notification-settings").json() == {"email": "daily"}


def test_an_unknown_email_setting_is_refused_with_422(people, api_as):
    response = put(api_as(people.member), "/me/notification-settings", {"email": "hourly"})
    assert response.status_code == 422
    assert "email" in response.json()["detail"]
    assert not Preference.objects.exists()

"""The notifications page, opening a notification, marking all read and the nav count."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from convene.notifications.context import unread_notifications
from convene.notifications.models import Notification
from tests.notifications.conftest import notify_about

LIST = "/notifications/"


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def open_url(notification: Notification | None) -> str:
    assert notification is not None
    return f"/notifications/{notification.pk}/open/"


def test_the_list_shows_your_notifications_newest_first(people, as_member):
    notify_about(people.member, message="The older one")
    notify_about(people.member, message="The newer one")
    notify_about(people.sponsor, message="Someone else's")
    page = as_member.get(LIST).content.decode()
    assert page.index("The newer one") < page.index("The older one")
    assert "Someone else's" not in page


def test_the_list_costs_the_same_queries_for_2_and_40_rows(people, as_member):
    for _ in range(2):
        notify_about(people.member, people.convenor)
    few = queries_for(as_member, LIST)
    for _ in range(38):
        notify_about(people.member, people.convenor)
    assert queries_for(as_member, LIST) == few


def test_the_list_shows_40_a_page(people, as_member):
    for _ in range(41):
        notify_about(people.member)
    page = as_member.get(LIST).content.decode()
    assert page.count("/open/") == 40
    assert "Page 1 of 2" in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_link(people, as_member):
    notification = notify_about(people.member)
    response = as_member.get(open_url(notification))
    assert response.status_code == 302
    assert response["Location"] == Notification.objects.get().url
    assert Notification.objects.get().read_at is not None


def test_someone_elses_notification_is_not_found(people, as_outsider):
    response = as_outsider.get(open_url(notify_about(people.member)))
    assert response.status_code == 404
    assert Notification.objects.get().read_at is None


def test_mark_all_as_read_marks_only_your_own(people, as_member):
    notify_about(people.member)
    notify_about(people.sponsor)
    response = as_member.post("/notifications/read-all/", follow=True)
    assert "Marked 1 notification as read." in response.content.decode()
    assert not Notification.objects.for_user(people.member).unread().exists()
    assert Notification.objects.for_user(people.sponsor).unread().exists()


def test_mark_all_as_read_needs_a_post(people, as_member):
    notify_about(people.member)
    assert as_member.get("/notifications/read-all/").status_code == 405
    assert Notification.objects.unread().count() == 1


def test_the_nav_shows_the_unread_count(people, as_member):
    for _ in range(3):
        notify_about(people.member)
    page = as_member.get("/").content.decode()
    assert '<span class="badge badge-role">3<span class="visually-hidden"> unread</span>' in page
    as_member.get(open_url(Notification.objects.first()))
    assert '>2<span class="visually-hidden"> unread' in as_member.get("/").content.decode()


def test_the_nav_shows_no_count_when_all_is_read(people, as_member):
    page = as_member.get("/").content.decode()
    assert ">Notifications</a>" in page
    assert "unread" not in page


def test_the_unread_count_costs_nothing_for_someone_signed_out(db):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as captured:
        assert unread_notifications(request) == {"unread_notification_count": 0}
    assert len(captured) == 0


def test_the_unread_count_is_one_query(people):
    notify_about(people.member)
    request = RequestFactory().get("/")
    request.user = people.member
    with CaptureQueriesContext(connection) as captured:
        assert unread_notifications(request)["unread_notification_count"] == 1
    assert len(captured) == 1


def test_signed_out_visitors_are_sent_to_sign_in(people, client):
    assert client.get(LIST).status_code == 302
    assert client.get("/notifications/settings/").status_code == 302

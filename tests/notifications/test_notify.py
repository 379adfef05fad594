"""notify(): one notification per person per event, never to the person who acted."""

from __future__ import annotations

import pytest

from convene.audit.models import AuditEvent
from convene.notifications import services
from convene.notifications.models import Notification, Preference
from convene.notifications.services import NotificationError
from tests.notifications.conftest import notify_about


def test_notify_records_one_unread_notification_for_the_recipient(people):
    notification = notify_about(people.member, people.convenor, message="Connor mentioned you")
    assert notification is not None
    stored = Notification.objects.get()
    assert (stored.recipient, stored.actor, stored.message) == (
        people.member,
        people.convenor,
        "Connor mentioned you",
    )
    assert stored.read_at is None
    assert list(Notification.objects.for_user(people.member).unread()) == [stored]


def test_a_second_notify_for_the_same_event_creates_nothing(people):
    assert notify_about(people.member, people.convenor, key="comment:42:mention:7") is not None
    assert notify_about(people.member, people.convenor, key="comment:42:mention:7") is None
    assert Notification.objects.count() == 1


def test_the_same_event_still_notifies_each_person_once(people):
    notify_about(people.member, people.convenor, key="comment:42:reply")
    notify_about(people.sponsor, people.convenor, key="comment:42:reply")
    assert Notification.objects.count() == 2


def test_nobody_is_notified_of_their_own_action(people):
    assert notify_about(people.member, people.member) is None
    assert not Notification.objects.exists()


def test_people_no_longer_active_are_not_notified(people):
    people.outsider.is_active = False
    people.outsider.save(update_fields=["is_active"])
    assert notify_about(people.outsider, people.convenor) is None


def test_a_long_message_is_shortened_to_fit(people):
    notification = notify_about(people.member, message="word " * 100)
    assert notification is not None
    assert len(notification.message) <= 300
    assert notification.message.endswith("…")


@pytest.mark.parametrize(
    ("kind", "url"),
    [("gossip", "/communities/"), ("mention", "https://elsewhere.example/"), ("reply", "//x")],
)
def test_an_unknown_kind_or_a_link_off_the_site_is_a_programming_error(people, kind, url):
    with pytest.raises(ValueError):
        services.notify(
            recipient=people.member, actor=None, kind=kind, message="Hi", url=url, key="k"
        )


def test_mark_read_refuses_someone_elses_notification(people):
    notification = notify_about(people.member)
    assert notification is not None
    with pytest.raises(NotificationError):
        services.mark_read(actor=people.outsider, notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_keeps_the_time_of_first_reading(people):
    notification = notify_about(people.member)
    assert notification is not None
    services.mark_read(actor=people.member, notification=notification)
    first = Notification.objects.get().read_at
    services.mark_read(actor=people.member, notification=Notification.objects.get())
    assert first is not None
    assert Notification.objects.get().read_at == first


def test_mark_all_read_counts_only_your_own_unread_notifications(people):
    notify_about(people.member)
    notify_about(people.member)
    notify_about(people.sponsor)
    assert services.mark_all_read(actor=people.member) == 2
    assert services.mark_all_read(actor=people.member) == 0
    assert Notification.objects.for_user(people.sponsor).unread().count() == 1


def test_set_preference_saves_the_choice_and_audits_it(people):
    services.set_preference(actor=people.member, email="daily")
    services.set_preference(actor=people.member, email="off")
    assert Preference.email_for(people.member) == "off"
    assert Preference.email_for(people.sponsor) == "immediate"
    assert AuditEvent.objects.filter(action="notification.preference_set").count() == 2


def test_set_preference_refuses_an_unknown_choice(people):
    with pytest.raises(NotificationError, match="not an e-mail preference"):
        services.set_preference(actor=people.member, email="hourly")
    assert not Preference.objects.exists()


def test_news_of_a_private_community_is_withheld_once_the_person_has_left(people):
    from convene.communities.services import leave_community
    from convene.notifications.models import Notification
    from convene.notifications.services import notify

    notify(
        recipient=people.member,
        actor=people.convenor,
        kind="reply",
        message="Connor commented on “Secret plan”",
        url="/communities/quiet-room/posts/1/",
        key="secret-1",
        community=people.private_community,
    )
    assert Notification.objects.for_user(people.member).count() == 1
    leave_community(actor=people.member, community=people.private_community)
    assert not Notification.objects.for_user(people.member).exists()

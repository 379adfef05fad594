"""E-mail by preference: straight away, in one morning digest, or never; each sent once."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.tasks import default_task_backend

from convene.notifications import services, tasks
from convene.notifications.models import DigestDelivery, Notification
from tests.notifications.conftest import notify_about

LONDON = ZoneInfo("Europe/London")
TUESDAY_MORNING = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)


@pytest.fixture
def sends(django_capture_on_commit_callbacks):
    """Notify as other apps do, running what waits for the commit (ImmediateBackend tasks)."""

    def sends(*args, **kwargs) -> Notification | None:
        with django_capture_on_commit_callbacks(execute=True):
            return notify_about(*args, **kwargs)

    return sends


def test_immediate_preference_sends_one_email_with_the_link(people, sends, settings):
    settings.SITE_URL = "https://convene.example.org"
    notification = sends(people.member, people.convenor, message="Connor mentioned you")
    assert notification is not None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [people.member.email]
    assert email.subject == "Convene: Connor mentioned you"
    assert f"https://convene.example.org{notification.url}" in email.body
    assert "https://convene.example.org/notifications/settings/" in email.body
    assert Notification.objects.get().emailed_at is not None


def test_running_the_send_task_twice_sends_one_email(people, sends):
    notification = sends(people.member, people.convenor)
    assert notification is not None
    tasks.send_notification_email.enqueue(notification.pk)
    tasks.send_notification_email.call(notification.pk)
    assert len(mail.outbox) == 1


def test_a_failed_send_gives_its_claim_back_for_a_retry(people, monkeypatch):
    services.set_preference(actor=people.member, email="off")
    notification = notify_about(people.member)
    assert notification is not None
    services.set_preference(actor=people.member, email="immediate")

    def refuse(*args, **kwargs):
        raise ConnectionError("SMTP is down")

    monkeypatch.setattr(tasks, "send_mail", refuse)
    with pytest.raises(ConnectionError):
        tasks.send_notification_email.call(notification.pk)
    assert Notification.objects.get().emailed_at is None


def test_off_preference_sends_nothing(people, sends):
    services.set_preference(actor=people.member, email="off")
    sends(people.member, people.convenor)
    assert Notification.objects.count() == 1
    assert mail.outbox == []


def test_daily_preference_sends_nothing_at_once(people, sends):
    services.set_preference(actor=people.member, email="daily")
    notification = sends(people.member, people.convenor)
    assert notification is not None
    tasks.send_notification_email.call(notification.pk)
    assert mail.outbox == []


def test_the_digest_run_twice_sends_one_email_listing_both_notifications(people, sends):
    services.set_preference(actor=people.member, email="daily")
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        sends(people.member, people.convenor, message="Connor mentioned you")
        sends(people.member, people.sponsor, message="Sofia replied to you")
    with time_machine.travel(TUESDAY_MORNING + datetime.timedelta(days=1), tick=False):
        tasks.send_daily_digest.enqueue(people.member.pk, "2026-03-11")
        tasks.send_daily_digest.enqueue(people.member.pk, "2026-03-11")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Connor mentioned you" in body and "Sofia replied to you" in body
    assert mail.outbox[0].subject == "Convene: 2 notifications"
    assert not Notification.objects.not_emailed().exists()


def test_a_digest_with_nothing_new_sends_nothing_but_is_recorded(people):
    services.set_preference(actor=people.member, email="daily")
    tasks.send_daily_digest.call(people.member.pk, "2026-03-11")
    assert mail.outbox == []
    assert DigestDelivery.objects.filter(user=people.member, day="2026-03-11").exists()


def test_what_happens_after_seven_waits_for_the_next_mornings_digest(people, sends):
    services.set_preference(actor=people.member, email="daily")
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        sends(people.member, people.convenor, message="Too late for today's digest")
    tasks.send_daily_digest.call(people.member.pk, "2026-03-10")
    assert mail.outbox == []
    tasks.send_daily_digest.call(people.member.pk, "2026-03-11")
    assert "Too late for today's digest" in mail.outbox[0].body


def test_a_daily_notification_enqueues_the_digest_for_seven_the_next_morning(
    people, settings, django_capture_on_commit_callbacks
):
    services.set_preference(actor=people.member, email="daily")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with (
        time_machine.travel(TUESDAY_MORNING, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify_about(people.member, people.convenor)
    [enqueued] = default_task_backend.results  # type: ignore[attr-defined]
    assert enqueued.task.name == "send_daily_digest"
    assert enqueued.args == [people.member.pk, "2026-03-11"]
    assert enqueued.task.run_after == datetime.datetime(2026, 3, 11, 7, 0, tzinfo=LONDON)


def test_before_seven_the_digest_is_due_the_same_morning():
    early = datetime.datetime(2026, 3, 10, 6, 59, tzinfo=LONDON)
    assert tasks.next_digest_at(early) == datetime.datetime(2026, 3, 10, 7, 0, tzinfo=LONDON)


def test_the_send_digests_command_delivers_each_daily_reader_once(people, sends):
    services.set_preference(actor=people.member, email="daily")
    services.set_preference(actor=people.sponsor, email="daily")
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        sends(people.member, people.convenor)
        sends(people.convenor, people.member)  # an immediate reader: e-mailed at once
    assert len(mail.outbox) == 1
    call_command("send_digests", "--day", "2026-03-11")
    call_command("send_digests", "--day", "2026-03-11")
    assert [email.to for email in mail.outbox[1:]] == [[people.member.email]]

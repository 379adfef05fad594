from __future__ import annotations

import pytest
from django.core.management import call_command

from convene.notifications.models import Notification
from convene.people.models import User


@pytest.mark.django_db
def test_post_authors_find_a_few_unread_notifications_about_replies():
    call_command("seed_demo", password="pw", verbosity=0)
    grace = User.objects.get(email="convenor@northgate.example")
    notices = Notification.objects.filter(recipient=grace)
    assert notices.exists()
    assert 0 < notices.filter(read_at__isnull=True).count() <= 4
    assert not notices.filter(actor=grace).exists()
    assert all(notice.url.startswith("/communities/") for notice in notices)

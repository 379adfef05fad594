"""Shared answers stay anonymous: shown only in big enough communities, by month, in no order
that could tell who wrote them."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from django.urls import reverse

from convene.communities import services as communities
from convene.communities.models import Membership
from convene.reflections.models import SharedReflection
from tests.conftest import client_for
from tests.reflections.builders import make_reflection, share

NOVEMBER = datetime.datetime(2026, 11, 17, 10, 0, tzinfo=datetime.UTC)


def shared_page(client, community) -> str:
    response = client.get(reverse("reflections:shared", args=[community.slug]))
    assert response.status_code == 200
    return response.text


def shared_api(api_as, viewer, community) -> list[dict]:
    response = api_as(viewer).get(f"/api/v1/communities/{community.slug}/shared-reflections")
    assert response.status_code == 200
    return response.json()["items"]


def test_answers_disappear_everywhere_when_members_leave_below_five(people, circle, api_as):
    reflection = make_reflection(people.member, "Turning up.", community=circle.community)
    share(reflection, circle.community)
    reader = client_for(circle.fellow)
    assert "Turning up." in shared_page(reader, circle.community)
    assert [row["body"] for row in shared_api(api_as, circle.fellow, circle.community)] == [
        "Turning up."
    ]
    leaver = (
        Membership.objects.filter(community=circle.community, role="member")
        .exclude(user__in=[people.member, circle.fellow])[0]
        .user
    )
    communities.leave_community(actor=leaver, community=circle.community)

    page = shared_page(reader, circle.community)
    assert "Turning up." not in page
    assert "at least 5 members" in page
    assert shared_api(api_as, circle.fellow, circle.community) == []
    assert not SharedReflection.objects.visible_in(circle.community).exists()
    assert SharedReflection.objects.count() == 1  # hidden, not lost: it returns if people join


def test_deactivated_people_do_not_count_towards_the_five(people, circle):
    share(make_reflection(people.member, community=circle.community), circle.community)
    circle.fellow.is_active = False
    circle.fellow.save(update_fields=["is_active"])
    assert not SharedReflection.objects.visible_in(circle.community).exists()


@time_machine.travel(NOVEMBER, tick=False)
def test_pages_and_api_show_the_month_and_never_the_day(people, circle, api_as):
    share(make_reflection(people.member, "Mine.", community=circle.community), circle.community)
    page = shared_page(client_for(circle.fellow), circle.community)
    assert 'Shared in <time datetime="2026-11">November 2026</time>' in page
    assert "17 November" not in page and "2026-11-17" not in page
    (row,) = shared_api(api_as, circle.fellow, circle.community)
    assert row["shared_in"] == "2026-11" and "shared_on" not in row
    assert SharedReflection.objects.get().shared_on == datetime.date(2026, 11, 1)


@pytest.mark.parametrize("bodies", [["Late.", "Early.", "Middle.", "Again.", "Often."]])
def test_answers_within_a_month_follow_their_words_not_the_order_they_came(
    people, circle, api_as, bodies
):
    for body in bodies:
        SharedReflection.objects.create(
            community=circle.community,
            prompt="What does community mean for me?",
            body=body,
            shared_on=datetime.date(2026, 11, 20),
        )
    by_hash = sorted(bodies, key=lambda body: hashlib.md5(body.encode()).hexdigest())
    assert by_hash not in (bodies, bodies[::-1])  # otherwise the test could not tell
    listed = [row["body"] for row in shared_api(api_as, circle.fellow, circle.community)]
    assert listed == by_hash
    page = shared_page(client_for(circle.fellow), circle.community)
    assert sorted(by_hash, key=page.index) == by_hash

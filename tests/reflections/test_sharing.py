"""Sharing an answer anonymously: only with your own communities, big enough, once, and whole."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from convene.communities.models import Membership
from convene.reflections import services
from convene.reflections.models import Reflection, SharedReflection
from convene.reflections.prompts import COMMUNITY_MEANING
from convene.reflections.services import ReflectionError
from tests.factories import make_community, make_person
from tests.reflections.builders import make_reflection, share

DAY = datetime.datetime(2026, 11, 20, 14, 30, tzinfo=datetime.UTC)


def share_page(reflection: Reflection) -> str:
    return reverse("reflections:reflection_share", args=[reflection.pk])


@time_machine.travel(DAY, tick=False)
def test_sharing_copies_the_words_prompt_and_month_and_nothing_else(people, circle, as_member):
    reflection = make_reflection(people.member, "Belonging, mostly.", community=circle.community)
    response = as_member.post(
        share_page(reflection),
        {"community": circle.community.slug, "body": "Belonging, *mostly*.", "confirm": "on"},
    )
    assert response.status_code == 302
    assert response.url == reverse("reflections:shared", args=[circle.community.slug])
    copy = SharedReflection.objects.get()
    assert copy.community == circle.community
    assert copy.prompt == COMMUNITY_MEANING.text == "What does community mean for me?"
    assert (
        copy.body == "Belonging, *mostly*."
        and copy.body_html == "<p>Belonging, <em>mostly</em>.</p>\n"
    )
    assert copy.shared_on == datetime.date(2026, 11, 1)  # the month only: the day is not kept
    reflection.refresh_from_db()
    assert reflection.body == "Belonging, mostly."
    assert (reflection.shared_with, reflection.shared_on) == (circle.community, DAY.date())
    assert list(circle.community.shared_reflections.all()) == [copy]


def test_the_share_page_warns_that_sharing_cannot_be_undone(people, circle, as_member):
    reflection = make_reflection(people.member, community=circle.community)
    page = as_member.get(share_page(reflection)).text
    assert "you cannot withdraw, change or delete it later" in page
    assert "not your name" in page


def test_sharing_without_confirming_is_refused(people, circle, as_member):
    reflection = make_reflection(people.member, community=circle.community)
    response = as_member.post(
        share_page(reflection), {"community": circle.community.slug, "body": "Words."}
    )
    assert response.status_code == 200
    assert "Tick the box to confirm that sharing cannot be undone." in response.text
    assert not SharedReflection.objects.exists()


def test_sharing_with_a_community_you_do_not_belong_to_is_refused(people, circle):
    members = [make_person(f"Stranger {n}") for n in range(5)]
    open_elsewhere = make_community("Open Elsewhere", members=members)
    reflection = make_reflection(people.member)
    with pytest.raises(ReflectionError, match="only share with a community you belong to"):
        share(reflection, open_elsewhere)
    assert not SharedReflection.objects.exists()


def test_sharing_with_a_private_community_you_cannot_see_is_404(people, circle, api_as):
    hidden = make_community("Hidden Room", private=True, members=[make_person() for _ in range(5)])
    reflection = make_reflection(people.member)
    response = api_as(people.member).post(
        f"/api/v1/me/reflections/{reflection.pk}/share",
        {"community": hidden.slug, "confirm": True},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not SharedReflection.objects.exists()


def test_sharing_with_a_community_you_left_is_refused(people, circle):
    reflection = make_reflection(people.member, community=circle.community)
    Membership.objects.filter(user=people.member, community=circle.community).update(
        left_at=datetime.datetime.now(datetime.UTC), end_reason="left"
    )
    with pytest.raises(ReflectionError):
        share(reflection, circle.community)
    assert not SharedReflection.objects.exists()


def test_sharing_into_a_community_of_fewer_than_five_is_refused(people, as_member):
    small = people.open_community  # a convenor and the member
    reflection = make_reflection(people.member, community=small)
    response = as_member.post(
        share_page(reflection), {"community": small.slug, "body": "Words.", "confirm": "on"}
    )
    assert response.status_code == 200
    assert (
        "Open Circle has 2 current members. To keep shared answers anonymous, sharing needs "
        "at least 5 members."
    ) in response.text
    assert not SharedReflection.objects.exists()
    reflection.refresh_from_db()
    assert not reflection.is_shared


def test_an_answer_is_shared_once(people, circle):
    reflection = make_reflection(people.member, community=circle.community)
    share(reflection, circle.community)
    with pytest.raises(ReflectionError, match="already shared"):
        share(reflection, circle.community)
    assert SharedReflection.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Nul\x00here", "control characters"),
        ("   ", "nothing to share"),
        ("x" * 5001, "at most 5,000 characters"),
    ],
)
def test_bad_words_are_refused_and_nothing_is_written(people, circle, body, message):
    reflection = make_reflection(people.member, community=circle.community)
    with pytest.raises(ReflectionError, match=message):
        share(reflection, circle.community, body=body)
    assert not SharedReflection.objects.exists()
    reflection.refresh_from_db()
    assert not reflection.is_shared


@pytest.mark.parametrize(
    "body", ["Nul\x00here", "", "   ", "x" * 5001], ids=["nul", "empty", "blank", "long"]
)
def test_bad_words_through_the_api_get_a_clear_error(people, circle, api_as, body):
    reflection = make_reflection(people.member, community=circle.community)
    response = api_as(people.member).post(
        f"/api/v1/me/reflections/{reflection.pk}/share",
        {"community": circle.community.slug, "body": body, "confirm": True},
        content_type="application/json",
    )
    assert response.status_code in {400, 422}
    assert response.json()["detail"]
    assert not SharedReflection.objects.exists()


@pytest.mark.parametrize(
    "body", ["Nul\x00here", "", "   ", "x" * 5001], ids=["nul", "empty", "blank", "long"]
)
def test_bad_words_are_refused_when_writing_too(people, api_as, body):
    response = api_as(people.member).post(
        "/api/v1/me/reflections",
        {"prompt": COMMUNITY_MEANING.key, "body": body},
        content_type="application/json",
    )
    assert response.status_code in {400, 422} and response.json()["detail"]
    with pytest.raises(ReflectionError):
        services.write_reflection(actor=people.member, prompt=COMMUNITY_MEANING.key, body=body)
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "\r\n"], ids=["empty", "blank", "newline"])
def test_sharing_empty_words_through_the_api_says_there_is_nothing_to_share(
    people, circle, api_as, body
):
    reflection = make_reflection(people.member, community=circle.community)
    response = api_as(people.member).post(
        f"/api/v1/me/reflections/{reflection.pk}/share",
        {"community": circle.community.slug, "body": body, "confirm": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "There is nothing to share: the words to share are empty."}
    assert not SharedReflection.objects.exists()


def test_shared_and_written_words_keep_one_kind_of_line_ending(people, circle):
    reflection = make_reflection(
        people.member, "Turning up.\r\nListening.\r", community=circle.community
    )
    assert reflection.body == "Turning up.\nListening."
    copy = share(reflection, circle.community, body="Turning up.\r\n\r\nMostly.")
    assert copy.body == "Turning up.\n\nMostly."

"""The demo's journal: Sam sees two answers side by side; two communities have shared answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from convene.people.models import User
from convene.reflections.models import Reflection, SharedReflection
from convene.reflections.prompts import COMMUNITY_MEANING
from tests.conftest import client_for
from tests.demo.test_seed_demo import wipe


def reflection_facts() -> list[tuple[Any, ...]]:
    mine = Reflection.objects.order_by("created_at").values_list(
        "author__email", "prompt", "community__name", "body", "created_at", "shared_on"
    )
    shared = SharedReflection.objects.order_by("shared_on", "community__name", "prompt")
    return [*mine, *shared.values_list("community__name", "prompt", "body", "shared_on")]


@pytest.fixture
def demo(db) -> None:
    call_command("seed_demo", password="pw", verbosity=0)


def test_sam_sees_two_answers_to_what_community_means_months_apart(demo):
    sam = User.objects.get(email="member@northgate.example")
    answers = Reflection.objects.filter(author=sam, prompt=COMMUNITY_MEANING.key)
    first, last = answers.order_by("created_at")
    assert (last.created_at - first.created_at).days >= 90
    page = client_for(sam).get(reverse("reflections:journal")).text
    assert page.index("Honestly, a meeting in the diary") < page.index("Less a meeting, more")


def test_the_convenor_has_shared_answers_to_draw_on(demo):
    convenor = User.objects.get(email="convenor@northgate.example")
    for name in ("New Managers' Circle", "Leading Through Change"):
        shared = SharedReflection.objects.filter(community__name=name)
        assert shared.count() >= 4
    circle = SharedReflection.objects.filter(community__name="New Managers' Circle").first()
    assert circle is not None
    url = reverse("reflections:shared", args=[circle.community.slug])
    assert client_for(convenor).get(url).status_code == 200


def test_the_demo_reflections_are_the_same_on_every_run(db):
    call_command("seed_demo", password="pw", verbosity=0)
    first = reflection_facts()
    wipe()
    call_command("seed_demo", password="pw", verbosity=0)
    assert reflection_facts() == first

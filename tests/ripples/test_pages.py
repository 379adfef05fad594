"""The map pages: who reaches them, what they show, and what they cost in queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.ripples import services
from convene.ripples.models import Effect, RippleMap
from tests.conftest import client_for
from tests.ripples.helpers import add, chain, make_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_map(people):
    return make_map(people.convenor, people.private_community, "Quiet ripples")


def url(name: str, ripple_map: RippleMap, *args: object) -> str:
    return reverse(f"ripples:{name}", args=[ripple_map.pk, *args])


@pytest.mark.parametrize("name", ["map_detail", "map_live", "map_edit"])
def test_outsider_gets_404_on_a_private_communitys_map(people, as_outsider, private_map, name):
    assert as_outsider.get(url(name, private_map)).status_code == 404


@pytest.mark.parametrize("fmt", ["svg", "png", "csv"])
def test_outsider_gets_404_on_exports(as_outsider, private_map, fmt):
    assert as_outsider.get(url("map_export", private_map, fmt)).status_code == 404


def test_outsider_gets_404_posting_to_a_private_map(people, as_outsider, private_map):
    effect = add(people.convenor, private_map)
    posts = [
        url("effect_create", private_map),
        url("session_toggle", private_map),
        url("effect_delete", private_map, effect.pk),
        url("effect_confirm", private_map, effect.pk),
        url("effect_place", private_map, effect.pk),
    ]
    for address in posts:
        assert as_outsider.post(address, {"text": "x"}).status_code == 404
    assert Effect.objects.count() == 1


def test_unknown_export_format_is_not_found(as_member, private_map):
    assert as_member.get(url("map_export", private_map, "pdf")).status_code == 404


def test_member_sees_the_map_with_its_tree_and_drawing(people, as_member, private_map):
    add(people.convenor, private_map, "Ana now chairs the depot huddle", capitals=["human"])
    page = as_member.get(url("map_detail", private_map)).content.decode()
    assert "Ana now chairs the depot huddle" in page
    assert "<svg" in page and 'class="ripple-tree"' in page
    assert 'width="100%" viewBox=' in page and "<?xml" not in page
    assert "Open a live session" not in page
    assert "Effects can be added during a live mapping session." in page


def test_member_cannot_edit_the_map(as_member, private_map):
    assert as_member.get(url("map_edit", private_map)).status_code == 404


def test_convenor_starts_a_map_in_the_browser(people, as_convenor):
    response = as_convenor.post(
        reverse("ripples:map_create"),
        {
            "community": people.open_community.slug,
            "title": "Ripples of our first year",
            "centre": "Open Circle's first year",
            "session_date": "2026-03-12",
            "visibility": "community",
        },
    )
    ripple_map = RippleMap.objects.get()
    assert response.status_code == 302 and response.url == ripple_map.get_absolute_url()


def test_start_page_is_not_found_for_someone_who_convenes_nothing(as_member):
    assert as_member.get(reverse("ripples:map_create")).status_code == 404


def test_bad_map_form_shows_an_error(people, as_convenor):
    response = as_convenor.post(
        reverse("ripples:map_create"),
        {"community": people.open_community.slug, "title": "", "centre": "x", "visibility": "x"},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not RippleMap.objects.exists()


def test_participant_adds_from_their_phone_while_live(people, as_member, private_map):
    services.open_session(actor=people.convenor, ripple_map=private_map)
    response = as_member.post(
        url("effect_create", private_map),
        {
            "text": "My team ran its own retrospective",
            "level": "2",
            "valence": "positive",
            "intended": "no",
            "capitals": ["human", "social"],
        },
    )
    assert response.status_code == 302
    effect = Effect.objects.get()
    assert not effect.placed and effect.level == 2 and not effect.intended


def test_participant_refused_after_the_session_closes(people, as_member, private_map):
    response = as_member.post(
        url("effect_create", private_map),
        {"text": "Too late", "level": "1", "valence": "positive", "intended": "yes"},
    )
    assert response.status_code == 400
    assert "live session is closed" in response.content.decode()
    assert not Effect.objects.exists()


def test_bad_effect_shows_a_form_error(people, as_convenor, private_map):
    response = as_convenor.post(
        url("effect_create", private_map),
        {
            "text": "Words",
            "level": "9",
            "valence": "positive",
            "intended": "yes",
            "capitals": ["spiritual"],
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Effect.objects.exists()


def test_map_maker_places_and_merges_in_the_browser(people, as_convenor, private_map):
    services.open_session(actor=people.convenor, ripple_map=private_map)
    root = add(people.convenor, private_map, "Shared rota")
    first = add(people.member, private_map, "Drivers swapped shifts")
    second = add(people.member, private_map, "Shifts were swapped")
    as_convenor.post(url("effect_place", private_map, first.pk), {"parent": root.pk, "level": 2})
    as_convenor.post(url("effect_merge", private_map, second.pk), {"target": first.pk})
    first.refresh_from_db()
    assert first.placed and first.parent == root
    assert not Effect.objects.filter(pk=second.pk).exists()


def test_witness_confirms_in_the_browser(people, as_member, private_map):
    effect = add(people.convenor, private_map, witness=people.member)
    page = as_member.get(url("map_detail", private_map)).content.decode()
    assert "Effects you are asked to confirm" in page
    as_member.post(
        url("effect_confirm", private_map, effect.pk), {"answer": "confirmed", "note": "Seen"}
    )
    effect.refresh_from_db()
    assert effect.confirmation == Effect.Confirmation.CONFIRMED


def test_live_fragment_polls_only_while_the_session_is_open(people, as_member, private_map):
    assert "hx-trigger" not in as_member.get(url("map_live", private_map)).content.decode()
    services.open_session(actor=people.convenor, ripple_map=private_map)
    fragment = as_member.get(url("map_live", private_map)).content.decode()
    assert 'hx-trigger="every 4s"' in fragment and "<html" not in fragment


@pytest.mark.parametrize("name", ["map_detail", "map_live"])
def test_map_page_queries_stay_constant_with_more_effects(
    people, private_map, name, django_assert_num_queries
):
    client = client_for(people.convenor)
    services.open_session(actor=people.convenor, ripple_map=private_map)
    chain(people.convenor, private_map, 2)
    expected = {"map_detail": 6, "map_live": 4}[name]
    with django_assert_num_queries(expected):
        assert client.get(url(name, private_map)).status_code == 200
    chain(people.convenor, private_map, 30)
    for number in range(8):
        add(people.member, private_map, f"Waiting {number}", witness=people.convenor)
    with django_assert_num_queries(expected):
        assert client.get(url(name, private_map)).status_code == 200


def test_map_list_queries_stay_constant(people, django_assert_num_queries):
    client = client_for(people.member)
    for number in range(2):
        make_map(people.convenor, people.private_community, f"Map {number}")
    with django_assert_num_queries(5):
        client.get(reverse("ripples:map_list"))
    for number in range(30):
        add(people.convenor, make_map(people.convenor, people.open_community, f"More {number}"))
    with django_assert_num_queries(5):
        page = client.get(reverse("ripples:map_list")).content.decode()
    assert page.count("<tr>") == 33


def test_participant_edits_own_waiting_effect_but_not_others(people, as_member, private_map):
    services.open_session(actor=people.convenor, ripple_map=private_map)
    mine = add(people.member, private_map, "Draft words")
    theirs = add(people.convenor, private_map, "Placed words")
    assert as_member.get(url("effect_edit", private_map, theirs.pk)).status_code == 404
    response = as_member.post(
        url("effect_edit", private_map, mine.pk),
        {"text": "Clear words", "level": "1", "valence": "positive", "intended": "yes"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.text == "Clear words" and not mine.placed


def test_map_maker_edits_the_map_and_names_a_new_map_maker(people, as_convenor, private_map):
    response = as_convenor.post(
        url("map_edit", private_map),
        {
            "title": "Renamed",
            "centre": "Quiet Room",
            "session_date": "2026-04-01",
            "visibility": "organisation",
            "facilitator": people.convenor.pk,
            "map_maker": people.member.pk,
        },
    )
    assert response.status_code == 302
    private_map.refresh_from_db()
    assert (private_map.title, private_map.map_maker) == ("Renamed", people.member)


def test_map_edit_offers_only_people_who_see_the_map(people, as_convenor, private_map):
    response = as_convenor.post(
        url("map_edit", private_map),
        {
            "title": "T",
            "centre": "C",
            "session_date": "2026-04-01",
            "visibility": "community",
            "facilitator": people.outsider.pk,
            "map_maker": people.convenor.pk,
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()

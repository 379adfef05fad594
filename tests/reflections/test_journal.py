"""The journal page: answers to one prompt side by side, a form to write, and what is due."""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

import time_machine
from django.urls import reverse

from convene.reflections.models import Reflection
from convene.reflections.prompts import COMMUNITY_MEANING, GIVE_AND_TAKE
from tests.reflections.builders import make_reflection

JOURNAL = reverse("reflections:journal")
MARCH = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
OCTOBER = datetime.datetime(2026, 10, 12, 9, 0, tzinfo=datetime.UTC)


def test_answers_to_the_same_prompt_sit_side_by_side_oldest_first(people, circle, as_member):
    with time_machine.travel(OCTOBER, tick=False):
        make_reflection(people.member, "Now it means people I call.", community=circle.community)
    with time_machine.travel(MARCH, tick=False):
        make_reflection(people.member, "At first it meant a meeting.", community=circle.community)
    make_reflection(people.member, "I bring questions.", prompt=GIVE_AND_TAKE.key)
    page = as_member.get(JOURNAL).text
    section = page.split(f'id="prompt-{COMMUNITY_MEANING.key}"', 1)[1].split("</section>", 1)[0]
    assert 'class="side-by-side"' in section
    first, second = section.index("2 March 2026"), section.index("12 October 2026")
    assert section.index("At first it meant") < section.index("Now it means") and first < second
    assert "I bring questions." not in section
    assert "I bring questions." in page


def test_the_form_is_prefilled_from_a_prompts_words(people, as_member):
    page = as_member.get(f"{JOURNAL}?prompt={quote(GIVE_AND_TAKE.text)}").text
    assert re.search(rf'<option value="{GIVE_AND_TAKE.key}" selected>', page)


def test_an_unknown_prompt_in_the_address_is_ignored(people, as_member):
    page = as_member.get(f"{JOURNAL}?prompt=Who+am+I%3F").text
    assert "selected>" not in page.split('name="prompt"', 1)[1].split("</select>", 1)[0]


def test_what_is_due_shows_with_a_link_that_prefills_the_form(people, circle, as_member):
    page = as_member.get(JOURNAL).text
    assert "Waiting for your answer" in page
    assert "On joining in Reflective Practice" in page
    link = f"?prompt={COMMUNITY_MEANING.key}&amp;community={circle.community.slug}#write"
    assert link in page
    prefilled = as_member.get(
        f"{JOURNAL}?prompt={COMMUNITY_MEANING.key}&community={circle.community.slug}"
    ).text
    assert f'<option value="{circle.community.slug}" selected>' in prefilled


def test_writing_a_reflection_saves_it_privately(people, circle, as_member):
    response = as_member.post(
        reverse("reflections:reflection_create"),
        {"prompt": COMMUNITY_MEANING.key, "community": circle.community.slug, "body": "*Trust*."},
    )
    reflection = Reflection.objects.get()
    assert response.status_code == 302 and response.url == reflection.get_absolute_url()
    assert reflection.author == people.member and reflection.community == circle.community
    assert reflection.body_html == "<p><em>Trust</em>.</p>\n"


def test_writing_about_a_community_you_are_not_in_is_refused(people, as_member):
    response = as_member.post(
        reverse("reflections:reflection_create"),
        {"prompt": COMMUNITY_MEANING.key, "community": "nowhere", "body": "Words."},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert not Reflection.objects.exists()


def test_an_empty_answer_is_refused_with_a_message(people, as_member):
    response = as_member.post(
        reverse("reflections:reflection_create"), {"prompt": COMMUNITY_MEANING.key, "body": " "}
    )
    assert response.status_code == 200 and "This field is required." in response.text
    assert not Reflection.objects.exists()


def test_the_author_edits_an_answer(people, as_member):
    reflection = make_reflection(people.member)
    url = reverse("reflections:reflection_edit", args=[reflection.pk])
    response = as_member.post(url, {"body": "Second thoughts."})
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.body == "Second thoughts." and "Second thoughts." in reflection.body_html


def test_the_user_menu_links_to_the_journal(as_member):
    assert f'<a href="{JOURNAL}">Journal</a>' in as_member.get(reverse("home")).text


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(JOURNAL)
    assert response.status_code == 302 and "/accounts/login/" in response.url

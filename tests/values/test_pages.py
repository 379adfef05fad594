"""The values pages in the browser: reading, telling, editing, hiding and managing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.values.models import Value, ValueStory
from tests.conftest import client_for
from tests.values.builders import days_ago, make_value, tell


def story_form(value: Value, **fields: object) -> dict[str, object]:
    return {
        "title": "Stayed late to help a new starter",
        "values": [value.pk],
        "body": "She walked the new starter through the rota.",
        "happened_on": days_ago(2).isoformat(),
        "audience": "organisation",
        "beyond_community": "on",
        **fields,
    }


def test_everyone_signed_in_sees_the_values_with_their_descriptions(as_outsider, courage):
    page = as_outsider.get(reverse("values:value_list"))
    assert page.status_code == 200
    assert "Courage" in page.text and courage.description in page.text


def test_visitors_are_sent_to_sign_in(client, courage):
    page = client.get(reverse("values:value_list"))
    assert page.status_code == 302 and "/accounts/login/" in page.url


def test_a_member_tells_a_story_in_the_browser(people, as_member, courage):
    form = story_form(
        courage, community=people.open_community.slug, about_person=people.convenor.handle
    )
    page = as_member.post(reverse("values:story_create"), form)
    story = ValueStory.objects.get()
    assert page.status_code == 302 and page.url == story.get_absolute_url()
    assert story.about_person == people.convenor and story.community == people.open_community
    assert "Stayed late" in as_member.get(page.url).text


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"values": []}, "Choose at least one of the organisation&#x27;s values."),
        ({"title": "x" * 161}, "at most 160 characters"),
        ({"body": "Nul\x00"}, "Null characters are not allowed."),
        ({"about_person": "no-such-handle"}, "No one using Convene has that handle."),
        ({"happened_on": days_ago(-3).isoformat()}, "Tell stories that have happened"),
    ],
)
def test_bad_input_shows_a_form_error_and_stores_nothing(as_member, courage, change, error):
    page = as_member.post(reverse("values:story_create"), story_form(courage, **change))
    assert page.status_code == 200
    assert error in page.text
    assert not ValueStory.objects.exists()


def test_a_retired_value_and_an_unreadable_community_are_not_offered(people, as_outsider, courage):
    retired = make_value("Thrift", active=False)
    form = story_form(retired, community=people.private_community.slug)
    page = as_outsider.post(reverse("values:story_create"), form)
    assert page.status_code == 200
    assert "Select a valid choice" in page.text
    assert "Thrift" not in page.text and "Quiet Room" not in page.text
    assert not ValueStory.objects.exists()


def test_an_outsider_gets_404_for_a_private_communitys_story(people, as_outsider, courage):
    story = tell(people.member, courage, community=people.private_community)
    for name in ("story_detail", "story_edit", "story_delete"):
        assert as_outsider.get(reverse(f"values:{name}", args=[story.pk])).status_code == 404
    assert story.title not in as_outsider.get(reverse("values:story_list")).text


def test_only_the_author_reaches_edit_and_delete(people, as_member, as_convenor, courage):
    story = tell(people.member, courage)
    assert as_convenor.get(reverse("values:story_edit", args=[story.pk])).status_code == 404
    page = as_member.get(reverse("values:story_edit", args=[story.pk]))
    assert page.status_code == 200 and story.title in page.text
    as_member.post(reverse("values:story_delete", args=[story.pk]))
    assert not ValueStory.objects.exists()


def test_the_author_edits_a_story(people, as_member, courage, care):
    story = tell(people.member, courage)
    form = story_form(care, title="A better title")
    page = as_member.post(reverse("values:story_edit", args=[story.pk]), form)
    assert page.status_code == 302
    story.refresh_from_db()
    assert story.title == "A better title" and list(story.values.all()) == [care]


def test_the_person_a_story_is_about_hides_it(people, as_convenor, courage):
    story = tell(people.member, courage, about_person=people.convenor)
    url = reverse("values:story_hidden", args=[story.pk])
    as_convenor.post(url, {"hidden": "yes"})
    assert ValueStory.objects.get().is_hidden
    detail = reverse("values:story_detail", args=[story.pk])
    assert client_for(people.executive).get(detail).status_code == 404
    assert "Show it again" in as_convenor.get(detail).text


def test_someone_else_cannot_hide_a_story(people, as_member, courage):
    story = tell(people.member, courage, about_person=people.convenor)
    page = as_member.post(reverse("values:story_hidden", args=[story.pk]), {"hidden": "yes"})
    assert page.status_code == 302
    assert not ValueStory.objects.get().is_hidden


def test_a_value_page_shows_counts_and_folds_unreadable_communities(people, as_outsider, courage):
    tell(people.member, courage, community=people.open_community, beyond_community=False)
    tell(people.member, courage, community=people.private_community)
    tell(people.member, courage, happened_on=days_ago(200))
    page = as_outsider.get(reverse("values:value_detail", args=[courage.pk]))
    summary = page.context["summary"]
    assert (summary.total, summary.recent, summary.inside, summary.beyond) == (3, 2, 1, 2)
    assert "Open Circle" in page.text and "Other communities" in page.text
    assert "Quiet Room" not in page.text


def test_a_non_number_value_filter_is_ignored(as_member):
    assert as_member.get(reverse("values:story_list") + "?value=abc").status_code == 200
    assert as_member.get(reverse("values:story_create") + "?value=" + "9" * 30).status_code == 200


class TestManagingValues:
    def test_only_administrators_reach_the_management_pages(self, as_member, courage):
        assert as_member.get(reverse("values:value_manage")).status_code == 404
        assert as_member.get(reverse("values:value_edit", args=[courage.pk])).status_code == 404
        move = reverse("values:value_move", args=[courage.pk])
        assert as_member.post(move, {"direction": "up"}).status_code == 404

    def test_an_administrator_adds_edits_moves_and_retires(self, as_admin, courage):
        as_admin.post(reverse("values:value_manage"), {"name": "Care", "description": "Kind."})
        care = Value.objects.get(name="Care")
        as_admin.post(reverse("values:value_move", args=[care.pk]), {"direction": "up"})
        assert list(Value.objects.values_list("name", flat=True)) == ["Care", "Courage"]
        edit = reverse("values:value_edit", args=[care.pk])
        as_admin.post(edit, {"name": "Care for people", "description": ""})
        as_admin.post(reverse("values:value_offered", args=[care.pk]), {"offered": "no"})
        care.refresh_from_db()
        assert care.name == "Care for people" and not care.is_active

    def test_a_duplicate_name_shows_a_form_error(self, as_admin, courage):
        page = as_admin.post(reverse("values:value_manage"), {"name": "courage"})
        assert page.status_code == 200 and "already a value called" in page.text
        assert Value.objects.count() == 1

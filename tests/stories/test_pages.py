"""The story pages: who reaches them, what they show, and how they refuse bad input."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from convene.gatherings.models import Intention
from convene.stories import services
from convene.stories.models import Story
from convene.stories.services import StepDraft
from tests.conftest import client_for
from tests.gatherings.conftest import DAY, make_gathering
from tests.stories.conftest import make_story


def detail(story: Story) -> str:
    return reverse("stories:story_detail", args=[story.pk])


@pytest.mark.parametrize(
    ("visibility", "allowed"),
    [
        ("private", {"member"}),
        ("community", {"member", "convenor"}),
        ("organisation", {"member", "convenor", "sponsor", "admin", "outsider"}),
    ],
)
def test_a_story_page_opens_only_to_those_it_is_shared_with(people, visibility, allowed):
    story = make_story(people.member, community=people.private_community, visibility=visibility)
    for name in ("member", "convenor", "sponsor", "admin", "outsider"):
        status = client_for(getattr(people, name)).get(detail(story)).status_code
        assert status == (200 if name in allowed else 404), name


def test_only_the_author_reaches_the_pages_that_change_a_story(people):
    story = make_story(people.member, community=people.open_community, visibility="organisation")
    step = story.steps.get()
    convenor = client_for(people.convenor)
    pages: list[tuple[str, list[object]]] = [
        ("story_edit", [story.pk]),
        ("story_delete", [story.pk]),
        ("step_edit", [story.pk, step.pk]),
    ]
    for name, args in pages:
        assert convenor.get(reverse(f"stories:{name}", args=args)).status_code == 404, name
    actions: list[tuple[str, list[object]]] = [
        ("step_create", [story.pk]),
        ("step_delete", [story.pk, step.pk]),
        ("step_move", [story.pk, step.pk]),
    ]
    for name, args in actions:
        assert convenor.post(reverse(f"stories:{name}", args=args)).status_code == 404, name
    assert story.steps.count() == 1


def test_a_page_never_names_the_author_of_an_anonymous_story_to_others(people):
    story = make_story(
        people.member, community=people.open_community, visibility="organisation", by_name=False
    )
    page = client_for(people.outsider).get(detail(story)).content.decode()
    assert people.member.full_name not in page and "A member of Open Circle" in page
    listing = client_for(people.outsider).get(reverse("stories:story_shared")).content.decode()
    assert people.member.full_name not in listing and "A member of Open Circle" in listing
    assert people.member.full_name in client_for(people.member).get(detail(story)).content.decode()


def test_a_step_shows_its_source_only_to_those_who_can_see_it(people, sources):
    story = make_story(people.member, community=people.open_community, visibility="organisation")
    draft = StepDraft("potential", "We met there.", sources.links()["gathering"])
    services.add_step(actor=people.member, story=story, draft=draft)
    assert "Quiet troika" in client_for(people.member).get(detail(story)).content.decode()
    page = client_for(people.outsider).get(detail(story)).content.decode()
    assert "We met there." in page and "Quiet troika" not in page
    assert str(sources.gathering.pk) not in page


def test_a_member_tells_a_story_through_the_form(people, sources):
    response = client_for(people.member).post(
        reverse("stories:story_create"),
        {
            "title": "Troika to rota",
            "cycle": "potential",
            "text": "Two colleagues asked the question I had avoided.",
            "link": sources.links()["gathering"],
            "community": people.private_community.pk,
            "visibility": "community",
            "consent_to_quote": "on",
            "quoting": "anonymous",
            "aspirational_ending": "The team shares the rota.",
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
    assert story.visibility == "community" and not story.quote_by_name
    assert story.steps.get().gathering == sources.gathering
    assert story.remind_on is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cycle": "eventual"}, "Select a valid choice"),
        ({"text": ""}, "This field is required"),
        ({"text": "x" * 5001}, "at most 5000 characters"),
        ({"text": "Null\x00"}, "Null characters are not allowed"),
        ({"visibility": "organisation"}, "agree that it may be quoted"),
        ({"link": "gathering:00000000-0000-0000-0000-000000000000"}, "Select a valid choice"),
        ({"remind_on": "2001-01-01"}, "after today"),
    ],
)
def test_the_form_explains_bad_input_and_saves_nothing(people, changes, message):
    data = {
        "title": "A story",
        "cycle": "immediate",
        "text": "Something useful.",
        "visibility": "private",
        "quoting": "anonymous",
        **changes,
    }
    response = client_for(people.member).post(reverse("stories:story_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Story.objects.exists()


def test_a_member_cannot_link_a_step_to_a_gathering_they_cannot_see(people, sources):
    story = make_story(people.outsider)
    response = client_for(people.outsider).post(
        reverse("stories:step_create", args=[story.pk]),
        {"cycle": "applied", "text": "Tried it.", "link": sources.links()["gathering"]},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert story.steps.count() == 1


def test_the_author_adds_edits_moves_and_removes_steps(people):
    story = make_story(people.member)
    client = client_for(people.member)
    client.post(
        reverse("stories:step_create", args=[story.pk]), {"cycle": "applied", "text": "Tried it."}
    )
    second = story.steps.get(position=2)
    client.post(
        reverse("stories:step_edit", args=[story.pk, second.pk]),
        {"cycle": "realised", "text": "It worked."},
    )
    client.post(reverse("stories:step_move", args=[story.pk, second.pk]), {"position": 1})
    assert story.steps.order_by("position")[0].text == "It worked."
    story.refresh_from_db()
    assert story.is_finished
    client.post(reverse("stories:step_delete", args=[story.pk, second.pk]))
    assert list(story.steps.values_list("position", flat=True)) == [1]


def test_a_member_starts_a_story_from_an_intention_on_their_stories_page(people):
    gathering = make_gathering(people.open_community, starts_in=-7 * DAY, title="Action learning")
    intention = Intention.objects.create(
        gathering=gathering,
        user=people.member,
        text="Try a check-in round at my team meeting.",
        follow_up_on=datetime.date(2026, 12, 1),
    )
    client = client_for(people.member)
    page = client.get(reverse("stories:story_list")).content.decode()
    assert "Try a check-in round" in page
    response = client.post(reverse("stories:story_from_intention", args=[intention.pk]))
    story = Story.objects.get()
    assert response["Location"] == story.get_absolute_url()
    assert "Try a check-in round" not in client.get(reverse("stories:story_list")).content.decode()
    other = client_for(people.convenor).post(
        reverse("stories:story_from_intention", args=[intention.pk])
    )
    assert other.status_code == 404


def test_a_private_communitys_stories_page_is_hidden_from_outsiders(people):
    url = reverse("stories:community_stories", args=[people.private_community.slug])
    assert client_for(people.outsider).get(url).status_code == 404
    assert client_for(people.member).get(url).status_code == 200


def test_the_community_page_lists_its_shared_stories_and_matrix(people):
    make_story(people.member, community=people.open_community, visibility="community", title="Ours")
    make_story(people.member, community=people.open_community, title="Mine alone")
    url = reverse("stories:community_stories", args=[people.open_community.slug])
    page = client_for(people.convenor).get(url).content.decode()
    assert "Ours" in page and "Mine alone" not in page
    assert "<caption" in page and "Immediate value" in page


def test_the_authors_pages_render_with_labelled_fields(people, sources):
    story = make_story(people.member, community=people.private_community)
    step = story.steps.get()
    client = client_for(people.member)
    for url in [
        reverse("stories:story_list"),
        reverse("stories:story_create"),
        reverse("stories:story_edit", args=[story.pk]),
        reverse("stories:story_delete", args=[story.pk]),
        reverse("stories:step_edit", args=[story.pk, step.pk]),
        reverse("stories:story_shared"),
        detail(story),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "<h1" in page, url
    form = client.get(reverse("stories:story_create")).content.decode()
    assert 'for="id_title"' in form and "Wenger, Trayner &amp; de Laat (2011)" in form
    assert "Quiet troika" in form and "Quiet project" in form


def test_the_author_edits_sharing_and_deletes_a_story_through_the_pages(people):
    story = make_story(people.member, community=people.open_community)
    client = client_for(people.member)
    refused = client.post(
        reverse("stories:story_edit", args=[story.pk]),
        {"title": "Shared now", "visibility": "organisation", "quoting": "name"},
    )
    assert refused.status_code == 200 and "agree that it may be quoted" in refused.content.decode()
    client.post(
        reverse("stories:story_edit", args=[story.pk]),
        {
            "title": "Shared now",
            "visibility": "organisation",
            "consent_to_quote": "on",
            "quoting": "name",
            "community": people.open_community.pk,
        },
    )
    story.refresh_from_db()
    assert (story.title, story.visibility, story.quote_by_name) == (
        "Shared now",
        "organisation",
        True,
    )
    client.post(reverse("stories:story_delete", args=[story.pk]))
    assert not Story.objects.exists()

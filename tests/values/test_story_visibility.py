"""Who reads which story: organisation-wide, community members only, and hidden stories."""

from __future__ import annotations

from convene.values import services
from convene.values.models import ValueStory
from tests.values.builders import tell


def readers(story: ValueStory, people) -> set[str]:
    everyone = [people.member, people.convenor, people.sponsor, people.executive]
    everyone += [people.admin, people.outsider]
    return {
        person.full_name.split()[0]
        for person in everyone
        if ValueStory.objects.visible_to(person).filter(pk=story.pk).exists()
    }


EVERYONE = {"Maya", "Connor", "Sofia", "Ezra", "Ada", "Olu"}


def test_a_story_tied_to_no_community_is_read_by_everyone(people, courage):
    assert readers(tell(people.member, courage), people) == EVERYONE


def test_an_open_communitys_story_is_read_by_everyone_unless_kept_to_members(people, courage):
    shown = tell(people.member, courage, community=people.open_community)
    kept = tell(people.member, courage, community=people.open_community, audience="community")
    assert readers(shown, people) == EVERYONE
    assert readers(kept, people) == {"Maya", "Connor"}


def test_a_private_communitys_story_is_read_by_its_members_only(people, courage):
    story = tell(people.convenor, courage, community=people.private_community)
    # Not the sponsor, nor the administrator: being able to see a community is not reading it.
    assert readers(story, people) == {"Maya", "Connor"}


def test_a_hidden_story_is_read_by_its_author_and_the_person_it_is_about(people, courage):
    story = tell(people.member, courage, about_person=people.executive)
    services.set_hidden(actor=people.executive, story=story, hidden=True)
    assert readers(story, people) == {"Maya", "Ezra"}

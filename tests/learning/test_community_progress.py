"""A community's progress in aggregate: counts for its sponsor and administrators, no names."""

from __future__ import annotations

from convene.learning import services
from tests.factories import make_community, make_person
from tests.learning.test_knowledge_check import answers_for


def url(community) -> str:
    return f"/learning/communities/{community.slug}/progress/"


def test_the_sponsor_sees_counts_and_percentages_by_module(people, curriculum, client):
    community = people.open_community  # the convenor and the member
    for lesson in (curriculum["domain"], curriculum["periphery"]):
        services.complete_lesson(actor=people.member, lesson=lesson)
    services.start_lesson(actor=people.convenor, lesson=curriculum["plural"])
    client.force_login(people.sponsor)
    page = client.get(url(community)).content.decode()
    assert "2 current members" in page
    assert "<td>1 (50%)</td>\n          <td>1 (50%)</td>" in page  # First steps
    assert "<td>1 (50%)</td>\n          <td>0 (0%)</td>" in page  # Leading together


def test_the_page_names_no_one_and_shows_no_answers(people, curriculum, as_admin):
    lesson = curriculum["domain"]
    services.submit_check(actor=people.member, lesson=lesson, answers=answers_for(lesson))
    page = as_admin.get(url(people.open_community)).content.decode()
    main = page.split('id="main"')[1]
    for name in (people.member.full_name, people.convenor.full_name, "Maya", "Connor"):
        assert name not in main
    assert "The shared repertoire" not in main and "correct" not in main.lower()


def test_people_who_left_are_not_counted(people, curriculum, as_admin):
    from convene.communities.services import leave_community

    services.complete_lesson(actor=people.member, lesson=curriculum["domain"])
    leave_community(actor=people.member, community=people.open_community)
    assert "1 current member" in as_admin.get(url(people.open_community)).content.decode()


def test_members_convenors_outsiders_and_other_sponsors_get_404(people, curriculum, client):
    other = make_community("Elsewhere", sponsor=people.executive, convenor=make_person())
    for person in (people.member, people.convenor, people.outsider, people.executive):
        client.force_login(person)
        assert client.get(url(people.open_community)).status_code == 404
    client.force_login(people.sponsor)
    assert client.get(url(other)).status_code == 404
    assert client.get(url(people.private_community)).status_code == 200


def test_the_community_page_links_to_it_only_for_those_who_may_see_it(people, client):
    link = url(people.open_community)
    for person, shown in [(people.sponsor, True), (people.admin, True), (people.member, False)]:
        client.force_login(person)
        page = client.get(people.open_community.get_absolute_url()).content.decode()
        assert (link in page) is shown, person

"""The charter's pages: the community page shows it, the form refuses bad input, costs stay flat."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from convene.communities import services
from convene.communities.models import CharterVersion, Membership
from convene.reflections.models import SharedReflection
from tests.communities.charter_data import adopted, draft, proposed
from tests.factories import make_person

FORM = "/communities/open-circle/charter/new/"


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_community_page_shows_the_current_charter_near_the_top(people, as_member):
    adopted(
        people.open_community,
        people.convenor,
        purpose="We **learn** together.",
        norms="What is said here stays here.",
        rhythm="Every third Tuesday.",
        offer="Ideas tested at the front line.",
    )
    html = as_member.get("/communities/open-circle/").content.decode()
    assert '<h2 id="charter-heading">Our charter</h2>' in html
    for text in ("We <strong>learn</strong> together.", "What is said here stays here.",
                 "Every third Tuesday.", "Ideas tested at the front line."):  # fmt: skip
        assert text in html
    assert html.index("charter-heading") < html.index("members-heading")
    assert 'href="/communities/open-circle/charter/"' in html


def test_the_community_page_shows_only_the_adopted_version(people, as_member):
    adopted(people.open_community, people.convenor, purpose="Adopted purpose.")
    proposed(people.open_community, people.convenor, purpose="Proposed purpose.")
    html = as_member.get("/communities/open-circle/").content.decode()
    assert "Adopted purpose." in html and "Proposed purpose." not in html


def test_the_community_page_invites_members_to_a_proposal(people, as_member):
    adopted(people.open_community, people.convenor)
    proposed(people.open_community, people.convenor, purpose="Sharper.")
    html = as_member.get("/communities/open-circle/").content.decode()
    assert "Version 2 is proposed." in html and "Read it, comment and endorse" in html


def test_the_community_page_says_when_there_is_no_charter_yet(people, as_member):
    html = as_member.get("/communities/open-circle/").content.decode()
    assert "Open Circle has not adopted a charter yet." in html


def test_the_charter_page_shows_the_proposal_its_endorsers_and_comments(people, as_member):
    version = proposed(people.open_community, people.convenor, purpose="Proposed purpose.")
    services.endorse_charter_version(actor=people.member, version=version)
    services.comment_on_charter_version(actor=people.member, version=version, body="Agreed.")
    html = as_member.get("/communities/open-circle/charter/").content.decode()
    assert "Proposed: version 1" in html
    assert "<strong>1</strong> of 2 members has endorsed version 1." in html
    assert "Maya Member</a></li>" in html
    assert "You have endorsed this version." in html
    assert "Agreed." in html


def add_discussion(version: CharterVersion, count: int) -> None:
    for _ in range(count):
        person = make_person()
        Membership.objects.create(community=version.community, user=person)
        services.endorse_charter_version(actor=person, version=version)
        services.comment_on_charter_version(actor=person, version=version, body="Yes.")


def test_the_charter_page_costs_the_same_for_2_comments_as_for_20(people, as_member):
    adopted(people.open_community, people.convenor)
    version = proposed(people.open_community, people.convenor, purpose="Sharper.")
    add_discussion(version, 2)
    few = queries_for(as_member, "/communities/open-circle/charter/")
    add_discussion(version, 18)
    assert queries_for(as_member, "/communities/open-circle/charter/") == few
    assert queries_for(as_member, "/communities/open-circle/charter/versions/2/") <= 25


def test_the_charter_page_costs_the_same_for_2_versions_as_for_12(people, as_member):
    adopted(people.open_community, people.convenor)
    proposed(people.open_community, people.convenor, purpose="Sharper.")
    few = queries_for(as_member, "/communities/open-circle/charter/")
    for _ in range(9):
        adopted(people.open_community, people.convenor, purpose="Again.")
    proposed(people.open_community, people.convenor, purpose="Sharper still.")
    assert queries_for(as_member, "/communities/open-circle/charter/") == few


def test_the_community_page_costs_one_query_for_the_charter(people, as_member):
    url = "/communities/open-circle/"
    as_member.get(url)  # the first visit issues the reader's feed key
    without = queries_for(as_member, url)
    adopted(people.open_community, people.convenor)
    with_one = queries_for(as_member, url)
    for _ in range(5):
        adopted(people.open_community, people.convenor, purpose="Again.")
    assert with_one == without == queries_for(as_member, url)


def test_administrators_see_a_draft_as_leaders_do_and_are_told_so(people, as_admin, as_member):
    draft(people.open_community, people.convenor, purpose="Next draft.")
    html = as_admin.get("/communities/open-circle/charter/").content.decode()
    assert "Draft: version 1" in html
    assert "Only the community's leaders and administrators see it" in html
    assert "Draft: version 1" not in as_member.get("/communities/open-circle/charter/").text


def test_leaders_see_a_draft_beside_the_proposal_it_would_replace(people, as_convenor, as_member):
    adopted(people.open_community, people.convenor)
    proposed(people.open_community, people.convenor, purpose="Proposal.")
    draft(people.open_community, people.convenor, purpose="Next draft.")
    html = as_convenor.get("/communities/open-circle/charter/").content.decode()
    assert "Proposed: version 2" in html and "Draft: version 3" in html
    assert "proposing it withdraws version 2" in html
    assert (
        "Draft: version 3"
        not in as_member.get("/communities/open-circle/charter/").content.decode()
    )


def test_the_draft_form_saves_a_draft_unless_told_to_propose(people, as_convenor):
    html = as_convenor.get(FORM).content.decode()
    assert '<button type="submit" name="propose" value="on">' in html
    as_convenor.post(FORM, {"purpose": "Just a draft."})
    assert CharterVersion.objects.get().status == CharterVersion.Status.DRAFT


def test_the_draft_form_starts_from_the_latest_version(people, as_convenor):
    adopted(people.open_community, people.convenor, purpose="Adopted.", norms="Kindness first.")
    html = as_convenor.get(FORM).content.decode()
    assert "Kindness first." in html and "The form starts from version 1." in html


def add_members(community, count: int) -> list:
    people = [make_person() for _ in range(count)]
    for person in people:
        Membership.objects.create(community=community, user=person)
    return people


def test_the_draft_form_shows_shared_reflections_by_prompt_without_authors(people, as_convenor):
    add_members(people.open_community, 3)  # five members: enough to keep answers anonymous
    prompts = ["What does community mean for me?", "What do I hope to give?"]
    for number, prompt in enumerate(prompts * 2):
        SharedReflection.objects.create(
            community=people.open_community,
            prompt=prompt,
            body=f"Answer {number}: *belonging*.",
            shared_on=datetime.date(2026, 8 + number, 14),
        )
    SharedReflection.objects.create(
        community=people.private_community, prompt=prompts[0], body="Elsewhere.",
        shared_on=datetime.date(2026, 10, 1),
    )  # fmt: skip
    html = as_convenor.get(FORM).content.decode()
    assert html.count('<h3 id="prompt-') == 2
    assert html.index("Answer 3") < html.index("Answer 1")  # newest month first under each prompt
    assert "<em>belonging</em>" in html and "Elsewhere." not in html
    assert 'Shared in <time datetime="2026-11">November 2026</time>' in html
    assert "14 November" not in html and "2026-11-14" not in html
    assert people.member.full_name not in html


def test_the_draft_form_shows_no_shared_reflections_once_members_leave_below_five(
    people, as_convenor
):
    newcomers = add_members(people.open_community, 3)
    SharedReflection.objects.create(
        community=people.open_community, prompt="What do I hope to give?", body="Time.",
        shared_on=datetime.date(2026, 10, 1),
    )  # fmt: skip
    assert "Time." in as_convenor.get(FORM).content.decode()
    services.leave_community(actor=newcomers[0], community=people.open_community)
    html = as_convenor.get(FORM).content.decode()
    assert "Time." not in html
    assert "They appear only while Open Circle has at least 5 members" in html


@pytest.mark.parametrize(
    ("purpose", "error"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("Nul\x00here", "Null characters are not allowed."),
        ("x" * 5001, "at most 5000 characters"),
    ],
)
def test_bad_input_is_a_form_error_and_writes_nothing(people, as_convenor, purpose, error):
    response = as_convenor.post(FORM, {"purpose": purpose, "propose": "on"})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not CharterVersion.objects.exists()


def test_an_over_long_note_is_a_form_error(people, as_convenor):
    response = as_convenor.post(FORM, {"purpose": "Fine.", "note": "n" * 301})
    assert "at most 300 characters" in response.content.decode()
    assert not CharterVersion.objects.exists()


def test_an_empty_comment_is_refused_and_nothing_written(people, as_member):
    version = proposed(people.open_community, people.convenor)
    url = "/communities/open-circle/charter/versions/1/comments/"
    for body in ("", "\x00", "c" * 5001):
        as_member.post(url, {"body": body})
    assert not version.comments.exists()


def test_a_huge_version_number_is_not_found(people, as_member):
    proposed(people.open_community, people.convenor)
    url = f"/communities/open-circle/charter/versions/{10**25}/"
    assert as_member.get(url).status_code == 404


def test_endorsements_count_only_people_who_still_belong(people, as_convenor, api_as):
    version = proposed(people.open_community, people.convenor)
    (leaver,) = add_members(people.open_community, 1)
    for person in (people.member, leaver):
        services.endorse_charter_version(actor=person, version=version)
    services.leave_community(actor=leaver, community=people.open_community)
    html = as_convenor.get("/communities/open-circle/charter/").content.decode()
    assert "<strong>1</strong> of 2 members has endorsed version 1." in html
    assert leaver.full_name not in html
    api = api_as(people.convenor)
    path = "/api/v1/communities/open-circle/charter/versions/1"
    assert api.get(path).json()["endorsement_count"] == 1
    endorsers = api.get(f"{path}/endorsements").json()["items"]
    assert [row["person"]["handle"] for row in endorsers] == [people.member.handle]

"""Every version of a charter is kept as written, numbered in order, and can be compared."""

from __future__ import annotations

import pytest

from convene.communities.models import CharterVersion
from convene.lib.textdiff import diff_html
from tests.communities.charter_data import adopted, draft, proposed
from tests.conftest import client_for

Status = CharterVersion.Status


def test_versions_are_numbered_from_one_within_each_community(people):
    first = draft(people.open_community, people.convenor)
    second = draft(people.open_community, people.convenor)
    elsewhere = draft(people.private_community, people.convenor)
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)


def test_a_new_version_leaves_the_earlier_ones_as_they_were(people):
    one = adopted(
        people.open_community, people.convenor, purpose="We learn together.", norms="Be kind."
    )
    two = adopted(
        people.open_community, people.convenor, purpose="We lead together.", norms="Be candid."
    )
    one.refresh_from_db()
    assert (one.purpose, one.norms, one.status) == (
        "We learn together.",
        "Be kind.",
        Status.SUPERSEDED,
    )
    assert (two.purpose, two.status) == ("We lead together.", Status.ADOPTED)
    assert CharterVersion.objects.filter(community=people.open_community).count() == 2


def test_drafting_again_withdraws_the_older_draft_and_keeps_it(people):
    first = draft(people.open_community, people.convenor, purpose="First thoughts.")
    second = draft(people.open_community, people.convenor, purpose="Second thoughts.")
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN and first.purpose == "First thoughts."
    assert second.status == Status.DRAFT and second.number == 2


def test_a_proposal_stays_open_while_its_successor_is_drafted(people):
    first = proposed(people.open_community, people.convenor, purpose="Under discussion.")
    draft(people.open_community, people.convenor, purpose="Revised.")
    first.refresh_from_db()
    assert first.status == Status.PROPOSED


def test_proposing_withdraws_the_proposal_it_replaces(people):
    first = proposed(people.open_community, people.convenor, purpose="Under discussion.")
    second = proposed(people.open_community, people.convenor, purpose="Revised.")
    first.refresh_from_db()
    assert (first.status, second.status) == (Status.WITHDRAWN, Status.PROPOSED)
    assert first.proposed_at is not None  # it stays in the history members see


def test_markdown_is_rendered_safely(people):
    version = draft(people.open_community, people.convenor, purpose="We *meet*.<script>x</script>")
    assert "<em>meet</em>" in version.purpose_html
    assert "<script>" not in version.purpose_html


def test_the_difference_marks_insertions_and_deletions():
    html = diff_html("We meet every three weeks.", "We meet monthly.")
    assert "We meet " in html
    assert "<del>" in html and "every three weeks." in html
    assert "<ins>" in html and "monthly." in html
    assert '<span class="visually-hidden">[added: </span>' in html


def test_an_added_line_is_marked_as_a_whole_line():
    html = diff_html("- Listen.\n- Turn up.", "- Listen.\n- Disagree openly.\n- Turn up.")
    assert html.startswith("- Listen.\n<ins>")
    assert "- Disagree openly.\n" in html and html.endswith("</ins>- Turn up.")
    assert "<del>" not in html


def test_the_difference_escapes_what_people_wrote():
    html = diff_html("<b>old</b>", "<img src=x onerror=alert(1)>")
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img" in html


def test_the_compare_page_shows_changes_field_by_field(people, as_member):
    adopted(people.open_community, people.convenor, purpose="We learn together.", rhythm="Monthly.")
    proposed(
        people.open_community, people.convenor, purpose="We learn together.", rhythm="Fortnightly."
    )
    response = as_member.get("/communities/open-circle/charter/compare/", {"from": 1, "to": 2})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="diff-1">Purpose <span class="badge">No change</span></h2>' in html
    assert 'Monthly.<span class="visually-hidden">]</span></del>' in html
    assert 'Fortnightly.<span class="visually-hidden">]</span></ins>' in html


def test_the_compare_page_starts_with_the_two_latest_versions(people, as_member):
    adopted(people.open_community, people.convenor, purpose="Old purpose.")
    proposed(people.open_community, people.convenor, purpose="New purpose.")
    html = as_member.get("/communities/open-circle/charter/compare/").content.decode()
    assert "<del>" in html and "<ins>" in html


@pytest.mark.parametrize("query", [{"from": "x", "to": 1}, {"from": 1, "to": 9}, {"from": 1}])
def test_comparing_versions_that_do_not_exist_is_a_clear_error(people, as_member, query):
    adopted(people.open_community, people.convenor)
    proposed(people.open_community, people.convenor, purpose="Changed.")
    response = as_member.get("/communities/open-circle/charter/compare/", query)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()


def test_members_do_not_see_drafts_in_the_history_or_the_comparison(people, as_member):
    adopted(people.open_community, people.convenor, purpose="Public purpose.")
    draft(people.open_community, people.convenor, purpose="Secret draft.")
    assert "Secret draft" not in as_member.get("/communities/open-circle/charter/").content.decode()
    assert as_member.get("/communities/open-circle/charter/versions/2/").status_code == 404
    response = as_member.get("/communities/open-circle/charter/compare/", {"from": 1, "to": 2})
    assert response.status_code == 400
    leader_page = client_for(people.convenor).get("/communities/open-circle/charter/")
    assert "Draft: version 2" in leader_page.content.decode()


def test_the_compare_page_names_the_two_versions_plainly(people, as_member):
    adopted(people.open_community, people.convenor, purpose="Old purpose.")
    proposed(people.open_community, people.convenor, purpose="New purpose.")
    html = as_member.get("/communities/open-circle/charter/compare/", {"from": 1, "to": 2}).text
    assert "<h1>Changes from version 1 to version 2</h1>" in html
    assert "Words added in version 2 are <ins>underlined</ins>" in html


def test_versions_that_differ_only_in_line_endings_show_no_change(people, as_member):
    # Versions saved before text was cleaned of \r\n kept the browser's line endings.
    for number, purpose in enumerate(["We learn.\r\nTogether.", "We learn.\nTogether."], 1):
        CharterVersion.objects.create(
            community=people.open_community,
            number=number,
            purpose=purpose,
            author=people.convenor,
            status=Status.SUPERSEDED if number == 1 else Status.ADOPTED,
            proposed_at=people.open_community.created_at,
        )
    html = as_member.get("/communities/open-circle/charter/compare/", {"from": 1, "to": 2}).text
    assert '<h2 id="diff-1">Purpose <span class="badge">No change</span></h2>' in html
    assert "<ins>" not in html.split('id="diff-1"')[1]
